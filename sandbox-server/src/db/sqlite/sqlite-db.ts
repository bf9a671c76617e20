/**
 * SqliteDb is the default PlatformDb: one better-sqlite3 connection on DATA_DIR/atelier.sqlite in WAL mode
 * with synchronous=FULL, so a write acknowledged to a learner survives a crash or a power loss.
 *
 * better-sqlite3 is synchronous: a statement outside a transaction runs at once. A transaction holds the
 * one connection across awaits, so while it is open every other statement waits its turn in a queue (it
 * would otherwise land inside the transaction); transactions themselves run one after the other, which is
 * what makes them serializable.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PlatformDb, Queryable, RunResult, SqlValue } from '../platform-db';
import { type Migration, MIGRATIONS } from './migrations';

export class SqliteDb implements PlatformDb {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  /** Settles when the open transaction (and every operation queued behind it) is done. */
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    /** The better-sqlite3 handle (tests and benchmarks inspect pragmas through it). */
    readonly raw: Database.Database,
    private readonly migrations: readonly Migration[] = MIGRATIONS,
  ) {}

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.now(() => this.statement(sql).get(...params) as T | undefined);
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.now(() => this.statement(sql).all(...params) as T[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return this.now(() => ({ changes: this.statement(sql).run(...params).changes }));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      let open = true;
      const direct = <R>(op: () => R): Promise<R> => {
        if (!open) return Promise.reject(new Error('transaction already finished'));
        return settle(op);
      };
      const tx: Queryable = {
        get: <R>(sql: string, params: readonly SqlValue[] = []) =>
          direct(() => this.statement(sql).get(...params) as R | undefined),
        all: <R>(sql: string, params: readonly SqlValue[] = []) =>
          direct(() => this.statement(sql).all(...params) as R[]),
        run: (sql, params = []) => direct(() => ({ changes: this.statement(sql).run(...params).changes })),
      };
      // IMMEDIATE takes the write lock at once: a second process on the same file waits (busy_timeout)
      // here instead of failing at its first write with SQLITE_BUSY_SNAPSHOT.
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      } finally {
        open = false;
      }
    });
  }

  migrate(): Promise<number> {
    return settle(() => migrateSqlite(this.raw, this.migrations));
  }

  close(): Promise<void> {
    // Closed at once when idle, so a caller reopening the file right after (tests, restarts) never
    // finds the old connection still open.
    return this.now(() => {
      if (this.raw.open) this.raw.close();
    });
  }

  /** now runs a statement at once unless a transaction is open or queued, then after it. */
  private now<T>(op: () => T): Promise<T> {
    if (this.queued === 0) return settle(op);
    return this.enqueue(async () => op());
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(op).finally(() => this.queued--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function settle<T>(op: () => T): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

/**
 * openSqliteDb opens (or creates) the platform database file in WAL mode with full synchronous writes and
 * applies pending migrations before returning (synchronously: better-sqlite3 is synchronous).
 */
export function openSqliteDb(file: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  migrateSqlite(raw, migrations);
  return new SqliteDb(raw, migrations);
}

/** migrateSqlite applies, each in its own transaction, the migrations newer than the recorded version. */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL
           ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
  return pending.length;
}
