/**
 * createRouter is the thin routing layer in front of the platform's replicas: an HTTP and WebSocket reverse
 * proxy that sends every request about a learner (and their sandbox) to the replica owning that learner on
 * the hash ring, and any other request to the next replica in turn. It keeps no state of its own besides
 * a cache of sandbox → learner, so several routers can run side by side.
 *
 * When the owner of a learner is down the learner gets a French 502 (their sandbox lives there: another
 * replica could not serve it); requests not pinned to a learner fall over to the next replica.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { SandboxDirectory } from './directory';
import { BODY_LIMIT, placeFirstSandbox } from './first-sandbox';
import { HashRing } from './hash-ring';
import { routingKeyOf } from './routing-key';

export interface RouterOptions {
  /** Replica base URLs (`http://atelier-0.atelier:8080`), in a fixed order shared by every router. */
  replicas: readonly string[];
  directory: SandboxDirectory;
  log?: (entry: Record<string, unknown>) => void;
}

/** HOP_HEADERS are connection-scoped (RFC 9110 §7.6.1) and never forwarded (except upgrades, below). */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const REPLICA_DOWN = JSON.stringify({
  error: 'replica_unavailable',
  message:
    'Le serveur qui héberge votre sandbox ne répond pas pour le moment : vos données sont conservées. Réessayez dans quelques secondes ; si cela dure, prévenez la personne qui anime l’atelier.',
});

const REQUEST_TOO_LARGE = JSON.stringify({
  error: 'body_too_large',
  message: 'La requête est trop volumineuse.',
});

export interface Router {
  server: http.Server;
  ring: HashRing;
  /** targetOf returns the replica a request goes to first (tests, logs). */
  targetOf(
    url: string,
    cookie: string | undefined,
    authorization?: string,
  ): Promise<{ replica: string; pinned: boolean }>;
}

