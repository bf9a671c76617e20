import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlatformDbConformance } from '../testing/conformance';
import { MIGRATIONS } from './migrations';
import { migrateSqlite, openSqliteDb, type SqliteDb } from './sqlite-db';

const dirs: string[] = [];
const opened: SqliteDb[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'atelier.sqlite');
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

runPlatformDbConformance('SQLite', async () => {
  const db = openSqliteDb(tempFile());
  opened.push(db);
  return db;
});

describe('SqliteDb (real SQLite file)', () => {
  it('creates the file in WAL mode with synchronous=FULL and applies migrations once', async () => {
    const file = tempFile();
    const db = openSqliteDb(file);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
    expect(await db.migrate()).toBe(0);
    await db.close();
    const again = openSqliteDb(file);
    opened.push(again);
    const versions = await again.all<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('keeps the sandboxes, their index and learner cascade through migration 5 (table rebuilt)', async () => {
    const file = tempFile();
    const v4 = openSqliteDb(
      file,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    await v4.run("INSERT INTO learners (id, created_at, last_seen_at) VALUES ('ana', 1, 1)");
    await v4.run(
      `INSERT INTO sandboxes (id, learner_id, state, nodes, exercise_id, created_at, last_active_at, expires_at, runtime)
       VALUES ('s1', 'ana', 'sleeping', 3, '09-reseau/x', 1, 2, 3, 'docker')`,
    );
    await v4.close();
    const db = openSqliteDb(file);
    opened.push(db);
    expect(await db.get('SELECT * FROM sandboxes')).toEqual({
      id: 's1',
      learner_id: 'ana',
      state: 'sleeping',
      nodes: 3,
      exercise_id: '09-reseau/x',
      created_at: 1,
      last_active_at: 2,
      expires_at: 3,
      runtime: 'docker',
    });
    expect(
      await db.get("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'sandboxes_state'"),
    ).toEqual({ name: 'sandboxes_state' });
    await db.run("UPDATE sandboxes SET runtime = 'kubernetes' WHERE id = 's1'");
    await db.run("DELETE FROM learners WHERE id = 'ana'");
    expect(await db.all('SELECT id FROM sandboxes')).toEqual([]);
  });

  it('rolls back a failing migration and records nothing', async () => {
    const db = openSqliteDb(':memory:');
    opened.push(db);
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(() =>
      migrateSqlite(db.raw, [
        { version: latest + 1, name: 'broken', sql: 'CREATE TABLE x (a INT); SELECT nope FROM missing;' },
      ]),
    ).toThrow();
    expect(await db.get("SELECT name FROM sqlite_master WHERE name = 'x'")).toBeUndefined();
    expect(await db.get('SELECT MAX(version) AS v FROM schema_migrations')).toEqual({ v: latest });
  });

  it('keeps a committed transaction across a reopen of the file', async () => {
    const file = tempFile();
    const db = openSqliteDb(file);
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')");
    });
    await db.close();
    const again = openSqliteDb(file);
    opened.push(again);
    expect(await again.get('SELECT value FROM settings WHERE key = ?', ['k'])).toEqual({ value: 'v' });
  });
});
