/**
 * startWatch serves an API watch over storage events, as the watch cache does upstream:
 * - resourceVersion unset or "0": synthetic ADDED events for the current matching objects, then changes;
 *   "N": changes after N; a compacted N yields one ERROR event (410 Expired, `too old resource version`).
 * - Selectors are evaluated on the old and the new state: an object entering the selection is ADDED,
 *   leaving it is DELETED (with its previous state at the event's resourceVersion), staying is MODIFIED.
 * - allowWatchBookmarks: a BOOKMARK with the last seen revision about every `bookmarkIntervalMs` (jittered, see
 *   `bookmarkDelay`).
 * - timeoutSeconds: the watch ends by itself (onClose('timeout')); the HTTP layer then ends the response.
 * onClose is also called when storage drops the watch; never after stop().
 */
import type { KubeObject } from '../../api/object';
import { apiVersionOf } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { errors, StatusError } from '../../machinery/errors';
import type { Watcher, WatchEvent } from '../../storage/interface';
import { fromStorageVersion } from './conversion';
import type { GenericStore } from './generic-store';
import type { ApiWatchEvent, ApiWatcher, ListOptions } from './interface';
import { clone } from './meta';
import { buildPredicate } from './selectors';

/** WatchSettings tune timing (tests shorten the bookmark interval). */
export interface WatchSettings {
  bookmarkIntervalMs: number;
}

/**
 * bookmarkDelay is the wait before a watch's next bookmark: the first at a random point of the second half of
 * the interval, then the interval ±10 %. Why: a cluster's informers open their watches within a few
 * milliseconds, and clusters start in batches; with a fixed interval, every bookmark of such a batch fell in
 * one run of the timers (a thousand encodes with 200 clusters in one process), holding the event loop for
 * 200 ms each minute. The apiserver's own bookmarks are not precise either (its watch cache buckets them).
 */
export function bookmarkDelay(
  intervalMs: number,
  first: boolean,
  random: () => number = Math.random,
): number {
  return first ? intervalMs * (0.5 + random() * 0.5) : intervalMs * (0.9 + random() * 0.2);
}

/** translateEvent applies the selector to both states of a storage event; undefined when invisible. */
export function translateEvent(
  event: WatchEvent,
  matches: (obj: KubeObject) => boolean,
): { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | undefined {
  if (event.type === 'ADDED')
    return matches(event.object) ? { type: 'ADDED', object: event.object } : undefined;
  if (event.type === 'DELETED') {
    return matches(event.prevObject ?? event.object) || matches(event.object)
      ? { type: 'DELETED', object: event.object }
      : undefined;
  }
  const now = matches(event.object);
  const before = event.prevObject ? matches(event.prevObject) : now;
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before && event.prevObject) {
    // The object left the selection: clients see its last matching state, at this event's version.
    const gone = clone(event.prevObject);
    gone.metadata.resourceVersion = String(event.revision);
    return { type: 'DELETED', object: gone };
  }
  return undefined;
}

export async function startWatch(
  store: GenericStore,
  info: ResourceInfo,
  namespace: string | undefined,
  options: ListOptions,
  settings: WatchSettings,
  onEvent: (event: ApiWatchEvent) => void,
  onClose?: (reason: string) => void,
): Promise<ApiWatcher> {
  const storage = store.storage;
  const prefix = store.prefix(info, namespace);
  const predicate = buildPredicate(info, options) ?? (() => true);
  const rv = options.resourceVersion;
  if (rv && rv !== '0' && !/^\d+$/.test(rv)) {
    throw errors.badRequest(
      `Invalid value: ${JSON.stringify(rv)}: resourceVersion must be an unsigned integer`,
    );
  }

  let stopped = false;
  let watcher: Watcher | undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  const emit = (event: ApiWatchEvent) => {
    if (!stopped) onEvent(event);
  };
  const halt = () => {
    stopped = true;
    clearTimeout(bookmarkTimer);
    clearTimeout(timeoutTimer);
    watcher?.stop();
  };
  const finish = (reason: string) => {
    if (stopped) return;
    halt();
    onClose?.(reason);
  };

  let fromRevision: number;
  if (!rv || rv === '0') {
    const current = await storage.list(prefix, { predicate });
    for (const item of current.items) emit({ type: 'ADDED', object: fromStorageVersion(info, item) });
    fromRevision = current.revision;
  } else {
    fromRevision = Number(rv);
  }
  let lastRevision = fromRevision;

  try {
    watcher = storage.watch(prefix, {
      fromRevision,
      onEvent(event) {
        if (stopped) return;
        lastRevision = Math.max(lastRevision, event.revision);
        const visible = translateEvent(event, predicate);
        if (visible) emit({ type: visible.type, object: fromStorageVersion(info, visible.object) });
      },
      onClose(reason) {
        finish(reason);
      },
    });
  } catch (err) {
    if (err instanceof StatusError && err.code === 410) {
      emit({ type: 'ERROR', object: err.toStatus() });
      // Deliver the end after the caller has its handle, like a stream that closes right away.
      queueMicrotask(() => finish('expired'));
      return { stop: halt };
    }
    throw err;
  }

  if (options.allowWatchBookmarks) {
    const tick = () => {
      emit({
        type: 'BOOKMARK',
        object: {
          kind: info.kind,
          apiVersion: apiVersionOf(info.group, info.version),
          metadata: { resourceVersion: String(lastRevision) },
        },
      });
      if (!stopped)
        bookmarkTimer = setTimeout(tick, bookmarkDelay(settings.bookmarkIntervalMs, false)).unref();
    };
    bookmarkTimer = setTimeout(tick, bookmarkDelay(settings.bookmarkIntervalMs, true)).unref();
  }
  if (options.timeoutSeconds && options.timeoutSeconds > 0) {
    timeoutTimer = setTimeout(() => finish('timeout'), options.timeoutSeconds * 1000).unref();
  }
  return { stop: halt };
}
