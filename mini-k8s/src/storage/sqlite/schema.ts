/**
 * SQLite schema of SqliteStorage, modelled on kine: `log` holds one row per revision (the whole history,
 * compacted), `kv` holds the current state for fast get/list/count, `meta` holds the compaction mark.
 *
 * log.value is the object JSON with metadata.resourceVersion set to the row's revision, except for
 * deletion rows, whose value is the object's last state (with its last resourceVersion).
 */
import type Database from 'better-sqlite3';

/** SCHEMA_VERSION is stored in `PRAGMA user_version`; bump it with a migration when the layout changes. */
export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_key_id ON log (key, id);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * configure applies the connection settings. Why each one:
 * - locking_mode=EXCLUSIVE: the process is the only writer (revisions and watches live in memory), so a
 *   second process must fail fast with SQLITE_BUSY instead of interleaving writes;
 * - journal_mode=WAL with synchronous=FULL (default): a commit is fsynced before it returns, so an
 *   acknowledged write survives kill -9 and power loss; with synchronous=NORMAL the commit is in the WAL
 *   file (the OS page cache) when it returns — it survives kill -9 of the process, not a power loss or a
 *   kernel crash — and the WAL is fsynced at checkpoints only, which makes writes an order of magnitude
 *   cheaper (many sandboxes heartbeating on one disk);
 * - busy_timeout: wait that long for a lock before reporting SQLITE_BUSY.
 */
export function configure(
  db: Database.Database,
  busyTimeoutMs: number,
  synchronous: 'full' | 'normal' = 'full',
): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('locking_mode = EXCLUSIVE');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal')
    throw new Error(`could not enable WAL journal mode (got ${String(mode)})`);
  db.pragma(synchronous === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
}

/** migrate creates the schema (taking the exclusive write lock) and checks its version. */
export function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`database schema version ${version} is newer than this mini-k8s (${SCHEMA_VERSION})`);
    }
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}

/** LogRow is a row of `log` joined with the previous row's value for watch replay. */
export interface LogRow {
  id: number;
  key: string;
  created: number;
  deleted: number;
  value: string;
  prev: string | null;
}

/** Statements are the prepared statements of the store. */
export interface Statements {
  get: Database.Statement<[string], { revision: number; value: string }>;
  listCurrent: Database.Statement<[string, string], { key: string; value: string }>;
  listAt: Database.Statement<[string, string, number], { key: string; value: string }>;
  getAt: Database.Statement<[string, number], { value: string; deleted: number }>;
  count: Database.Statement<[string, string], { n: number }>;
  insertLog: Database.Statement<[number, string, number, number, number, string]>;
  upsertKv: Database.Statement<[string, number, string]>;
  deleteKv: Database.Statement<[string]>;
  replayRange: Database.Statement<[number, string, string], LogRow>;
  replayKey: Database.Statement<[number, string], LogRow>;
  maxRevision: Database.Statement<[], { n: number | null }>;
  getMeta: Database.Statement<[string], { value: number }>;
  setMeta: Database.Statement<[string, number]>;
  compact: Database.Statement<[number, number, number, number]>;
}

const REPLAY = `SELECT l.id, l.key, l.created, l.deleted, l.value, p.value AS prev
  FROM log l LEFT JOIN log p ON p.id = l.prev_revision`;

/** prepare compiles every statement once. */
export function prepare(db: Database.Database): Statements {
  return {
    get: db.prepare('SELECT revision, value FROM kv WHERE key = ?'),
    listCurrent: db.prepare('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
    // Snapshot read: the newest row of each key at or before the revision, unless it is a deletion.
    listAt: db.prepare(`SELECT l.key, l.value FROM (
        SELECT key, MAX(id) AS id FROM log WHERE key >= ? AND key < ? AND id <= ? GROUP BY key
      ) m JOIN log l ON l.id = m.id WHERE l.deleted = 0 ORDER BY m.key`),
    getAt: db.prepare('SELECT value, deleted FROM log WHERE key = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
    count: db.prepare('SELECT COUNT(*) AS n FROM kv WHERE key >= ? AND key < ?'),
    insertLog: db.prepare(
      'INSERT INTO log (id, key, created, deleted, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertKv: db.prepare(
      'INSERT INTO kv (key, revision, value) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, value = excluded.value',
    ),
    deleteKv: db.prepare('DELETE FROM kv WHERE key = ?'),
    replayRange: db.prepare(`${REPLAY} WHERE l.id > ? AND l.key >= ? AND l.key < ? ORDER BY l.id`),
    replayKey: db.prepare(`${REPLAY} WHERE l.id > ? AND l.key = ? ORDER BY l.id`),
    maxRevision: db.prepare('SELECT MAX(id) AS n FROM log'),
    getMeta: db.prepare('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    // Compaction from the previous mark (exclusive) to the new one (inclusive): drop deletion rows and
    // every row superseded by a newer row of the same key at or below the mark. Each superseded row is
    // the prev_revision of its successor, so only the window's rows are examined.
    compact: db.prepare(`DELETE FROM log WHERE id IN (
        SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0
        UNION ALL
        SELECT id FROM log WHERE id > ? AND id <= ? AND deleted = 1
      )`),
  };
}
