/**
 * rawRequest sends one HTTPS request to a test cluster exactly as given: no URL normalisation (unlike
 * fetch, `..` and `%2F` reach the server untouched), any body bytes, any headers. It is the client of the
 * malformed-request suite, so it must never throw on a server error: only a hang (timeout) or a refused
 * connection rejects.
 */
import { request } from 'node:https';
import type { RunningCluster } from '../../src/cmd/up';

/** RawResponse is what the server answered. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** json is the parsed body, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
}

/** RawRequest describes one request; `contentType` defaults to application/json. */
export interface RawRequest {
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** rawRequest sends `req` with the cluster's admin token and resolves with the whole response. */
export function rawRequest(cluster: RunningCluster, req: RawRequest): Promise<RawResponse> {
  // Node frames DELETE (and GET) bodies only when told their length: without it the body would be
  // read by the server as the start of a second request.
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  return new Promise((resolve, reject) => {
    const url = new URL(cluster.url);
    const timeoutMs = req.timeoutMs ?? 10_000;
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        ca: cluster.caPem,
        headers: {
          authorization: `Bearer ${cluster.adminToken}`,
          'content-type': req.contentType ?? 'application/json',
          accept: 'application/json',
          ...(body !== undefined ? { 'content-length': String(body.byteLength) } : {}),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            const parsed: unknown = JSON.parse(text);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
              json = parsed as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new Error(`${req.method} ${req.path}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      // The server may answer 413 and close before the whole body is sent: the response still arrives.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return;
      clearTimeout(timer);
      reject(err);
    });
    outgoing.end(body);
  });
}

/** REASONS maps the HTTP codes the apiserver uses for failures to the Status reason it sends with them. */
export const REASONS: Record<number, string[]> = {
  400: ['BadRequest'],
  401: ['Unauthorized'],
  403: ['Forbidden'],
  404: ['NotFound'],
  405: ['MethodNotAllowed'],
  406: ['NotAcceptable'],
  409: ['Conflict', 'AlreadyExists'],
  410: ['Expired', 'Gone'],
  413: ['RequestEntityTooLarge'],
  415: ['UnsupportedMediaType'],
  422: ['Invalid'],
  429: ['TooManyRequests'],
};
