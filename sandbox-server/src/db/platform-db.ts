/**
 * PlatformDb is the platform's shared state store: learners, sandbox records, workshops, members, exercise
 * progress (attempts, grades, hints) and settings. Two implementations, chosen at start-up by database.ts:
 * SQLite (`sqlite/`, the default: one file in DATA_DIR) and PostgreSQL (`postgres/`, when DATABASE_URL is
 * set, shared by every replica of a scaled-out platform). Each sandbox's own cluster state is not here: it
 * stays in its per-sandbox SQLite file on the replica that owns the sandbox.
 *
 * Statements are written once in the SQL both engines accept: `?` placeholders (PostgreSQL's driver gets
 * `$1…$n`), `INSERT … ON CONFLICT … DO UPDATE` with `excluded.` and table-qualified columns, integers for
 * times (epoch milliseconds) and booleans, no engine-specific functions. The conformance suite
 * (`testing/conformance.ts`) runs the same statements and the same domain stores against both.
 */

/** SqlValue is a value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

/** RunResult tells how many rows a write changed. */
export interface RunResult {
  changes: number;
}

/** Queryable runs statements; PlatformDb and the transaction handle both implement it. */
export interface Queryable {
  /** get returns the first row of a query, or undefined. Integer columns come back as JS numbers. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** all returns every row of a query. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** run executes a write and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

export interface PlatformDb extends Queryable {
  /** kind names the engine (logs, /healthz, tests). */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * transaction runs `fn` atomically: every statement made through `tx` commits together once `fn`
   * resolves, or none does when it rejects (the rejection is passed on). Transactions are serializable:
   * a read-modify-write inside one never loses a concurrent update (SQLite serialises them on its one
   * connection; PostgreSQL runs them SERIALIZABLE and retries `fn` on a serialization failure, so `fn`
   * must have no side effects besides its statements).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** migrate applies the migrations newer than the recorded version; returns how many were applied. */
  migrate(): Promise<number>;
  /** close releases the connection(s); pending statements finish first. */
  close(): Promise<void>;
  /**
   * notify and listen, on engines shared by several processes (PostgreSQL's NOTIFY/LISTEN), carry small
   * messages (under 8000 bytes) to every process listening on the channel, the sender included. Absent on
   * SQLite: one process owns the file, in-process events are enough.
   */
  notify?(channel: string, payload: string): Promise<void>;
  /** listen delivers the channel's messages to `handler` until the returned function is called. */
  listen?(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * isUniqueViolation tells whether an error is a UNIQUE / PRIMARY KEY violation of either engine
 * (SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY, PostgreSQL SQLSTATE 23505), optionally on one column.
 */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // SQLite: "UNIQUE constraint failed: workshops.code".
    return column === undefined || message.includes(`.${column}`);
  }
  if (code === '23505') {
    // PostgreSQL: detail "Key (code)=(ABCDEF) already exists."
    const detail = (err as { detail?: unknown }).detail;
    return column === undefined || (typeof detail === 'string' && detail.startsWith(`Key (${column})=`));
  }
  return false;
}
