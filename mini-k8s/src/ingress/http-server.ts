/**
 * The ingress controller's HTTP port as a real server, for runtimes whose pods are real containers: the
 * Docker runtime DNATs the ingress-nginx controller pod's port 80 (ingress-nginx-controller Service,
 * ClusterIP or LoadBalancer IP) to this server, bound on the sandbox network's gateway like the cluster
 * DNS. Each request is handed to `IngressController.serve` (routing.ts), which proxies to the backend
 * through the cluster network (kube-proxy's choice, then the pod's real address).
 * Request bodies are limited (413 beyond), answers are nginx's error pages when routing fails.
 */
import http from 'node:http';
import type { SimHttpRequest, SimHttpResponse } from '../kubelet/runtime/network';
import { nginxPage } from './routing';

export interface IngressHttpServerOptions {
  host: string;
  /** port to bind (default 0: any free port; the rules redirect the controller pod's port 80 there). */
  port?: number;
  /** serve answers a request arriving on the controller's `port` (80); undefined: nothing listens. */
  serve: (port: number, request: SimHttpRequest) => Promise<SimHttpResponse | undefined>;
  /** maxBodyBytes of a request body (default 1 MiB, ingress-nginx's `client_max_body_size`). */
  maxBodyBytes?: number;
  onError?: (err: unknown) => void;
}

export interface IngressHttpServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** HOP_BY_HOP headers are the connection's own, never copied from the backend's answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

function send(
  res: http.ServerResponse,
  status: number,
  statusText: string,
  headers: Record<string, string>,
  body: Uint8Array | string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (!HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  out['content-length'] = String(bytes.length);
  res.writeHead(status, statusText, out);
  res.end(bytes);
}

function errorPage(res: http.ServerResponse, status: number, statusText: string): void {
  send(res, status, statusText, { 'content-type': 'text/html' }, nginxPage(status, statusText));
}

/** startIngressHttpServer binds the controller's HTTP port on `host`. */
export async function startIngressHttpServer(options: IngressHttpServerOptions): Promise<IngressHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) {
        errorPage(res, 413, 'Request Entity Too Large');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      headers.host ??= options.host;
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
      options
        .serve(80, {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers,
          body,
          clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          scheme: 'http',
        })
        .then(
          (response) => {
            if (!response) errorPage(res, 502, 'Bad Gateway');
            else
              send(
                res,
                response.status,
                response.statusText,
                response.headers,
                response.rawBody ?? response.body,
              );
          },
          (err: unknown) => {
            options.onError?.(err);
            errorPage(res, 500, 'Internal Server Error');
          },
        );
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: options.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
