/**
 * Event expiry, kube-apiserver's `--event-ttl` (default 1h): upstream, every write of an Event (create or
 * update) attaches an etcd lease of that length to its key, so an Event disappears one TTL after its last
 * write and watchers see it DELETED. Here the registry's storage is watched under the Events prefix (both
 * core/v1 and events.k8s.io/v1 Events are stored there): each ADDED or MODIFIED re-arms the key's deadline at
 * write time + TTL, and one timer per cluster, armed for the earliest deadline, deletes what is due with the
 * resourceVersion it armed as precondition (a write in between wins and has re-armed it).
 *
 * Events already stored when the expiry starts (a sandbox woken from its SQLite file) have no lease to read:
 * their deadline counts from the latest time the Event itself records (lastTimestamp, eventTime,
 * series.lastObservedTime, creationTimestamp), so a cluster asleep for hours drops its old Events on waking.
 */
import type { KubeObject } from '../../api/object';
import { isConflict, isNotFound } from '../../machinery/errors';
import type { Storage, Watcher, WatchEvent } from '../../storage/interface';
import { keyFor, prefixFor } from '../../storage/keys';

/** EVENTS is the storage identity of Events (events.k8s.io/v1 shares core/v1's storage). */
const EVENTS = { group: '', resource: 'events' };

/** EVENTS_PREFIX is where Events are stored. */
export const EVENTS_PREFIX = prefixFor(EVENTS, undefined);

/** DEFAULT_EVENT_TTL_SECONDS is kube-apiserver's `--event-ttl` default: one hour. */
export const DEFAULT_EVENT_TTL_SECONDS = 3600;

export interface EventExpiryOptions {
  /** How long an Event lives after its last write, in seconds (> 0). */
  ttlSeconds: number;
  now?: () => Date;
  /** Receives failures of the list, the watch or a delete (the expiry retries by itself). */
  onError?: (err: unknown) => void;
}

/** Armed is one Event's lease: when it is due and the resourceVersion that armed it. */
interface Armed {
  deadline: number;
  resourceVersion: string;
}

/** STORAGE_CLOSED is the reason the stores give their watchers when they close. */
const STORAGE_CLOSED = 'storage closed';

/** Delay before a delete the store refused for another reason than NotFound or Conflict is tried again. */
const RETRY_DELAY_MS = 10_000;

/** Delay before listing and watching again after the storage dropped the watch. */
const RESTART_DELAY_MS = 1000;

/**
 * EventExpiry deletes Events one TTL after their last write. `start()` lists and watches; `sweep()` deletes
 * what is due now (the timer calls it; tests call it with a controlled clock); `stop()` ends both.
 */
export class EventExpiry {
  private readonly ttlMs: number;
  private readonly now: () => Date;
  private readonly onError: (err: unknown) => void;
  private readonly armed = new Map<string, Armed>();
  private watcher: Watcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Infinity;
  private sweeping: Promise<number> | undefined;
  private stopped = false;
  private started = false;

