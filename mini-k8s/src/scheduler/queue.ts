/**
 * SchedulingQueue is kube-scheduler's PriorityQueue in small: pending pods wait in one of three places.
 * - activeQ: ready to be tried, highest priority first, then oldest first (PrioritySort);
 * - backoffQ: failed recently; they become active when their back-off expires
 *   (initial × 2^(attempts-1), capped: 1 s … 10 s by default);
 * - unschedulable: rejected by the filters; they stay until a cluster event may help
 *   (`moveAllToActiveOrBackoff`) or for at most `maxInUnschedulableMs`, then go back through backoffQ.
 * A pod whose attempt overlapped a cluster event goes to backoffQ instead of unschedulable, so the
 * event is not lost (upstream's moveRequestCycle).
 */
import type { PodInfo } from './framework/pod-info';

export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** maxInUnschedulableMs is how long a pod may stay unschedulable without a retry. */
  maxInUnschedulableMs?: number;
  /** flushIntervalMs is how often backoff and unschedulable pods are checked. */
  flushIntervalMs?: number;
  now?: () => number;
}

/** QueuedPodInfo is a pending pod with its queueing bookkeeping. */
export interface QueuedPodInfo {
  info: PodInfo;
  /** timestamp orders pods of equal priority (when first queued). */
  timestamp: number;
  attempts: number;
  /** lastAttempt is when the last failed attempt ended (back-off start, time entered unschedulable). */
  lastAttempt: number;
  /** cycle is the scheduling cycle that popped the pod. */
  cycle: number;
}

export class SchedulingQueue {
  private readonly active: QueuedPodInfo[] = [];
  private readonly backoff = new Map<string, QueuedPodInfo>();
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** inFlight holds pods popped and not yet done; updates and deletes for them are remembered. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly deletedInFlight = new Set<string>();
  private waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private readonly now: () => number;

  constructor(options: QueueOptions = {}) {
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = options.maxInUnschedulableMs ?? 5000;
    this.now = options.now ?? Date.now;
    const interval = options.flushIntervalMs ?? 250;
    if (interval > 0) {
      this.timer = setInterval(() => this.flush(), interval);
      this.timer.unref?.();
    }
  }

  /**
   * add queues a new pending pod, or refreshes a known one: with `retry` (its spec or labels changed) a
   * waiting pod moves to activeQ, otherwise it keeps its place with the fresh object.
   */
  add(info: PodInfo, retry = true): void {
    if (this.closed) return;
    if (this.inFlight.has(info.key)) {
      this.inFlight.get(info.key)!.info = info;
      return;
    }
    if (!retry) {
      const waiting = this.find(info.key);
      if (waiting) {
        waiting.info = info;
        return;
      }
    }
    const known = this.take(info.key);
    const q: QueuedPodInfo = known
      ? { ...known, info }
      : { info, timestamp: this.now(), attempts: 0, lastAttempt: 0, cycle: 0 };
    // Why: an updated pod (new labels, tolerations…) deserves a fresh try, as upstream does for updates.
    this.pushActive(q);
  }

  /** delete forgets a pod (deleted or assigned elsewhere). */
  delete(key: string): void {
    this.take(key);
    if (this.inFlight.has(key)) this.deletedInFlight.add(key);
  }

  /** pop waits for the next active pod; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const next = this.active.shift();
    if (next) return Promise.resolve(this.startAttempt(next));
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** isDeleted tells whether an in-flight pod was deleted meanwhile. */
  isDeleted(key: string): boolean {
    return this.deletedInFlight.has(key);
  }

  /** done ends an in-flight attempt that succeeded (or whose pod is gone). */
  done(key: string): void {
    this.inFlight.delete(key);
    this.deletedInFlight.delete(key);
  }

  /**
   * requeueUnschedulable puts a failed pod back: into backoffQ when a cluster event happened during
   * its attempt (or when `error` is set), otherwise into the unschedulable pool.
   */
  requeueUnschedulable(q: QueuedPodInfo, error = false): void {
    const key = q.info.key;
    const deleted = this.deletedInFlight.has(key);
    const latest = this.inFlight.get(key) ?? q;
    this.done(key);
    if (this.closed || deleted) return;
    latest.attempts++;
    latest.lastAttempt = this.now();
    if (error || this.moveRequestCycle >= latest.cycle) this.backoff.set(key, latest);
    else this.unschedulable.set(key, latest);
  }

  /** moveAllToActiveOrBackoff is called on cluster events that may make unschedulable pods fit. */
  moveAllToActiveOrBackoff(): void {
    const now = this.now();
    for (const [key, q] of this.unschedulable) {
      this.unschedulable.delete(key);
      if (now >= this.backoffExpiry(q)) this.pushActive(q);
      else this.backoff.set(key, q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** flush moves finished back-offs to activeQ and stale unschedulable pods back through backoffQ. */
  flush(): void {
    const now = this.now();
    for (const [key, q] of this.backoff) {
      if (now >= this.backoffExpiry(q)) {
        this.backoff.delete(key);
        this.pushActive(q);
      }
    }
    for (const [key, q] of this.unschedulable) {
      if (now - q.lastAttempt >= this.maxInUnschedulableMs) {
        this.unschedulable.delete(key);
        if (now >= this.backoffExpiry(q)) this.pushActive(q);
        else this.backoff.set(key, q);
      }
    }
  }

  /** backoffDuration is the back-off after q's attempts. */
  backoffDuration(attempts: number): number {
    if (attempts <= 0) return 0;
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (attempts - 1));
  }

  /** pending reports where each pod waits (for tests and explain). */
  pending(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    return {
      active: this.active.map((q) => q.info.key),
      backoff: [...this.backoff.keys()],
      unschedulable: [...this.unschedulable.keys()],
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.lastAttempt + this.backoffDuration(q.attempts);
  }

  private startAttempt(q: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    q.cycle = this.schedulingCycle;
    this.inFlight.set(q.info.key, q);
    return q;
  }

  private find(key: string): QueuedPodInfo | undefined {
    return (
      this.active.find((q) => q.info.key === key) ?? this.backoff.get(key) ?? this.unschedulable.get(key)
    );
  }

  private take(key: string): QueuedPodInfo | undefined {
    const i = this.active.findIndex((q) => q.info.key === key);
    if (i >= 0) return this.active.splice(i, 1)[0];
    const b = this.backoff.get(key);
    if (b) {
      this.backoff.delete(key);
      return b;
    }
    const u = this.unschedulable.get(key);
    if (u) this.unschedulable.delete(key);
    return u;
  }

  private pushActive(q: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(this.startAttempt(q));
      return;
    }
    // Binary search for the insertion point: priority desc, then timestamp asc.
    let lo = 0;
    let hi = this.active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.active[mid];
      const before =
        m.info.priority > q.info.priority ||
        (m.info.priority === q.info.priority && m.timestamp <= q.timestamp);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    this.active.splice(lo, 0, q);
  }
}
