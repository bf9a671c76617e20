/**
 * Forwarding of the questions outside the cluster zone, as CoreDNS' `forward . /etc/resolv.conf` does: the
 * query goes unchanged (same id, same flags) over UDP to each upstream in turn until one answers; the
 * answer is relayed as it came. When no upstream is configured (a sandbox without outside access) or none
 * answers in time, the server answers SERVFAIL, which is what CoreDNS replies after its upstreams failed.
 */
import dgram from 'node:dgram';
import { getServers } from 'node:dns';
import net from 'node:net';

/** Upstream is one resolver the cluster DNS forwards to (port 53 by default). */
export interface Upstream {
  host: string;
  port?: number;
}

/** DEFAULT_UPSTREAM_TIMEOUT_MS is how long one upstream may take (CoreDNS' forward waits up to 2 s too). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 2000;

/** askUpstream sends `message` to one upstream and resolves with its reply, or undefined on timeout/error. */
function askUpstream(message: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(upstream.host) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (reply: Buffer | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (reply) => {
      // Why: only the reply to this query (same id) counts; a stray datagram is ignored.
      if (reply.length >= 12 && reply.readUInt16BE(0) === message.readUInt16BE(0)) finish(reply);
    });
    socket.send(message, upstream.port ?? 53, upstream.host, (err) => {
      if (err) finish(undefined);
    });
  });
}

/** forwardQuery asks the upstreams in order; undefined when none answered within `timeoutMs` each. */
export async function forwardQuery(
  message: Buffer,
  upstreams: readonly Upstream[],
  timeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS,
): Promise<Buffer | undefined> {
  if (message.length < 12) return undefined;
  for (const upstream of upstreams) {
    const reply = await askUpstream(message, upstream, timeoutMs);
    if (reply) return reply;
  }
  return undefined;
}

/**
 * systemUpstreams are the nameservers of this machine's /etc/resolv.conf (as Node reads them): what
 * `forward . /etc/resolv.conf` uses on a node. For sandboxes that are allowed outside access.
 */
export function systemUpstreams(): Upstream[] {
  return getServers().map((server) => {
    const bracketed = /^\[(.+)\]:(\d+)$/.exec(server);
    if (bracketed) return { host: bracketed[1], port: Number(bracketed[2]) };
    const withPort = /^([\d.]+):(\d+)$/.exec(server);
    if (withPort) return { host: withPort[1], port: Number(withPort[2]) };
    return { host: server };
  });
}
