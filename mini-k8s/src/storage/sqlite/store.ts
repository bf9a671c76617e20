/**
 * SqliteStorage is the durable implementation of Storage on better-sqlite3 (kine-like schema, see
 * schema.ts). A write's promise resolves only after its transaction is committed and fsynced (WAL,
 * synchronous=FULL), so an acknowledged write survives kill -9.
 *
 * The process is the only writer (the database is opened in EXCLUSIVE locking mode): the current revision
 * is kept in memory, and watches are served from in-process notifications, with replay of older events
 * read from the `log` table. History is compacted to the newest `historyLimit` revisions (plus, for each
 * key, the row that was current at the compaction mark), in batches of a tenth of the limit.
 *
 * Objects returned by get/list/writes are fresh copies; watch events carry deep-frozen objects shared by
 * all watchers (as in MemoryStorage).
 */
import Database from 'better-sqlite3';
import type { KubeObject } from '../../api/object';
import { decodeContinue } from '../continue-token';
import { JSON_CODEC } from '../value-codec';
import type { ValueCodec } from '../value-codec';
import type {
  ListOptions,
  ListResult,
  Preconditions,
  Storage,
  UpdateFunc,
  WatchEvent,
  WatchOptions,
  Watcher,
} from '../interface';
import { cloneJson, freezeClone, prepareForWrite, sameStoredContent, withResourceVersion } from '../json';
import { prefixEnd } from '../keys';
import { collectPage, type PageEntry } from '../list-page';
import {
  alreadyExistsForKey,
  checkDeletePreconditions,
  checkUpdatePreconditions,
  continueTooOld,
  notFoundForKey,
  storageClosed,
  tooOldResourceVersion,
} from '../storage-errors';
import { WatchHub } from '../watch-hub';
import { configure, migrate, prepare, type LogRow, type Statements } from './schema';
import { toStorageError } from './sqlite-errors';

/** SqliteStorageOptions configure a SqliteStorage. */
export interface SqliteStorageOptions {
  /** Database file; created if missing. */
  path: string;
  /** Revisions of history to keep for watches and snapshot pages; default 10,000. */
  historyLimit?: number;
  /** How long to wait for a lock held by someone else before failing with 503; default 5,000 ms. */
  busyTimeoutMs?: number;
  /** How values are written and read (encryption at rest); default plain JSON. */
  codec?: ValueCodec;
  /**
   * When a write is durable before it is acknowledged: `full` (default) fsyncs every commit (survives power
   * loss); `normal` leaves it in the WAL in the OS cache (survives kill -9 of the process, not power loss).
   */
  synchronous?: 'full' | 'normal';
}

