/**
 * MemoryStorage is the in-memory MVCC implementation of Storage, the default for sandboxes.
 *
 * State: a Map from key to the current entry (a deep-frozen object and its revision) for O(1) gets, a
 * sorted key array for prefix scans (sorted-keys.ts), one global revision counter, and a ring buffer of
 * the newest `historyLimit` events (event-ring.ts). Watches replay from the ring, then follow live writes.
 *
 * Snapshot reads: a continue token pins a revision R. Pages at an older R are rebuilt from the current
 * state plus an overlay computed from the events after R (the state before the first event after R of a
 * key is that key's state at R). When those events are no longer retained, the token is too old: 410.
 *
 * Mutation safety: objects are deep-copied and frozen on the way in (so a caller keeping a reference
 * cannot change stored state) and deep-copied on the way out of get/list/writes (so callers may mutate
 * what they receive). Watch events are shared by all watchers and carry the frozen stored objects
 * themselves: copying per watcher would make every write O(watchers x object size); mutating an event
 * object throws a TypeError instead of corrupting the store.
 */
import type { KubeObject } from '../../api/object';
import { decodeContinue } from '../continue-token';
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
import { cloneJson, prepareForWrite, sameStoredContent, withResourceVersion } from '../json';
import { matchesKey, prefixEnd } from '../keys';
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
import { EventRing } from './event-ring';
import { SortedKeys } from './sorted-keys';

/** MemoryStorageOptions configure a MemoryStorage. */
export interface MemoryStorageOptions {
  /** How many events (revisions) of history to keep for watches and snapshot pages; default 10,000. */
  historyLimit?: number;
}

/** DEFAULT_HISTORY_LIMIT is the default event history length. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

interface Entry {
  /** Deep-frozen stored object; its metadata.resourceVersion is String(revision). */
  obj: KubeObject;
  revision: number;
}

export class MemoryStorage implements Storage {
  private readonly items = new Map<string, Entry>();
  private readonly keys = new SortedKeys();
  private readonly history: EventRing;
  private readonly hub = new WatchHub();
  private revision = 0;
  private closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    this.history = new EventRing(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    this.assertOpen();
    if (this.items.has(key)) throw alreadyExistsForKey(key);
    const revision = this.revision + 1;
    const stored = prepareForWrite(obj, revision);
    this.items.set(key, { obj: stored, revision });
    this.keys.insert(key);
    this.commit({ type: 'ADDED', key, object: stored, revision });
    return cloneJson(stored);
  }

