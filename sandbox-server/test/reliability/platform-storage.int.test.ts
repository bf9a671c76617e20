/**
 * The platform's own database (learners, sandboxes, workshops) and DATA_DIR under pressure, through the
 * real app: a database locked by another connection gives a bounded wait then a French 503 with
 * Retry-After; a full disk (4 MiB tmpfs, needs root: skips with the reason outside CI, fails in CI) gives a
 * French 507, keeps answering reads, loses nothing already written, and works again once space returns.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canMountTmpfs,
  mountTmpfs,
  tmpfsSkipReason,
  type Tmpfs,
} from '../../../mini-k8s/src/storage/sqlite/testing/tmpfs';
import { openDatabase } from '../../src/db/database';
import { cookieOf, testPlatform, type TestPlatform } from '../support/services';

const mountable = canMountTmpfs();
if (!mountable) console.warn(`full-disk tests skipped: ${tmpfsSkipReason}`);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

async function createSandbox(p: TestPlatform, cookie?: string) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST', headers: cookie ? { cookie } : {} });
  return { res, body: (await res.json()) as { id?: string; error?: string; message?: string } };
}

describe('platform database locked by another connection', () => {
  it('waits a bounded time, answers a French 503 with Retry-After, then works again', async () => {
    const p = testPlatform();
    cleanups.push(() => p.close());
    const other = new Database(path.join(p.dir, 'atelier.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const { res, body } = await createSandbox(p);
    other.exec('ROLLBACK');
    other.close();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(body).toEqual({
      error: 'storage_busy',
      message: expect.stringMatching(/^La base de données du serveur est momentanément occupée/),
    });
    const again = await createSandbox(p);
    expect(again.res.status).toBe(201);
  });
});

describe.skipIf(!mountable)('platform on a full disk', () => {
  it('answers a French 507, keeps reads and earlier writes, and recovers', async () => {
    const disk: Tmpfs = mountTmpfs('8m')!;
    cleanups.push(() => disk.unmount());
    const file = path.join(disk.dir, 'atelier.sqlite');
    let db = openDatabase(file);
    let p = testPlatform({ db, dataDir: disk.dir });
    cleanups.push(() => p.close());
    const first = await createSandbox(p);
    expect(first.res.status).toBe(201);
    const cookie = cookieOf(first.res);

    const ballast = disk.fill(0);
    const refused = await createSandbox(p);
    expect(refused.res.status).toBe(507);
    expect(refused.body).toEqual({
      error: 'storage_full',
      message: expect.stringMatching(
        /^Le disque du serveur est plein : votre action n’a pas été enregistrée/,
      ),
    });
    // Reads keep working, and the first learner's sandbox is intact.
    const read = await p.app.request(`/api/sandboxes/${first.body.id}`, { headers: { cookie } });
    expect(read.status).toBe(200);

    fs.rmSync(ballast);
    const after = await createSandbox(p);
    expect(after.res.status).toBe(201);

    // Nothing acknowledged was lost: reopen the database.
    await p.services.sandboxes.close();
    db.close();
    db = openDatabase(file);
    p = testPlatform({ db, dataDir: disk.dir });
    cleanups.push(() => void db.close());
    for (const [id, c] of [
      [first.body.id, cookie],
      [after.body.id, cookieOf(after.res)],
    ]) {
      const res = await p.app.request(`/api/sandboxes/${id}`, { headers: { cookie: c! } });
      expect(res.status).toBe(200);
    }
  });
});
