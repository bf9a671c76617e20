/**
 * Delivery to real pods (Docker runtime): the last hop of `ClusterNetwork.connect` when the node's
 * containers are real. The server's machine reaches pod IPs on the sandbox bridge, so the request is sent
 * there over real TCP once kube-proxy's choice and NetworkPolicy have been applied in process. Used by the
 * learner's terminal (`network.external()`), the ingress controller and the server's service proxy.
 */
import http from 'node:http';
import { NetworkError, type SimHttpRequest, type SimHttpResponse } from '../kubelet/runtime/network';

export interface RealPodHttpOptions {
  /** timeoutMs without an answer before ETIMEDOUT (default 10 s, curl's connect budget in lessons). */
  timeoutMs?: number;
  /** maxBodyBytes of a response kept (default 8 MiB); more fails the exchange with EHOSTUNREACH. */
  maxBodyBytes?: number;
}

/** RealPodHttp answers `handleHttp` by sending the request to the pod's real address. */
export class RealPodHttp {
  constructor(private readonly options: RealPodHttpOptions = {}) {}

  /** handleHttp sends `request` to `podIp:port`; undefined when nothing listens (connection refused). */
  handleHttp(podIp: string, port: number, request: SimHttpRequest): Promise<SimHttpResponse | undefined> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const maxBodyBytes = this.options.maxBodyBytes ?? 8 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      const headers: Record<string, string> = { ...request.headers };
      if (body) headers['content-length'] = String(body.length);
      const req = http.request({
        host: podIp,
        port,
        method: request.method,
        path: request.path,
        headers,
        agent: false,
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(
          new NetworkError('ETIMEDOUT', `connect to ${podIp} port ${port} failed: Connection timed out`),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof NetworkError) reject(err);
        else if (err.code === 'ECONNREFUSED') resolve(undefined);
        else
          reject(
            new NetworkError(
              err.code === 'EHOSTUNREACH' ? 'EHOSTUNREACH' : 'ETIMEDOUT',
              `connect to ${podIp} port ${port} failed: ${err.message}`,
            ),
          );
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            req.destroy(
              new NetworkError(
                'EHOSTUNREACH',
                `response of ${podIp}:${port} larger than ${maxBodyBytes} bytes`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          const raw = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 502,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
            body: raw.toString('utf8'),
            rawBody: raw,
          });
        });
        res.on('error', (err) => reject(new NetworkError('ETIMEDOUT', err.message)));
      });
      req.end(body);
    });
  }
}
