import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../kubelet/runtime/network';
import { RealPodHttp } from './real-pod-http';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as net.AddressInfo).port;
}

/** freePort returns a port nothing listens on (bound then released). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('RealPodHttp (delivery to real containers)', () => {
  it('sends the request to the pod address and returns status, headers and exact bytes', async () => {
    const port = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-path': req.url ?? '' });
        res.end(`${req.method} ${req.headers.host} ${body}é`);
      });
    });
    const response = await new RealPodHttp().handleHttp('127.0.0.1', port, {
      method: 'POST',
      path: '/a?b=1',
      headers: { host: 'web.default' },
      body: 'x',
      clientIp: '172.30.0.1',
    });
    expect(response).toMatchObject({
      status: 200,
      headers: { 'x-path': '/a?b=1' },
      body: 'POST web.default xé',
    });
    expect(Buffer.from(response!.rawBody!).toString('utf8')).toBe('POST web.default xé');
  });

  it('reports nothing listening as undefined (refused) and a silent server as ETIMEDOUT', async () => {
    expect(
      await new RealPodHttp().handleHttp('127.0.0.1', await freePort(), {
        method: 'GET',
        path: '/',
        headers: { host: 'x' },
        clientIp: '172.30.0.1',
      }),
    ).toBeUndefined();
    const port = await listen(() => undefined);
    await expect(
      new RealPodHttp({ timeoutMs: 200 }).handleHttp('127.0.0.1', port, {
        method: 'GET',
        path: '/',
        headers: { host: 'x' },
        clientIp: '172.30.0.1',
      }),
    ).rejects.toBeInstanceOf(NetworkError);
  });

  it('fails an answer larger than the limit', async () => {
    const port = await listen((_req, res) => res.end(Buffer.alloc(64 * 1024)));
    await expect(
      new RealPodHttp({ maxBodyBytes: 1024 }).handleHttp('127.0.0.1', port, {
        method: 'GET',
        path: '/',
        headers: { host: 'x' },
        clientIp: '172.30.0.1',
      }),
    ).rejects.toThrow(/larger than 1024 bytes/);
  });
});
