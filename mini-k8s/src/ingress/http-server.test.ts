import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimHttpRequest } from '../kubelet/runtime/network';
import { startIngressHttpServer, type IngressHttpServer } from './http-server';

let server: IngressHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the ingress controller HTTP port (real runtimes)', () => {
  it('hands each request to the controller and sends its answer back, bytes and headers', async () => {
    const seen: SimHttpRequest[] = [];
    server = await startIngressHttpServer({
      host: '127.0.0.1',
      serve: async (port, request) => {
        seen.push(request);
        return {
          status: port === 80 ? 201 : 500,
          statusText: 'Created',
          headers: {
            'content-type': 'application/octet-stream',
            'transfer-encoding': 'chunked',
            'x-app': 'a',
          },
          body: 'ignored',
          rawBody: new Uint8Array([0, 255, 1]),
        };
      },
    });
    // fetch cannot set Host: a plain http.request as curl would send it.
    const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server!.port,
            method: 'POST',
            path: '/foo/bar?x=1',
            headers: { host: 'foo.bar.com', 'content-type': 'text/plain' },
          },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () =>
              resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end('hello');
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers['x-app']).toBe('a');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect([...res.body]).toEqual([0, 255, 1]);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/foo/bar?x=1',
      body: 'hello',
      clientIp: '127.0.0.1',
      scheme: 'http',
    });
    expect(seen[0].headers.host).toBe('foo.bar.com');
  });

  it('refuses bodies over the limit with nginx 413 and answers 502 when nothing serves', async () => {
    server = await startIngressHttpServer({
      host: '127.0.0.1',
      maxBodyBytes: 4,
      serve: async () => undefined,
    });
    const big = await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', body: 'too large' });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('<title>413 Request Entity Too Large</title>');
    const none = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(none.status).toBe(502);
  });
});
