import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit';

function app() {
  const a = new Hono();
  a.use('*', bodyLimit({ maxSize: 10, onError: (c) => c.text('too large', 413) }));
  a.all('*', async (c) => c.text(`got ${(await c.req.text()).length}`));
  return a;
}

/** chunked is a body of unknown length (Transfer-Encoding: chunked on the wire). */
function chunked(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

describe('bodyLimit', () => {
  it('passes requests without a body', async () => {
    const res = await app().request('/x');
    expect(await res.text()).toBe('got 0');
  });

  it('checks the declared length without reading the body', async () => {
    // As on the wire: the length is declared (undici computes it only when sending).
    const post = (body: string, length = body.length) =>
      app().request('/x', { method: 'POST', body, headers: { 'content-length': String(length) } });
    const ok = await post('0123456789');
    expect([ok.status, await ok.text()]).toEqual([200, 'got 10']);
    const big = await post('01234567890');
    expect([big.status, await big.text()]).toEqual([413, 'too large']);
    // Refused on the declared length alone, before any byte is read.
    const declared = await post('x', 11);
    expect([declared.status, await declared.text()]).toEqual([413, 'too large']);
  });

  it('counts the bytes of a body of unknown length', async () => {
    const inProcess = await app().request('/x', { method: 'PUT', body: '0123456789abc' });
    expect([inProcess.status, await inProcess.text()]).toEqual([413, 'too large']);
    const init = (text: string) =>
      ({
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
        body: chunked(text),
        duplex: 'half',
      }) as RequestInit;
    const ok = await app().request('/x', init('0123456789'));
    expect([ok.status, await ok.text()]).toEqual([200, 'got 10']);
    const big = await app().request('/x', init('0123456789abc'));
    expect([big.status, await big.text()]).toEqual([413, 'too large']);
  });

  it('on the wire: no length and no chunking is no body; chunked bodies are counted', async () => {
    const server = createAdaptorServer({ fetch: app().fetch });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    /** send writes one request with exactly these headers (node:http adds no length by itself here). */
    const send = (method: string, headers: Record<string, string>, chunks: string[] = []) =>
      new Promise<[number, string]>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path: '/x', headers }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve([res.statusCode ?? 0, text]));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    try {
      expect(await send('DELETE', {})).toEqual([200, 'got 0']);
      expect(await send('POST', { 'content-length': '4' }, ['abcd'])).toEqual([200, 'got 4']);
      expect(await send('POST', { 'content-length': '11' }, ['0123456789a'])).toEqual([413, 'too large']);
      const te = { 'transfer-encoding': 'chunked' };
      expect(await send('PUT', te, ['01234', '56789'])).toEqual([200, 'got 10']);
      expect(await send('PUT', te, ['01234', '56789', 'x'])).toEqual([413, 'too large']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
