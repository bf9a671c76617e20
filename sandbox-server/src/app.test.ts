import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { createLogger } from './logger';

let siteDir: string;
beforeAll(() => {
  siteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-site-'));
  fs.writeFileSync(path.join(siteDir, 'index.html'), '<h1>Atelier</h1>');
  fs.writeFileSync(path.join(siteDir, '404.html'), '<h1>Introuvable</h1>');
});
afterAll(() => fs.rmSync(siteDir, { recursive: true, force: true }));

function app(ready = true) {
  return createApp({
    logger: createLogger('silent'),
    siteDir,
    runtime: 'simulated',
    version: '0.1.0',
    isReady: () => ready,
  });
}

describe('createApp', () => {
  it('answers /healthz 200 once ready and 503 before', async () => {
    expect((await app(true).request('/healthz')).status).toBe(200);
    const starting = await app(false).request('/healthz');
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({
      status: 'starting',
      message: expect.stringContaining('démarre'),
    });
  });

  it('reports the Kubernetes host’s reachability in /healthz with RUNTIME=kubernetes, still 200', async () => {
    const withHost = (health: { reachable: boolean; detail: string }) =>
      createApp({
        logger: createLogger('silent'),
        siteDir,
        runtime: 'kubernetes',
        version: '0.1.0',
        isReady: () => true,
        hostHealth: async () => health,
      });
    const up = await withHost({ reachable: true, detail: 'v1.32.0' }).request('/healthz');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: 'ok',
      runtime: 'kubernetes',
      host: { reachable: true, version: 'v1.32.0' },
    });
    const down = await withHost({ reachable: false, detail: 'connect ECONNREFUSED 10.0.0.1:443' }).request(
      '/healthz',
    );
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({
      status: 'ok',
      runtime: 'kubernetes',
      host: {
        reachable: false,
        error: 'connect ECONNREFUSED 10.0.0.1:443',
        message: expect.stringMatching(/^Le cluster Kubernetes hôte est injoignable/),
      },
    });
  });

  it('serves the built site and its 404 page', async () => {
    const home = await app().request('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toBe('<h1>Atelier</h1>');
    const missing = await app().request('/nulle-part');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Introuvable');
  });

  it('gives a French JSON error for unknown API routes', async () => {
    const res = await app().request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'http_error',
      message: expect.stringContaining("n'existe pas"),
    });
  });

  it('describes the platform on /api/info', async () => {
    expect(await (await app().request('/api/info')).json()).toEqual({
      name: 'Atelier Kubernetes',
      version: '0.1.0',
      runtime: 'simulated',
    });
  });
});