export function createRouter(options: RouterOptions): Router {
  const ring = new HashRing(options.replicas);
  const log = options.log ?? (() => undefined);
  let turn = 0;

  const targetOf = async (url: string, cookie: string | undefined, authorization?: string) => {
    const key = routingKeyOf(url, cookie, authorization);
    let learner: string | undefined;
    if (key.kind === 'learner') learner = key.id;
    if (key.kind === 'sandbox') learner = await options.directory.learnerOf(key.id);
    if (learner) return { replica: ring.owner(learner), pinned: true };
    turn = (turn + 1) % options.replicas.length;
    return { replica: options.replicas[turn], pinned: false };
  };

  /** candidates lists the replicas to try in order: the owner only when pinned, else every replica. */
  const candidates = (first: string, pinned: boolean): string[] => {
    if (pinned) return [first];
    const i = options.replicas.indexOf(first);
    return [...options.replicas.slice(i), ...options.replicas.slice(0, i)];
  };

  const forwardedHeaders = (req: http.IncomingMessage, keepUpgrade: boolean): http.OutgoingHttpHeaders => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (HOP_HEADERS.has(name) && !(keepUpgrade && (name === 'connection' || name === 'upgrade'))) continue;
      headers[name] = value;
    }
    const remote = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${String(prior)}, ${remote}` : remote;
    headers['x-forwarded-proto'] ??= 'encrypted' in req.socket ? 'https' : 'http';
    if (req.headers.host) headers['x-forwarded-host'] ??= req.headers.host;
    return headers;
  };

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let target: { replica: string; pinned: boolean };
    try {
      target = await targetOf(req.url ?? '/', req.headers.cookie, req.headers.authorization);
    } catch (err) {
      log({ level: 'error', msg: 'sandbox directory unavailable', err: String(err) });
      return answer(res, 503, REPLICA_DOWN);
    }
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/api/sandboxes' && !target.pinned) {
      return firstSandbox(req, res, target.replica);
    }
    // A body can be sent once: only body-less requests are retried on another replica.
    const replayable = req.method === 'GET' || req.method === 'HEAD';
    const order = candidates(target.replica, target.pinned || !replayable);
    const attempt = (index: number): void => {
      const replica = order[index];
      const url = new URL(req.url ?? '/', replica);
      const upstream = http.request(url, {
        method: req.method,
        headers: forwardedHeaders(req, false),
      });
      upstream.on('response', (answerRes) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answerRes.headers)) {
          if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
        }
        res.writeHead(answerRes.statusCode ?? 502, answerRes.statusMessage, headers);
        // Flush headers at once: watches and server-sent events stream for minutes.
        res.flushHeaders();
        answerRes.pipe(res);
        res.on('close', () => answerRes.destroy());
      });
      upstream.on('error', (err) => {
        if (res.headersSent) return res.destroy();
        log({ level: 'warn', msg: 'replica unreachable', replica, err: String(err) });
        if (index + 1 < order.length) return attempt(index + 1);
        answer(res, 502, REPLICA_DOWN);
      });
      req.on('aborted', () => upstream.destroy());
      if (index === 0) req.pipe(upstream);
      else upstream.end();
    };
    attempt(0);
  };

  /** firstSandbox places a cookie-less learner's first sandbox on the learner's replica (first-sandbox.ts). */
  const firstSandbox = async (req: http.IncomingMessage, res: http.ServerResponse, first: string) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > BODY_LIMIT) return answer(res, 413, REQUEST_TOO_LARGE);
      chunks.push(chunk);
    }
    try {
      const placed = await placeFirstSandbox({
        first,
        ownerOf: (learner) => ring.owner(learner),
        path: req.url ?? '/api/sandboxes',
        headers: forwardedHeaders(req, false),
        body: Buffer.concat(chunks),
      });
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(placed.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name) && name !== 'content-length') headers[name] = value;
      }
      res.writeHead(placed.status, { ...headers, 'content-length': String(placed.body.length) });
      res.end(placed.body);
    } catch (err) {
      log({ level: 'warn', msg: 'replica unreachable (first sandbox)', err: String(err) });
      answer(res, 502, REPLICA_DOWN);
    }
  };

  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let replica: string;
    try {
      replica = (await targetOf(req.url ?? '/', req.headers.cookie, req.headers.authorization)).replica;
    } catch {
      return refuse(socket, 503);
    }
    const upstream = http.request(new URL(req.url ?? '/', replica), {
      method: req.method,
      headers: forwardedHeaders(req, true),
    });
    upstream.on('upgrade', (answerRes, upstreamSocket, upstreamHead) => {
      const lines = [`HTTP/1.1 ${answerRes.statusCode} ${answerRes.statusMessage}`];
      for (let i = 0; i < answerRes.rawHeaders.length; i += 2) {
        lines.push(`${answerRes.rawHeaders[i]}: ${answerRes.rawHeaders[i + 1]}`);
      }
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    // The replica refused the upgrade (401, 403, 404…): pass its answer on as is.
    upstream.on('response', (answerRes) => {
      const lines = [`HTTP/1.1 ${answerRes.statusCode} ${answerRes.statusMessage}`];
      for (let i = 0; i < answerRes.rawHeaders.length; i += 2) {
        const name = answerRes.rawHeaders[i];
        if (!HOP_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${answerRes.rawHeaders[i + 1]}`);
      }
      lines.push('Connection: close');
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      answerRes.pipe(socket);
    });
    upstream.on('error', (err) => {
      log({ level: 'warn', msg: 'replica unreachable (upgrade)', replica, err: String(err) });
      refuse(socket, 502);
    });
    upstream.end();
  };

  const server = http.createServer((req, res) => void onRequest(req, res));
  server.on(
    'upgrade',
    (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head),
  );
  return { server, ring, targetOf };
}

function answer(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
  res.end(body);
}

function refuse(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const body = Buffer.from(REPLICA_DOWN);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${REPLICA_DOWN}`,
  );
}
