/**
 * PostgresDb is the PlatformDb of a scaled-out platform (DATABASE_URL=postgres://…): every replica shares
 * learners, workshops, progress and sandbox records through one PostgreSQL database, with a small pool of
 * connections per replica. Durability is PostgreSQL's: a commit returns once its WAL record is flushed
 * (synchronous_commit=on, the default, is required; the platform does not lower it).
 *
 * Statements use `?` placeholders like SQLite's; they are numbered `$1…$n` here. BIGINT (epoch
 * milliseconds) and COUNT(*) come back as JS numbers, as better-sqlite3 returns them.
 */
import pg from 'pg';
import type { PlatformDb, Queryable, RunResult, SqlValue } from '../platform-db';
import type { Migration } from '../sqlite/migrations';
import { POSTGRES_MIGRATIONS } from './migrations';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** MIGRATION_LOCK is the advisory lock key held while migrating (replicas starting together take turns). */
const MIGRATION_LOCK = 0x41_54_45_4c; // "ATEL"
/**
 * SERIALIZATION_RETRIES bounds how often a transaction is replayed after a serialization failure. Each replay
 * waits a random, growing pause first, so transactions colliding on one row spread out instead of colliding
 * again: n concurrent writers of one row need up to n - 1 replays for the last one.
 */
const SERIALIZATION_RETRIES = 40;

/** PostgresOptions tune the pool (defaults fit one replica serving a classroom). */
export interface PostgresOptions {
  /** Connections per replica (default 10). */
  max?: number;
  /** How long a statement waits for a free connection before failing (default 5000 ms). */
  connectionTimeoutMillis?: number;
  migrations?: readonly Migration[];
}

export class PostgresDb implements PlatformDb {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly migrations: readonly Migration[];
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(
    private readonly url: string,
    options: PostgresOptions = {},
  ) {
    this.migrations = options.migrations ?? POSTGRES_MIGRATIONS;
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
      idleTimeoutMillis: 30_000,
      application_name: 'atelier-kubernetes',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
    // discards it and the next statement opens a new one.
    this.pool.on('error', () => undefined);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return queryOn<T>(this.pool, sql, params).then((r) => r.rows[0]);
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return queryOn<T>(this.pool, sql, params).then((r) => r.rows);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return queryOn(this.pool, sql, params).then((r) => ({ changes: r.rowCount ?? 0 }));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw unreachable(err) ?? err;
    });
    let broken: unknown;
    try {
      for (let attempt = 0; ; attempt++) {
        let open = true;
        const on = <R>(op: () => Promise<R>): Promise<R> =>
          open ? op() : Promise.reject(new Error('transaction already finished'));
        const tx: Queryable = {
          get: <R>(sql: string, params: readonly SqlValue[] = []) =>
            on(() => queryOn<R>(client, sql, params).then((r) => r.rows[0])),
          all: <R>(sql: string, params: readonly SqlValue[] = []) =>
            on(() => queryOn<R>(client, sql, params).then((r) => r.rows)),
          run: (sql, params = []) =>
            on(() => queryOn(client, sql, params).then((r) => ({ changes: r.rowCount ?? 0 }))),
        };
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        try {
          const result = await fn(tx);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
            broken = rollbackErr;
          });
          if (broken || !isRetryable(err) || attempt >= SERIALIZATION_RETRIES) throw err;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 3)));
        } finally {
          open = false;
        }
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  async migrate(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Replicas starting at once: the first migrates, the others wait here then find nothing pending.
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
                            version INTEGER PRIMARY KEY,
                            name TEXT NOT NULL,
                            applied_at TEXT NOT NULL
                          )`);
      const { rows } = await client.query<{ v: number | null }>(
        'SELECT MAX(version) AS v FROM schema_migrations',
      );
      const current = rows[0]?.v ?? 0;
      const pending = [...this.migrations]
        .sort((a, b) => a.version - b.version)
        .filter((m) => m.version > current);
      // PostgreSQL's DDL is transactional: one failing migration leaves none applied.
      for (const m of pending) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
      }
      await client.query('COMMIT');
      return pending.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    await queryOn(this.pool, 'SELECT pg_notify(?, ?)', [channel, payload]);
  }

  /**
   * listen holds one dedicated connection per channel (LISTEN needs a session of its own) and reconnects
   * after a connection loss; messages sent while it was down are lost (live updates, not records).
   */
  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({
        connectionString: this.url,
        application_name: 'atelier-kubernetes-listen',
      });
      next.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) handler(message.payload);
      });
      next.on('error', () => {
        void next.end().catch(() => undefined);
        if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), 2000);
      });
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = next;
    };
    await connect().catch((err: unknown) => {
      throw unreachable(err) ?? err;
    });
    const stop = async () => {
      stopped = true;
      clearTimeout(retry);
      this.listeners.delete(stop);
      await client?.end().catch(() => undefined);
    };
    this.listeners.add(stop);
    return stop;
  }

  async close(): Promise<void> {
    for (const stop of [...this.listeners]) await stop();
    await this.pool.end();
  }
}

/** openPostgresDb connects to DATABASE_URL and applies pending migrations. */
export async function openPostgresDb(url: string, options: PostgresOptions = {}): Promise<PostgresDb> {
  const db = new PostgresDb(url, options);
  try {
    await db.migrate();
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

function queryOn<T>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly SqlValue[],
): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
  return target.query<T & pg.QueryResultRow>(numberPlaceholders(sql), [...params]).catch((err: unknown) => {
    throw unreachable(err) ?? err;
  });
}

/** NETWORK_CODES are the socket errors of a server that cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

/**
 * unreachable wraps a "cannot reach PostgreSQL" failure (socket error, pool wait timeout, connection
 * dropped mid-query) in one recognisable error (code PLATFORM_DB_UNREACHABLE, the original as cause), so
 * storage-failure.ts answers a French 503 instead of an unexpected error. Other errors pass unchanged.
 */
export function unreachable(err: unknown): Error | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  const network =
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    err.message.includes('timeout exceeded when trying to connect') ||
    err.message.startsWith('Connection terminated');
  if (!network) return undefined;
  return Object.assign(new Error(`PostgreSQL unreachable: ${err.message}`, { cause: err }), {
    code: 'PLATFORM_DB_UNREACHABLE',
  });
}

/** numberPlaceholders turns `?` placeholders into `$1…$n`, leaving quoted text and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** isRetryable: serialization failure or deadlock, both mean "replay the transaction". */
function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
