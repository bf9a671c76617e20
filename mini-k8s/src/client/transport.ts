/**
 * A Transport sends one HTTP request to an API server and returns its response (body streamed). The
 * in-process transport calls the API server's `fetch` directly (no socket: many clusters live in one process);
 * the HTTPS transport reaches a remote server with its CA and bearer token, like a kubeconfig does.
 */
import https from 'node:https';
import { Readable } from 'node:stream';
import { isCarried, requestBytes, type BodyCarrier } from '../machinery/carried-body';
import { sharedTurns, type TurnScheduler } from './turn-scheduler';

/** Transport sends a request; one that `carriesBodies` is given requests whose body travels beside them. */
export type Transport = ((request: Request) => Promise<Response>) & BodyCarrier;

/** InProcessTransportOptions tune how an in-process transport shares the event loop. */
export interface InProcessTransportOptions {
  /** A learner's own commands (the built-in shell): they go before the clusters' background work. */
  urgent?: boolean;
  /** The scheduler of request starts (default: the one shared by the whole process). */
  turns?: TurnScheduler;
}

/**
 * inProcessTransport wraps an API server's fetch handler, adding the bearer token. Each request first
 * waits for its turn of the event loop, as a request over a socket would. Why: without a socket, a
 * component's chain of requests (a controller's reconcile, a kubelet's sync, a cluster's start-up) runs
 * as one unbroken stream of microtasks; with many clusters in one process, a burst in one cluster then
 * starved the HTTP server and every timer for seconds. The TurnScheduler also bounds how much of that
 * work one turn of the loop runs, so I/O is served every few milliseconds (see turn-scheduler.ts).
 */
export function inProcessTransport(
  fetchHandler: (request: Request) => Promise<Response>,
  token?: string,
  options: InProcessTransportOptions = {},
): Transport {
  const turns = options.turns ?? sharedTurns;
  const urgent = options.urgent ?? false;
  const transport: Transport = async (request) => {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    await turns.turn(urgent);
    return fetchHandler(request);
  };
  // The API server reads carried bodies (carried-body.ts): no web stream per request.
  transport.carriesBodies = true;
  return transport;
}

/** HttpsTransportOptions describe a remote cluster as a kubeconfig does. */
export interface HttpsTransportOptions {
  /** PEM CA certificate(s) that signed the server certificate. */
  ca?: string;
  token?: string;
  /** PEM client certificate and key (kubeconfig `client-certificate-data` / `client-key-data`). */
  cert?: string;
  key?: string;
  /** For tests only: accept any server certificate. */
  insecureSkipTlsVerify?: boolean;
}

/** httpsTransport sends requests with node:https (global fetch cannot take a custom CA without extra packages). */
export function httpsTransport(options: HttpsTransportOptions): Transport {
  const agent = new https.Agent({
    ca: options.ca,
    ...(options.cert && options.key ? { cert: options.cert, key: options.key } : {}),
    rejectUnauthorized: !options.insecureSkipTlsVerify,
    keepAlive: true,
  });
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const bytes = isCarried(request) || request.body ? await requestBytes(request) : undefined;
    const body = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(
        url,
        { method: request.method, headers, agent, signal: request.signal },
        (res) => {
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
            else if (value !== undefined) responseHeaders.set(key, value);
          }
          const stream = Readable.toWeb(res) as ReadableStream<Uint8Array>;
          resolve(new Response(stream, { status: res.statusCode ?? 500, headers: responseHeaders }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
