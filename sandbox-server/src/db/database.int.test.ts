import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getSetting, migrate, openDatabase, setSetting } from './database';
import { MIGRATIONS } from './migrations';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'atelier.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase (real SQLite file)', () => {
  it('creates the file in WAL mode and applies migrations once', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(migrate(db, [])).toBe(0);
    db.close();
    const again = openDatabase(file);
    const versions = again.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    again.close();
  });

  it('keeps settings across reopen', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(getSetting(db, 'session-secret')).toBeUndefined();
    setSetting(db, 'session-secret', 'a');
    setSetting(db, 'session-secret', 'b');
    db.close();
    const reopened = openDatabase(file);
    expect(getSetting(reopened, 'session-secret')).toBe('b');
    reopened.close();
  });

  it('rolls back a failing migration and records nothing', () => {
    const db = openDatabase(':memory:');
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(() =>
      migrate(db, [
        { version: latest + 1, name: 'broken', sql: 'CREATE TABLE x (a INT); SELECT nope FROM missing;' },
      ]),
    ).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: latest });
    db.close();
  });
});
