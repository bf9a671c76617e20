/**
 * Storage is the contract between the API server's registry and a key-value store with watch, modelled on
 * k8s.io/apiserver/pkg/storage.Interface (and on etcd3 semantics, as kine maps them onto SQL).
 *
 * Keys look like `/registry/<group-or-core>/<resource>/<namespace>/<name>` (cluster-scoped: no namespace
 * segment). Every successful write increments ONE global revision counter; the object returned by a write
 * carries that revision as `metadata.resourceVersion` (a decimal string). Revisions never go backwards,
 * even across a restart of a durable implementation.
 *
 * Implementations: `memory/` (MVCC with a bounded event history, the default for sandboxes) and `sqlite/`
 * (durable: a write is on disk before its promise resolves). Both pass `testing/conformance.ts`.
 * Only the API server's registry may use Storage; every other component goes through the API.
 */
import type { KubeObject } from '../api/object';

/** WatchEventType is the type of a storage event. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** WatchEvent is one change at one revision. For DELETED, `object` is the last state with the deletion revision as resourceVersion. */
export interface WatchEvent {
  type: WatchEventType;
  key: string;
  object: KubeObject;
  /** The object before this change (MODIFIED, DELETED); lets the API server evaluate selectors on both states. */
  prevObject?: KubeObject;
  revision: number;
}

/** ListOptions select a page of keys under a prefix, in key order. */
export interface ListOptions {
  /** Maximum number of items; 0 or undefined means no limit. */
  limit?: number;
  /** Opaque token from a previous page: continue after this key at the same snapshot revision. */
  continueFrom?: string;
  /** Keep only matching objects; pagination counts matches (as the real apiserver's filtered list does). */
  predicate?: (obj: KubeObject) => boolean;
}

/** ListResult is one page. */
export interface ListResult {
  items: KubeObject[];
  /** Revision the list reflects (the store's current revision when the list ran). */
  revision: number;
  /** Set when more items remain: pass it back as `continueFrom`. */
  continue?: string;
  /** How many matching items remain after this page, when known. */
  remainingItemCount?: number;
}

/** Preconditions guard a write, like metav1.Preconditions. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * UpdateFunc computes the new object from the current one. It may throw (e.g. a StatusError) to abort
 * the update. Returning the same object reference (unchanged) makes the update a no-op that keeps
 * the current resourceVersion.
 */
export type UpdateFunc = (current: KubeObject) => KubeObject | Promise<KubeObject>;

/** Watcher is a running watch; `stop()` ends it and no event is delivered after it returns. */
export interface Watcher {
  stop(): void;
}

/** WatchOptions configure a watch. */
export interface WatchOptions {
  /** Deliver events with revision strictly greater than this. Must be >= the oldest retained revision - 1, else `watch` throws a 410 Gone StatusError. */
  fromRevision: number;
  /** Called for each event in revision order. */
  onEvent: (event: WatchEvent) => void;
  /** Called once when the store closes or drops the watcher (e.g. it fell too far behind). */
  onClose?: (reason: string) => void;
}

export interface Storage {
  /** create stores a new object at key; throws AlreadyExists (409) if the key exists. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;

  /** get returns the object at key, or undefined. */
  get(key: string): Promise<KubeObject | undefined>;

  /** list returns objects whose key starts with prefix (a prefix ending in `/`), in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /**
   * guaranteedUpdate reads the current object, applies tryUpdate, and writes the result if nothing
   * changed meanwhile, retrying tryUpdate on a concurrent write. Throws NotFound (404) if the key does
   * not exist, and Conflict (409) if preconditions fail.
   */
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, preconditions?: Preconditions): Promise<KubeObject>;

  /** delete removes the object at key and returns its last state; throws NotFound or Conflict (preconditions). */
  delete(key: string, preconditions?: Preconditions): Promise<KubeObject>;

  /** watch streams changes under a prefix (or one exact key) from a revision. */
  watch(prefix: string, options: WatchOptions): Watcher;

  /** currentRevision is the revision of the last successful write (0 for an empty new store). */
  currentRevision(): number;

  /** oldestRevision is the oldest revision a watch can start from (events before it were compacted). */
  oldestRevision(): number;

  /** count returns how many objects exist under prefix. */
  count(prefix: string): Promise<number>;

  /** close releases resources; open watchers get onClose. */
  close(): Promise<void>;
}