  async get(key: string): Promise<KubeObject | undefined> {
    this.assertOpen();
    const entry = this.items.get(key);
    return entry ? cloneJson(entry.obj) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    let revision = this.revision;
    let from = prefix;
    if (options.continueFrom) {
      const position = decodeContinue(prefix, options.continueFrom);
      // A token from the future cannot come from this store; treat it like a compacted one.
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
      output: cloneJson,
    });
  }

  async guaranteedUpdate(
    key: string,
    tryUpdate: UpdateFunc,
    preconditions?: Preconditions,
  ): Promise<KubeObject> {
    for (;;) {
      this.assertOpen();
      const entry = this.items.get(key);
      if (!entry) throw notFoundForKey(key);
      checkUpdatePreconditions(key, entry.obj, preconditions);
      const candidate = await tryUpdate(cloneJson(entry.obj));
      this.assertOpen();
      // Optimistic concurrency: another write landed while tryUpdate ran; recompute from the new state.
      if (this.items.get(key) !== entry) continue;
      if (sameStoredContent(candidate, entry.obj)) return cloneJson(entry.obj);
      const revision = this.revision + 1;
      const stored = prepareForWrite(candidate, revision);
      this.items.set(key, { obj: stored, revision });
      this.commit({ type: 'MODIFIED', key, object: stored, prevObject: entry.obj, revision });
      return cloneJson(stored);
    }
  }

  async delete(key: string, preconditions?: Preconditions): Promise<KubeObject> {
    this.assertOpen();
    const entry = this.items.get(key);
    if (!entry) throw notFoundForKey(key);
    checkDeletePreconditions(key, entry.obj, preconditions);
    const revision = this.revision + 1;
    this.items.delete(key);
    this.keys.remove(key);
    this.commit({
      type: 'DELETED',
      key,
      object: withResourceVersion(entry.obj, revision),
      prevObject: entry.obj,
      revision,
    });
    return cloneJson(entry.obj);
  }

  watch(prefix: string, options: WatchOptions): Watcher {
    this.assertOpen();
    const oldest = this.oldestRevision();
    if (options.fromRevision < oldest - 1) throw tooOldResourceVersion(options.fromRevision, oldest);
    const replay: WatchEvent[] = [];
    for (const event of this.history.after(options.fromRevision)) {
      if (matchesKey(prefix, event.key)) replay.push(event);
    }
    return this.hub.add(prefix, options, replay);
  }

  /** watcherCount is the number of open watches (tests check that closed watches are released). */
  watcherCount(): number {
    return this.hub.size;
  }

  currentRevision(): number {
    return this.revision;
  }

  oldestRevision(): number {
    return this.history.oldest(this.revision);
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    if (!prefix.endsWith('/')) return this.items.has(prefix) ? 1 : 0;
    return this.keys.countRange(prefix, prefixEnd(prefix));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll('storage closed');
  }

  /** commit records a write's event and hands it to the watchers; the write itself is already applied. */
  private commit(event: WatchEvent): void {
    this.revision = event.revision;
    this.history.push(event);
    this.hub.publish(event);
  }

  private assertOpen(): void {
    if (this.closed) throw storageClosed();
  }

  /** entriesAt yields the live entries of a prefix (or exact key) from key `from` on, as of revision. */
  private *entriesAt(prefix: string, from: string, revision: number): Generator<PageEntry> {
    if (!prefix.endsWith('/')) {
      const state = revision === this.revision ? this.items.get(prefix)?.obj : this.stateAt(prefix, revision);
      if (state) yield { key: prefix, load: () => state };
      return;
    }
    const end = prefixEnd(prefix);
    if (revision === this.revision) {
      for (const key of this.keys.range(from, end)) {
        const obj = (this.items.get(key) as Entry).obj;
        yield { key, load: () => obj };
      }
      return;
    }
    yield* this.mergeOverlay(this.overlayAt(from, end, revision), this.keys.range(from, end));
  }

  /**
   * overlayAt maps each key in [from, end) written after revision to its state at revision (undefined
   * when it did not exist then). Walking the events newest first, the last assignment wins: the state
   * before the earliest event after revision.
   */
  private overlayAt(from: string, end: string, revision: number): Map<string, KubeObject | undefined> {
    const overlay = new Map<string, KubeObject | undefined>();
    for (const event of this.history.newestFirstAfter(revision)) {
      if (event.key >= from && event.key < end) overlay.set(event.key, event.prevObject);
    }
    return overlay;
  }

  private stateAt(key: string, revision: number): KubeObject | undefined {
    const overlay = this.overlayAt(key, `${key}\u0000`, revision);
    return overlay.has(key) ? overlay.get(key) : this.items.get(key)?.obj;
  }

  /** mergeOverlay merges current keys (already in order) with overlay keys, the overlay deciding each key's state. */
  private *mergeOverlay(
    overlay: Map<string, KubeObject | undefined>,
    currentKeys: Iterable<string>,
  ): Generator<PageEntry> {
    const overlayKeys = [...overlay.keys()].sort();
    let i = 0;
    const emitOverlay = function* (key: string): Generator<PageEntry> {
      const obj = overlay.get(key);
      if (obj) yield { key, load: () => obj };
    };
    for (const key of currentKeys) {
      while (i < overlayKeys.length && overlayKeys[i] < key) yield* emitOverlay(overlayKeys[i++]);
      if (i < overlayKeys.length && overlayKeys[i] === key) {
        yield* emitOverlay(overlayKeys[i++]);
        continue;
      }
      const obj = (this.items.get(key) as Entry).obj;
      yield { key, load: () => obj };
    }
    while (i < overlayKeys.length) yield* emitOverlay(overlayKeys[i++]);
  }
}
