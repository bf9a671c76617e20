/**
 * The router in front of two real platform processes sharing a real PostgreSQL: a new learner's first
 * sandbox ends up on the learner's replica (its cluster file is there and only there), and every later
 * request of the learner — REST and the terminal WebSocket — reaches that replica.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  postgresSkipReason,
  startTestPostgres,
  type TestPostgres,
} from '../../sandbox-server/src/db/testing/postgres-server';
import { type RunningPlatform, startPlatform } from '../../sandbox-server/test/support/platform';
import { PostgresSandboxDirectory } from './directory';
import { createRouter, type Router } from './router';

const skip = postgresSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)('router in front of two real replicas on PostgreSQL', () => {
  let server: TestPostgres;
  let directory: PostgresSandboxDirectory;
  let router: Router;
  let url: string;
  const platforms: RunningPlatform[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
    const databaseUrl = await server.createDatabase();
    platforms.push(...(await Promise.all([1, 2].map(() => startPlatform({ DATABASE_URL: databaseUrl })))));
    directory = new PostgresSandboxDirectory(databaseUrl);
    router = createRouter({ replicas: platforms.map((p) => p.url), directory });
    await new Promise<void>((resolve) => router.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    router?.server.closeAllConnections();
    await new Promise((resolve) => router?.server.close(resolve));
    await directory?.close();
    for (const p of platforms) await p.stop();
    await server?.stop();
  });

  it('creates each new learner’s sandbox on the learner’s replica and keeps them there', async () => {
    for (let i = 0; i < 4; i++) {
      const created = await fetch(`${url}/api/sandboxes`, { method: 'POST' });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const cookie = created.headers.get('set-cookie')!.split(';')[0];
      const learner = cookie.split('=')[1].split('.')[0];
      const owner = platforms.find((p) => p.url === router.ring.owner(learner))!;
      const other = platforms.find((p) => p !== owner)!;
      const file = (p: RunningPlatform) => path.join(p.dataDir, 'sandboxes', `${id}.db`);
      expect(fs.existsSync(file(owner))).toBe(true);
      expect(fs.existsSync(file(other))).toBe(false);

      const again = await fetch(`${url}/api/sandboxes/${id}`, { headers: { cookie } });
      expect(await again.json()).toMatchObject({ id, state: 'ready' });

      // The terminal WebSocket goes through the router to the same replica and answers.
      const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sandboxes/${id}/terminal`, {
        headers: { cookie, origin: url },
      });
      const first = await new Promise<string>((resolve, reject) => {
        ws.once('message', (data) => resolve(String(data)));
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      });
      expect(first.length).toBeGreaterThan(0);
      ws.close();
    }
  });
});