  constructor(
    private readonly storage: Storage,
    options: EventExpiryOptions,
  ) {
    if (!(options.ttlSeconds > 0)) throw new Error(`event TTL must be positive, got ${options.ttlSeconds}`);
    this.ttlMs = options.ttlSeconds * 1000;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * start arms the stored Events, then follows every write. On the first start an Event counts from its own
   * latest timestamp; when the watch was dropped and is taken up again, an Event unchanged since keeps its lease,
   * one written meanwhile counts from now, and one deleted meanwhile is forgotten.
   */
  async start(): Promise<void> {
    const listed = await this.storage.list(EVENTS_PREFIX);
    if (this.stopped) return;
    const restarting = this.started;
    this.started = true;
    const previous = new Map(this.armed);
    this.armed.clear();
    for (const event of listed.items) {
      const { namespace, name, resourceVersion = '' } = event.metadata;
      if (!name) continue;
      const key = keyFor(EVENTS, namespace, name);
      const known = previous.get(key);
      const deadline = !restarting
        ? lastRecordedTime(event) + this.ttlMs
        : known?.resourceVersion === resourceVersion
          ? known.deadline
          : this.now().getTime() + this.ttlMs;
      this.arm(key, deadline, resourceVersion);
    }
    this.watcher = this.storage.watch(EVENTS_PREFIX, {
      fromRevision: listed.revision,
      onEvent: (event) => this.observe(event),
      // A closed storage ends the expiry; a dropped watch (fallen behind) is taken up again.
      onClose: (reason) => (reason === STORAGE_CLOSED ? this.stop() : this.restartLater()),
    });
    this.schedule();
  }

  /** pending is how many Events have a deadline (for tests and metrics). */
  get pending(): number {
    return this.armed.size;
  }

  /** sweep deletes every Event whose deadline has passed and returns how many it deleted. */
  sweep(): Promise<number> {
    this.sweeping ??= this.deleteDue().finally(() => {
      this.sweeping = undefined;
      this.schedule();
    });
    return this.sweeping;
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.stop();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armed.clear();
  }

  private observe(event: WatchEvent): void {
    if (event.type === 'DELETED') {
      this.armed.delete(event.key);
      return;
    }
    const deadline = this.now().getTime() + this.ttlMs;
    this.arm(event.key, deadline, event.object.metadata.resourceVersion ?? '');
    // A write's deadline is the latest of all: a timer already set (for an earlier one) stays right.
    if (!this.timer || this.timerDue > deadline) this.schedule();
  }

  private arm(key: string, deadline: number, resourceVersion: string): void {
    this.armed.set(key, { deadline, resourceVersion });
  }

  private async deleteDue(): Promise<number> {
    const now = this.now().getTime();
    const due = [...this.armed].filter(([, armed]) => armed.deadline <= now);
    let deleted = 0;
    for (const [key, armed] of due) {
      if (this.stopped) break;
      try {
        await this.storage.delete(key, { resourceVersion: armed.resourceVersion });
        deleted++;
      } catch (err) {
        // Deleted meanwhile, or written since (that write re-armed the key): nothing to do. Anything else (a
        // busy or failing store) is tried again a little later.
        if (!isNotFound(err) && !isConflict(err)) {
          this.onError(err);
          if (this.armed.get(key) === armed) this.arm(key, now + RETRY_DELAY_MS, armed.resourceVersion);
          continue;
        }
      }
      // Why: the DELETED watch event also disarms, but only in a later microtask; a key armed again since
      // `due` was taken keeps its newer lease.
      if (this.armed.get(key) === armed) this.armed.delete(key);
    }
    return deleted;
  }

  /** schedule keeps one timer, due at the earliest deadline rounded up to the second (one wake-up per second at most). */
  private schedule(): void {
    if (this.stopped || this.sweeping) return;
    let earliest = Infinity;
    for (const armed of this.armed.values()) earliest = Math.min(earliest, armed.deadline);
    if (earliest === Infinity) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Infinity;
      return;
    }
    const due = Math.ceil(earliest / 1000) * 1000;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDue = Infinity;
        void this.sweep();
      },
      Math.max(0, due - this.now().getTime()),
    );
    this.timer.unref?.();
  }

  /** restartLater lists and watches again after the storage dropped the watch (not after stop or close). */
  private restartLater(): void {
    this.watcher = undefined;
    if (this.stopped) return;
    const timer = setTimeout(() => {
      if (this.stopped) return;
      this.start().catch((err: unknown) => {
        this.onError(err);
        this.restartLater();
      });
    }, RESTART_DELAY_MS);
    timer.unref?.();
  }
}

/**
 * lastRecordedTime is the latest write time an Event records about itself, in ms: what stands in for its
 * lease when the expiry starts on Events stored before.
 */
export function lastRecordedTime(event: KubeObject): number {
  const series = event.series as { lastObservedTime?: unknown } | undefined;
  const candidates = [
    event.lastTimestamp,
    event.eventTime,
    series?.lastObservedTime,
    event.metadata.creationTimestamp,
  ];
  let latest = -Infinity;
  for (const value of candidates) {
    if (typeof value !== 'string') continue;
    const time = Date.parse(value);
    if (Number.isFinite(time)) latest = Math.max(latest, time);
  }
  return Number.isFinite(latest) ? latest : 0;
}
