/**
 * The Docker socket proxy: an HTTP server in front of the Docker daemon's socket that forwards only the calls
 * the platform's Docker runtime makes (policy.ts), on objects labelled as the platform's, and refuses the rest
 * with 403 and a Docker-style `{ "message": ... }` body. Streams (logs, stats, events) and hijacked
 * connections (attach, exec) are piped through unchanged once allowed.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import {
  checkContainerCreate,
  checkNetworkCreate,
  decide,
  ownedBy,
  type Route,
  withOwnerFilter,
} from './policy';

export interface SocketProxyOptions {
  /** upstreamSocket is the daemon's socket, e.g. /var/run/docker.sock. */
  upstreamSocket: string;
  /** dataRoots are the only host directories containers may bind (the platform's DATA_DIR). */
  dataRoots: string[];
  /** maxBodyBytes bounds create bodies, which are read to be checked (default 1 MiB). */
  maxBodyBytes?: number;
  /** log receives one object per refused call. */
  log?: (entry: { method: string; path: string; reason: string }) => void;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface UpstreamAnswer {
  status: number;
  json: unknown;
}

/** createSocketProxy returns the proxy's HTTP server (not listening yet). */
export function createSocketProxy(options: SocketProxyOptions): http.Server {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const dataRoots = options.dataRoots.map((root) => root.replace(/\/+$/, '') || '/');

  const upstreamJson = (method: string, path: string): Promise<UpstreamAnswer> =>
    new Promise((resolve, reject) => {
      const req = http.request({ socketPath: options.upstreamSocket, method, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 502, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  const requireContainer = async (id: string): Promise<void> => {
    const answer = await upstreamJson('GET', `/containers/${encodeURIComponent(id)}/json`);
    if (answer.status === 404) throw new Refusal(404, `No such container: ${id}`);
    const labels = (answer.json as { Config?: { Labels?: Record<string, string> } } | undefined)?.Config
      ?.Labels;
    if (answer.status !== 200 || !ownedBy(labels)) {
      throw new Refusal(403, `container ${id} does not belong to the Atelier platform`);
    }
  };
  const requireNetwork = async (id: string): Promise<void> => {
    const answer = await upstreamJson('GET', `/networks/${encodeURIComponent(id)}`);
    if (answer.status === 404) throw new Refusal(404, `network ${id} not found`);
    const labels = (answer.json as { Labels?: Record<string, string> } | undefined)?.Labels;
    if (answer.status !== 200 || !ownedBy(labels)) {
      throw new Refusal(403, `network ${id} does not belong to the Atelier platform`);
    }
  };
  const requireExec = async (id: string): Promise<void> => {
    const answer = await upstreamJson('GET', `/exec/${encodeURIComponent(id)}/json`);
    if (answer.status === 404) throw new Refusal(404, `No such exec instance: ${id}`);
    const containerId = (answer.json as { ContainerID?: string } | undefined)?.ContainerID;
    if (!containerId) throw new Refusal(403, `exec ${id} does not belong to the Atelier platform`);
    await requireContainer(containerId);
  };

  const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          reject(new Refusal(413, `request body larger than ${maxBody} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const parseJson = (body: Buffer): unknown => {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new Refusal(400, 'the request body is not valid JSON');
    }
  };

  /** authorize checks ownership for a route; returns the body to send when it had to be read. */
  const authorize = async (
    route: Route,
    req: http.IncomingMessage | undefined,
  ): Promise<Buffer | undefined> => {
    switch (route.kind) {
      case 'pass':
      case 'filtered':
        return undefined;
      case 'container':
        await requireContainer(route.id);
        return undefined;
      case 'exec':
        await requireExec(route.id);
        return undefined;
      case 'network':
        await requireNetwork(route.id);
        return undefined;
      case 'container-create': {
        const body = await readBody(req!);
        const check = checkContainerCreate(parseJson(body), dataRoots);
        if (check.violations.length > 0) throw new Refusal(403, check.violations.join('; '));
        for (const id of check.containers) await requireContainer(id);
        for (const id of check.networks) await requireNetwork(id);
        return body;
      }
      case 'network-create': {
        const body = await readBody(req!);
        const violations = checkNetworkCreate(parseJson(body));
        if (violations.length > 0) throw new Refusal(403, violations.join('; '));
        return body;
      }
    }
  };

  const targetPath = (route: Route, url: URL): string => {
    const search = route.kind === 'filtered' ? withOwnerFilter(url.searchParams) : url.searchParams;
    const query = search.toString();
    return query ? `${url.pathname}?${query}` : url.pathname;
  };

  const refuse = (
    res: http.ServerResponse,
    method: string,
    path: string,
    status: number,
    message: string,
  ) => {
    if (status === 403) options.log?.({ method, path, reason: message });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `atelier socket proxy: ${message}` }));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://docker.invalid');
    const method = req.method ?? 'GET';
    const decision = decide(method, url.pathname);
    if (!decision.allowed) {
      refuse(res, method, url.pathname, 403, decision.reason);
      return;
    }
    const route = decision.route;
    authorize(route, req)
      .then((body) => {
        const headers = { ...req.headers };
        if (body) headers['content-length'] = String(body.length);
        delete headers['transfer-encoding'];
        const upstream = http.request(
          {
            socketPath: options.upstreamSocket,
            method,
            path: targetPath(route, url),
            headers: body ? headers : req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            // Long-lived streams (events, logs --follow) send headers long before their first chunk.
            res.flushHeaders();
            answer.pipe(res);
          },
        );
        upstream.on('error', (err) =>
          refuse(res, method, url.pathname, 502, `Docker daemon unreachable: ${err.message}`),
        );
        res.on('close', () => upstream.destroy());
        if (body) upstream.end(body);
        else req.pipe(upstream);
      })
      .catch((err: unknown) => {
        const status = err instanceof Refusal ? err.status : 502;
        refuse(res, method, url.pathname, status, (err as Error).message);
      });
  });

  // Attach and exec start hijack the connection (`Upgrade: tcp`): check, then splice the two sockets.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://docker.invalid');
    const method = req.method ?? 'POST';
    const decision = decide(method, url.pathname);
    const fail = (status: number, message: string) => {
      if (status === 403) options.log?.({ method, path: url.pathname, reason: message });
      const body = JSON.stringify({ message: `atelier socket proxy: ${message}` });
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    if (!decision.allowed) return fail(403, decision.reason);
    if (decision.route.kind !== 'container' && decision.route.kind !== 'exec') {
      return fail(403, `${method} ${url.pathname} cannot be upgraded`);
    }
    const route = decision.route;
    authorize(route, undefined)
      .then(() => {
        const upstream = net.connect(options.upstreamSocket);
        upstream.on('connect', () => {
          const lines = [`${method} ${targetPath(route, url)} HTTP/1.1`];
          for (let i = 0; i < req.rawHeaders.length; i += 2)
            lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
          upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
          if (head.length > 0) upstream.write(head);
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
        socket.on('close', () => upstream.destroy());
      })
      .catch((err: unknown) => fail(err instanceof Refusal ? err.status : 502, (err as Error).message));
  });
  return server;
}
