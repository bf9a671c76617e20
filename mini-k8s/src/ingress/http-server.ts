/**
 * The ingress controller's HTTP port as a real server, for runtimes whose pods are real containers: the
 * Docker runtime DNATs the ingress-nginx controller pod's port 80 (ingress-nginx-controller Service,
 * ClusterIP or LoadBalancer IP) to this server, bound on the sandbox network's gateway like the cluster
 * DNS. Each request is handed to `IngressController.serve` (routing.ts), which proxies to the backend
 * through the cluster network (kube-proxy's choice, then the pod's real address).
 * With `tls` the same server speaks HTTPS for the controller's port 443: the certificate is chosen by SNI
 * from the Ingresses' TLS Secrets (`certificateFor`), else the controller's default fake certificate.
 * Request bodies are limited (413 beyond), answers are nginx's error pages when routing fails.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
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
  /** tls makes this the HTTPS port (443): SNI picks `certificateFor(name)`, else `defaultCertificate`. */
  tls?: {
    defaultCertificate: { cert: string; key: string };
    certificateFor: (serverName: string) => { cert: string; key: string } | undefined;
  };
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

/**
 * CLIENT_COMPATIBLE_CIPHERS lowers OpenSSL's security level to 0: busybox's wget (the course's client
 * image) only offers SHA-1 signature algorithms, which OpenSSL 3 refuses from level 1 on (measured:
 * "no suitable signature algorithm" / "no shared cipher"). The server only faces the sandbox's own pods.
 */
const CLIENT_COMPATIBLE_CIPHERS = 'DEFAULT:@SECLEVEL=0';

/** tlsOptions picks the certificate per SNI name, caching one secure context per certificate. */
function tlsOptions(config: NonNullable<IngressHttpServerOptions['tls']>): https.ServerOptions {
  const contexts = new Map<string, tls.SecureContext>();
  const contextOf = (pair: { cert: string; key: string }): tls.SecureContext => {
    const cacheKey = pair.cert + pair.key;
    let context = contexts.get(cacheKey);
    if (!context) {
      context = tls.createSecureContext({ ...pair, ciphers: CLIENT_COMPATIBLE_CIPHERS });
      if (contexts.size > 100) contexts.clear();
      contexts.set(cacheKey, context);
    }
    return context;
  };
  return {
    ...config.defaultCertificate,
    ciphers: CLIENT_COMPATIBLE_CIPHERS,
    SNICallback: (serverName, callback) => {
      try {
        callback(null, contextOf(config.certificateFor(serverName) ?? config.defaultCertificate));
      } catch {
        // Why: a Secret whose key does not match its certificate; nginx then serves its default one.
        callback(null, contextOf(config.defaultCertificate));
      }
    },
  };
}

/** startIngressHttpServer binds the controller's HTTP (or, with `tls`, HTTPS) port on `host`. */
export async function startIngressHttpServer(options: IngressHttpServerOptions): Promise<IngressHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const controllerPort = options.tls ? 443 : 80;
  const handler: http.RequestListener = (req, res) => {
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
        .serve(controllerPort, {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers,
          body,
          clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          scheme: options.tls ? 'https' : 'http',
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
  };
  const server = options.tls
    ? https.createServer(tlsOptions(options.tls), handler)
    : http.createServer(handler);
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
