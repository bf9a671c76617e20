import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStatusError } from '../../machinery/errors';
import { keyFor, prefixFor } from '../keys';
import { runStorageConformance } from '../testing/conformance';
import { SqliteStorage } from './store';

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-sqlite-'));
  dirs.push(dir);
  return dir;
}

runStorageConformance('sqlite', async (options) => {
  const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-sqlite-'));
  const path = join(dir, 'state.db');
  return {
    storage: new SqliteStorage({ path, ...options }),
    reopen: async () => new SqliteStorage({ path, ...options }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const pods = { group: '', resource: 'pods' };

function podNamed(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    ...extra,
  };
}

describe('SqliteStorage specifics', () => {
  const open: SqliteStorage[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener of the same file with a clear 503', async () => {
    const path = join(tempDir(), 'state.db');
    const first = new SqliteStorage({ path });
    open.push(first);
    await first.create(keyFor(pods, 'default', 'a'), podNamed('a'));
    let error: unknown;
    try {
      open.push(new SqliteStorage({ path, busyTimeoutMs: 50 }));
    } catch (err) {
      error = err;
    }
    expect(isStatusError(error) && [error.code, error.reason]).toEqual([503, 'ServiceUnavailable']);
    expect((error as Error).message).toMatch(/^storage is busy: the database .* is locked/);
  });

  it('keeps compacted history bounded and snapshot pages exact inside the retained window', async () => {
    const path = join(tempDir(), 'state.db');
    const s = new SqliteStorage({ path, historyLimit: 20 });
    open.push(s);
    for (const n of ['a', 'b', 'c', 'd', 'e']) await s.create(keyFor(pods, 'default', n), podNamed(n));
    const early = await s.list(prefixFor(pods, 'default'), { limit: 2 });
    for (let i = 0; i < 12; i++) {
      await s.guaranteedUpdate(keyFor(pods, 'default', 'c'), (o) => ({ ...o, spec: { i } }));
    }
    await s.delete(keyFor(pods, 'default', 'd'));
    for (let i = 0; i < 20; i++) await s.create(keyFor(pods, 'other', `x${i}`), podNamed(`x${i}`));
    expect(s.oldestRevision()).toBeGreaterThan(early.revision + 1);
    await expect(s.list(prefixFor(pods, 'default'), { continueFrom: early.continue })).rejects.toThrow(
      /continue parameter is too old/,
    );
    // Untouched keys written before the compaction mark survive it.
    const page = await s.list(prefixFor(pods, 'default'), { limit: 1 });
    expect(page.items.map((o) => o.metadata.name)).toEqual(['a']);
    await s.guaranteedUpdate(keyFor(pods, 'default', 'b'), (o) => ({ ...o, spec: { late: true } }));
    await s.delete(keyFor(pods, 'default', 'e'));
    const rest = await s.list(prefixFor(pods, 'default'), { continueFrom: page.continue });
    expect(rest.items.map((o) => [o.metadata.name, o.spec])).toEqual([
      ['b', undefined],
      ['c', { i: 11 }],
      ['e', undefined],
    ]);
    await s.close();
    const raw = new Database(path, { readonly: true });
    const rows = (raw.prepare('SELECT COUNT(*) AS n FROM log').get() as { n: number }).n;
    raw.close();
    // At most historyLimit + slack (2) rows of recent history, plus the rows current at the mark.
    expect(rows).toBeLessThanOrEqual(20 + 2 + 25);
    expect(rows).toBeLessThan(s.currentRevision());
  });

  it('serves gets with a p99 under 2 ms and lists every object', async () => {
    const path = join(tempDir(), 'state.db');
    const s = new SqliteStorage({ path });
    open.push(s);
    // 2,000 objects rather than 10,000: every create is an fsynced transaction, and unit tests stay fast.
    for (let i = 0; i < 2000; i++) await s.create(keyFor(pods, 'ns', `pod-${i}`), podNamed(`pod-${i}`));
    const durations: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await s.get(keyFor(pods, 'ns', `pod-${(i * 7919) % 2000}`));
      durations.push(performance.now() - t);
    }
    durations.sort((a, b) => a - b);
    expect(durations[Math.floor(durations.length * 0.99)]).toBeLessThan(2);
    expect((await s.list(prefixFor(pods, 'ns'))).items).toHaveLength(2000);
    expect(await s.count(prefixFor(pods, undefined))).toBe(2000);
  });
});
