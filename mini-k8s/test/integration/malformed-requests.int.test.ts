import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(1);
});
afterAll(async () => {
  await t?.stop();
});

/** send makes a raw HTTPS request with the admin token (no URL normalisation, unlike fetch). */
function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.cluster.url);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        ca: t.cluster.caPem,
        headers: {
          authorization: `Bearer ${t.cluster.adminToken}`,
          'content-type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> });
          } catch (err) {
            reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 200)}`, { cause: err }));
          }
        });
      },
    );
    req.on('error', (err) => {
      // The server may answer 413 and close before the whole body is sent.
      if (
        (err as NodeJS.ErrnoException).code !== 'EPIPE' &&
        (err as NodeJS.ErrnoException).code !== 'ECONNRESET'
      )
        reject(err);
    });
    req.end(body);
  });
}

describe('malformed requests get a Status with the right code', () => {
  it.each([
    ['bad JSON', 'POST', '/api/v1/namespaces/default/configmaps', '{bad', 400, 'BadRequest'],
    [
      'wrong kind',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}',
      400,
      'BadRequest',
    ],
    [
      'wrong API version',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}',
      400,
      'BadRequest',
    ],
    [
      'invalid name',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Not_Valid"}}',
      422,
      'Invalid',
    ],
    [
      'encoded slash in a name',
      'GET',
      '/api/v1/namespaces/default/configmaps/a%2Fb',
      undefined,
      400,
      'BadRequest',
    ],
    ['dot-dot name', 'GET', '/api/v1/namespaces/default/configmaps/..', undefined, 400, 'BadRequest'],
    ['unknown resource', 'GET', '/api/v1/namespaces/default/widgets', undefined, 404, 'NotFound'],
    ['unknown group', 'GET', '/apis/example.com/v1/widgets', undefined, 404, 'NotFound'],
    [
      'missing namespace',
      'POST',
      '/api/v1/namespaces/ghost/configmaps',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}',
      404,
      'NotFound',
    ],
  ])('%s → %i', async (_name, method, path, body, code, reason) => {
    const res = await send(method, path, body);
    expect(res.status).toBe(code);
    expect(res.json).toMatchObject({ kind: 'Status', status: 'Failure', code, reason });
  });

  it('rejects a body over 3 MiB with 413', async () => {
    const big = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { a: 'x'.repeat(3 * 1024 * 1024) },
    });
    const res = await send('POST', '/api/v1/namespaces/default/configmaps', big);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
  });

  it('rejects requests without credentials over HTTPS', async () => {
    const res = await send('GET', '/api/v1/namespaces', undefined, { authorization: '' });
    expect(res.status).toBe(401);
  });
});
