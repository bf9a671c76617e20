/**
 * Streaming relay to a real container (Docker runtime): once the cluster network has chosen the pod
 * (`NetworkResolver.realTarget`: kube-proxy, NetworkPolicy), the request body is piped to it and the answer
 * piped back as it comes, within limits — the request body is cut at the platform's body limit, the
 * answer at MAX_RESPONSE_BYTES, and a pod that sends no headers within HEADERS_TIMEOUT_MS times out.
 */
import http from 'node:http';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { NetworkError } from '../../../mini-k8s/src/kubelet/runtime/network';

/** MAX_RESPONSE_BYTES is the most one streamed answer may carry (a download of a lesson's size). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** HEADERS_TIMEOUT_MS is how long the pod may take to start answering. */
export const HEADERS_TIMEOUT_MS = 30_000;

/** limit fails the stream once more than `max` bytes went through. */
function limit(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new Error(`${what} larger than ${max} bytes`));
      else callback(null, chunk);
    },
  });
}

export interface StreamedAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
}

/** relay sends one request to `ip:port` and returns the answer with its body still streaming. */
export function relay(
  target: { ip: string; port: number },
  request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: ReadableStream<Uint8Array> | null;
    maxBodyBytes: number;
  },
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.ip,
      port: target.port,
      method: request.method,
      path: request.path,
      headers: request.headers,
      agent: false,
    });
    req.setTimeout(HEADERS_TIMEOUT_MS, () =>
      req.destroy(
        new NetworkError(
          'ETIMEDOUT',
          `connect to ${target.ip} port ${target.port} failed: Connection timed out`,
        ),
      ),
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof NetworkError) reject(err);
      else if (err.code === 'ECONNREFUSED')
        reject(
          new NetworkError(
            'ECONNREFUSED',
            `connect to ${target.ip} port ${target.port} failed: Connection refused`,
          ),
        );
      else
        reject(
          new NetworkError('ETIMEDOUT', `connect to ${target.ip} port ${target.port} failed: ${err.message}`),
        );
    });
    req.on('response', (res) => {
      req.setTimeout(0);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const limited = res.pipe(limit(MAX_RESPONSE_BYTES, 'answer'));
      res.on('error', (err) => limited.destroy(err));
      resolve({
        status: res.statusCode ?? 502,
        statusText: res.statusMessage ?? '',
        headers,
        body: Readable.toWeb(limited) as unknown as ReadableStream<Uint8Array>,
      });
    });
    if (!request.body) {
      req.end();
      return;
    }
    const upload = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>).pipe(
      limit(request.maxBodyBytes, 'request body'),
    );
    upload.on('error', (err) => req.destroy(err));
    upload.pipe(req);
  });
}