const COMPACT_MARK = 'compact_revision';

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly hub = new WatchHub();
  private readonly path: string;
  private readonly codec: ValueCodec;
  private readonly historyLimit: number;
  private revision: number;
  private compacted: number;
  private closed = false;

  /** The constructor opens (or creates) the database; it throws a 503 StatusError if another process holds it. */
  constructor(options: SqliteStorageOptions) {
    this.path = options.path;
    this.codec = options.codec ?? JSON_CODEC;
    this.historyLimit = options.historyLimit ?? 10_000;
    if (!Number.isSafeInteger(this.historyLimit) || this.historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${this.historyLimit}`);
    }
    const db = new Database(options.path);
    try {
      configure(db, options.busyTimeoutMs ?? 5000, options.synchronous ?? 'full');
      migrate(db);
      this.sql = prepare(db);
      this.compacted = this.sql.getMeta.get(COMPACT_MARK)?.value ?? 0;
      this.revision = Math.max(this.sql.maxRevision.get()?.n ?? 0, this.compacted);
    } catch (err) {
      db.close();
      throw toStorageError(err, this.path);
    }
    this.db = db;
  }

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    return this.guard(() => {
      if (this.sql.get.get(key)) throw alreadyExistsForKey(key);
      const revision = this.revision + 1;
      const stored = prepareForWrite(obj, revision);
      const value = this.codec.encode(key, stored);
      this.write(() => {
        this.sql.insertLog.run(revision, key, 1, 0, 0, value);
        this.sql.upsertKv.run(key, revision, value);
      });
      this.commit({ type: 'ADDED', key, object: stored, revision });
      return cloneJson(stored);
    });
  }

  async get(key: string): Promise<KubeObject | undefined> {
    return this.guard(() => {
      const row = this.sql.get.get(key);
      return row ? this.codec.decode(key, row.value) : undefined;
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    return this.guard(() => {
      let revision = this.revision;
      let from = prefix;
      if (options.continueFrom) {
        const position = decodeContinue(prefix, options.continueFrom);
        if (position.revision > this.revision || position.revision < this.oldestRevision() - 1) {
          throw continueTooOld();
        }
        revision = position.revision;
        from = position.startKey;
      }
      return collectPage(this.entriesAt(prefix, from, revision), {
        prefix,
        revision,
        options,
        output: (obj) => obj,
      });
    });
  }

  async guaranteedUpdate(
    key: string,
    tryUpdate: UpdateFunc,
    preconditions?: Preconditions,
  ): Promise<KubeObject> {
    for (;;) {
      const read = this.guard(() => {
        const row = this.sql.get.get(key);
        if (!row) throw notFoundForKey(key);
        const current = this.codec.decode(key, row.value);
        checkUpdatePreconditions(key, current, preconditions);
        return { row, current };
      });
      const candidate = await tryUpdate(this.codec.decode(key, read.row.value));
      const outcome = this.guard(() => {
        const latest = this.sql.get.get(key);
        // Optimistic concurrency: another write landed while tryUpdate ran; recompute from the new state.
        if (!latest || latest.revision !== read.row.revision) return undefined;
        if (sameStoredContent(candidate, read.current)) return read.current;
        const revision = this.revision + 1;
        const stored = prepareForWrite(candidate, revision);
        const value = this.codec.encode(key, stored);
        this.write(() => {
          this.sql.insertLog.run(revision, key, 0, 0, read.row.revision, value);
          this.sql.upsertKv.run(key, revision, value);
        });
        const prevObject = freezeClone(read.current);
        this.commit({ type: 'MODIFIED', key, object: stored, prevObject, revision });
        return cloneJson(stored);
      });
      if (outcome) return outcome;
    }
  }

  async delete(key: string, preconditions?: Preconditions): Promise<KubeObject> {
    return this.guard(() => {
      const row = this.sql.get.get(key);
      if (!row) throw notFoundForKey(key);
      const last = this.codec.decode(key, row.value);
      checkDeletePreconditions(key, last, preconditions);
      const revision = this.revision + 1;
      this.write(() => {
        this.sql.insertLog.run(revision, key, 0, 1, row.revision, row.value);
        this.sql.deleteKv.run(key);
      });
      const prevObject = freezeClone(last);
      this.commit({
        type: 'DELETED',
        key,
        object: withResourceVersion(prevObject, revision),
        prevObject,
        revision,
      });
      return last;
    });
  }

  watch(prefix: string, options: WatchOptions): Watcher {
    return this.guard(() => {
      const oldest = this.oldestRevision();
      if (options.fromRevision < oldest - 1) throw tooOldResourceVersion(options.fromRevision, oldest);
      // Reading the replay and registering the watcher happen in one synchronous step: no write can
      // slip between them, so the watcher sees every revision exactly once.
      const rows = prefix.endsWith('/')
        ? this.sql.replayRange.all(options.fromRevision, prefix, prefixEnd(prefix))
        : this.sql.replayKey.all(options.fromRevision, prefix);
      return this.hub.add(
        prefix,
        options,
        rows.map((row) => eventFromRow(row, this.codec)),
      );
    });
  }

  /** watcherCount is the number of open watches (tests check that closed watches are released). */
  watcherCount(): number {
    return this.hub.size;
  }

  currentRevision(): number {
    return this.revision;
  }

  oldestRevision(): number {
    return this.compacted + 1;
  }

  async count(prefix: string): Promise<number> {
    return this.guard(() => {
      if (!prefix.endsWith('/')) return this.sql.get.get(prefix) ? 1 : 0;
      return this.sql.count.get(prefix, prefixEnd(prefix))?.n ?? 0;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll('storage closed');
    this.db.close();
  }

  /** guard runs a synchronous step on an open store and maps SQLite failures to StatusErrors. */
  private guard<T>(step: () => T): T {
    if (this.closed) throw storageClosed();
    try {
      return step();
    } catch (err) {
      throw toStorageError(err, this.path);
    }
  }

  /** write runs statements in one immediate transaction; on failure nothing is applied (SQLite rolls back). */
  private write(statements: () => void): void {
    try {
      this.db.transaction(statements).immediate();
    } catch (err) {
      // A failed COMMIT (disk full, I/O error) can leave the transaction open; roll it back explicitly.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** commit advances the revision after a committed write, notifies watchers and compacts when due. */
  private commit(event: WatchEvent): void {
    this.revision = event.revision;
    this.hub.publish(event);
    const slack = Math.max(1, Math.floor(this.historyLimit / 10));
    if (this.revision - this.compacted > this.historyLimit + slack)
      this.compact(this.revision - this.historyLimit);
  }

  /**
   * compact drops history at or below mark (keeping each key's row current at the mark). A failure
   * here leaves the previous mark in place: the committed write is unaffected, and the next write retries.
   */
  private compact(mark: number): void {
    const previous = this.compacted;
    try {
      this.db
        .transaction(() => {
          this.sql.compact.run(previous, mark, previous, mark);
          this.sql.setMeta.run(COMPACT_MARK, mark);
        })
        .immediate();
      this.compacted = mark;
    } catch {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
  }

  /** entriesAt yields the live entries of a prefix (or exact key) from key `from` on, as of revision. */
  private *entriesAt(prefix: string, from: string, revision: number): Generator<PageEntry> {
    if (!prefix.endsWith('/')) {
      const row =
        revision === this.revision
          ? this.sql.get.get(prefix)
          : ((r) => (r && !r.deleted ? r : undefined))(this.sql.getAt.get(prefix, revision));
      if (row) yield { key: prefix, load: () => this.codec.decode(prefix, row.value) };
      return;
    }
    const end = prefixEnd(prefix);
    const rows =
      revision === this.revision
        ? this.sql.listCurrent.iterate(from, end)
        : this.sql.listAt.iterate(from, end, revision);
    for (const row of rows) yield { key: row.key, load: () => this.codec.decode(row.key, row.value) };
  }
}

/** eventFromRow rebuilds a watch event from a log row (objects deep-frozen, shared by watchers). */
function eventFromRow(row: LogRow, codec: ValueCodec): WatchEvent {
  const object = freezeClone(codec.decode(row.key, row.value));
  if (row.deleted) {
    return {
      type: 'DELETED',
      key: row.key,
      object: withResourceVersion(object, row.id),
      prevObject: object,
      revision: row.id,
    };
  }
  if (row.created) return { type: 'ADDED', key: row.key, object, revision: row.id };
  const event: WatchEvent = { type: 'MODIFIED', key: row.key, object, revision: row.id };
  if (row.prev !== null) event.prevObject = freezeClone(codec.decode(row.key, row.prev));
  return event;
}
