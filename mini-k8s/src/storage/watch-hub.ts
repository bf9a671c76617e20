/**
 * WatchHub fans storage events out to watchers for both store implementations.
 *
 * Contract:
 * - Each watcher receives its events in revision order: first the replay events given at `add`, then
 *   every published event that matches its prefix (or exact key) with a revision above the last one it
 *   was given.
 * - Delivery is asynchronous (a microtask per burst), never inside `add` or `publish`: a callback can
 *   therefore call `stop()` on its own handle, or write to the store, without re-entering delivery and
 *   without reordering events for other watchers.
 * - A callback that throws is dropped (`onClose` with the reason) and never affects the store or the other
 *   watchers. A watcher whose backlog exceeds `maxBacklog` is dropped the same way.
 * - After `stop()` returns, no event is delivered to that watcher.
 *
 * Events are shared between watchers: their objects must be deep-frozen by the store.
 */
import type { WatchEvent, WatchOptions, Watcher } from './interface';
import { matchesKey } from './keys';

/** DEFAULT_MAX_BACKLOG bounds the events queued for one watcher before it is dropped. */
export const DEFAULT_MAX_BACKLOG = 100_000;

class HubWatcher implements Watcher {
  private queue: WatchEvent[] = [];
  private head = 0;
  private scheduled = false;
  private stopped = false;
  /** lastRevision is the revision of the newest event queued, so a replay and live events never overlap. */
  lastRevision: number;

  constructor(
    private readonly hub: WatchHub,
    readonly prefix: string,
    private readonly options: WatchOptions,
  ) {
    this.lastRevision = options.fromRevision;
  }

  enqueue(event: WatchEvent): void {
    if (this.stopped || event.revision <= this.lastRevision) return;
    this.lastRevision = event.revision;
    this.queue.push(event);
    if (this.queue.length - this.head > this.hub.maxBacklog) {
      this.drop(`watcher fell too far behind (more than ${this.hub.maxBacklog} pending events)`);
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    while (!this.stopped && this.head < this.queue.length) {
      const event = this.queue[this.head++];
      try {
        this.options.onEvent(event);
      } catch (err) {
        this.drop(`watch callback failed: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    this.queue = [];
    this.head = 0;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = [];
    this.hub.remove(this);
  }

  /** drop stops the watcher and tells its owner why (store closing, slow or failing consumer). */
  drop(reason: string): void {
    if (this.stopped) return;
    this.stop();
    try {
      this.options.onClose?.(reason);
    } catch {
      // The watcher is gone either way; a failing onClose must not break the store.
    }
  }
}

export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();

  constructor(readonly maxBacklog: number = DEFAULT_MAX_BACKLOG) {}

  /** add registers a watcher on a prefix (ending in `/`) or exact key; replay holds its first events, in revision order. */
  add(prefix: string, options: WatchOptions, replay: Iterable<WatchEvent>): Watcher {
    const watcher = new HubWatcher(this, prefix, options);
    this.watchers.add(watcher);
    for (const event of replay) watcher.enqueue(event);
    return watcher;
  }

  /** publish queues an event for every matching watcher; call it in revision order, after the write is committed. */
  publish(event: WatchEvent): void {
    for (const watcher of this.watchers) {
      if (matchesKey(watcher.prefix, event.key)) watcher.enqueue(event);
    }
  }

  /** closeAll drops every watcher with the reason (their onClose is called). */
  closeAll(reason: string): void {
    for (const watcher of [...this.watchers]) watcher.drop(reason);
  }

  /** size is the number of active watchers. */
  get size(): number {
    return this.watchers.size;
  }

  /** remove forgets a stopped watcher (called by the watcher itself). */
  remove(watcher: HubWatcher): void {
    this.watchers.delete(watcher);
  }
}
