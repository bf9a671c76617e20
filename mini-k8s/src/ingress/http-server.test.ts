import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type tls from 'node:tls';
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

/** selfSigned makes a throwaway certificate for `cn` with the openssl CLI. */
function selfSigned(cn: string): { cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** peerCommonName connects with SNI `servername` and returns the served certificate's CN and the body. */
function fetchTls(port: number, servername: string): Promise<{ cn: string; body: string; status: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        servername,
        path: '/x',
        headers: { host: servername },
        rejectUnauthorized: false,
      },
      (res) => {
        const cn = String((res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN ?? '');
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ cn, body, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the ingress controller HTTPS port', () => {
  it('presents the TLS Secret of the SNI host, else the default certificate, and serves port 443', async () => {
    const secure = selfSigned('secure.local');
    const fake = selfSigned('Kubernetes Ingress Controller Fake Certificate');
    const ports: number[] = [];
    server = await startIngressHttpServer({
      host: '127.0.0.1',
      tls: {
        defaultCertificate: fake,
        certificateFor: (name) =>
          name === 'secure.local'
            ? secure
            : name === 'broken.local'
              ? { cert: secure.cert, key: fake.key }
              : undefined,
      },
      serve: async (port, request) => {
        ports.push(port);
        return {
          status: 200,
          statusText: 'OK',
          headers: {},
          body: `${request.scheme} ${request.headers.host}`,
        };
      },
    });
    expect(await fetchTls(server.port, 'secure.local')).toEqual({
      cn: 'secure.local',
      body: 'https secure.local',
      status: 200,
    });
    expect((await fetchTls(server.port, 'other.local')).cn).toBe(
      'Kubernetes Ingress Controller Fake Certificate',
    );
    // A Secret whose key does not match its certificate: the default certificate, as nginx does.
    expect((await fetchTls(server.port, 'broken.local')).cn).toBe(
      'Kubernetes Ingress Controller Fake Certificate',
    );
    expect(ports).toEqual([443, 443, 443]);
  });
});
