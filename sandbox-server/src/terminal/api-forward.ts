/**
 * ApiForwarder gives a sandbox's Docker network a way to the platform's Kubernetes API: a TCP listener on
 * the network's gateway address (the host's side of the bridge, reachable from the sandbox's containers
 * even on an `internal` network) that pipes every connection, still TLS-encrypted end to end, to the
 * platform's HTTPS port. kubectl in the toolbox thus talks to `https://<gateway>:6443/k8s/<id>` exactly as
 * the learner's own kubectl does: the same TLS certificate, token, quotas and rate limits.
 *
 * Why a listener per sandbox rather than the HTTPS port itself: the platform may listen on loopback only,
 * and each sandbox network has its own gateway address; a listener bound to that address is reachable from
 * that network alone (other sandboxes' networks are isolated from it by Docker's rules).
 */
import net from 'node:net';

/** API_PORT is the port the forward prefers, kube-apiserver's usual secure port. */
export const API_PORT = 6443;

/** Forward is one sandbox's listener. */
export interface Forward {
  host: string;
  port: number;
}

interface Entry {
  server: net.Server;
  forward: Forward;
  sockets: Set<net.Socket>;
}

export class ApiForwarder {
  private readonly entries = new Map<string, Promise<Entry>>();

  /**
   * @param target returns where connections go (the platform's HTTPS listener), read at each connection
   *   so a listener started before the HTTPS port is known still reaches it.
   */
  constructor(private readonly target: () => { host: string; port: number }) {}

  /**
   * ensure listens on `host` for the sandbox (API_PORT when free, else any port) and returns the address;
   * an existing listener on the same host is reused, one on another host (a network created again) replaced.
   */
  async ensure(sandboxId: string, host: string): Promise<Forward> {
    const existing = this.entries.get(sandboxId);
    if (existing) {
      const entry = await existing.catch(() => undefined);
      if (entry?.forward.host === host) return entry.forward;
      await this.close(sandboxId);
    }
    const pending = this.listen(host);
    this.entries.set(sandboxId, pending);
    pending.catch(() => {
      if (this.entries.get(sandboxId) === pending) this.entries.delete(sandboxId);
    });
    return (await pending).forward;
  }

  /** close stops the sandbox's listener and its open connections. */
  async close(sandboxId: string): Promise<void> {
    const pending = this.entries.get(sandboxId);
    if (!pending) return;
    this.entries.delete(sandboxId);
    const entry = await pending.catch(() => undefined);
    if (!entry) return;
    for (const socket of entry.sockets) socket.destroy();
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }

  /** closeAll stops every listener (server stop). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  /** listening is the number of sandboxes with a listener. */
  get listening(): number {
    return this.entries.size;
  }

  private async listen(host: string): Promise<Entry> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      const { host: targetHost, port } = this.target();
      const upstream = net.connect({ host: targetHost, port });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        // Either side failing ends both: kubectl sees a closed connection and retries or reports it.
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    const bind = (port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    try {
      await bind(API_PORT);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      await bind(0);
    }
    const address = server.address() as net.AddressInfo;
    return { server, sockets, forward: { host, port: address.port } };
  }
}
