/**
 * FailedPodsBackoff is the DaemonSet controller's `failedPodsBackoff` (client-go flowcontrol.Backoff, 1 s
 * doubling to 15 min, keyed `<ds uid>/<node>`): a kubelet that keeps rejecting a daemon pod (e.g. a port
 * conflict) would otherwise make the controller delete and recreate it in a hot loop. Each deletion of a
 * failed pod calls `next`; while `inBackoff`, the failed pod is left in place and the DaemonSet is synced
 * again after `delayMs`. An entry idle for twice the cap starts over at the initial delay.
 */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdateMs: number }>();

  constructor(
    readonly initialMs = 1_000,
    readonly maxMs = 15 * 60_000,
  ) {}

  /** inBackoff: the last deletion on this key is more recent than the current delay. */
  inBackoff(key: string, nowMs: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && nowMs - entry.lastUpdateMs < entry.delayMs;
  }

  /** delayMs is the current delay of a key (0 when it has none). */
  delayMs(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /** remainingMs is how long the key stays in back-off from `nowMs`. */
  remainingMs(key: string, nowMs: number): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.lastUpdateMs + entry.delayMs - nowMs) : 0;
  }

  /** next records a deletion: the delay starts at initialMs, then doubles up to maxMs. */
  next(key: string, nowMs: number): void {
    this.gc(nowMs);
    const entry = this.entries.get(key);
    const delayMs =
      entry === undefined || this.expired(entry, nowMs)
        ? this.initialMs
        : Math.min(entry.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastUpdateMs: nowMs });
  }

  /** forget drops every key of a DaemonSet (`<uid>/`). */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(entry: { lastUpdateMs: number }, nowMs: number): boolean {
    return nowMs - entry.lastUpdateMs > 2 * this.maxMs;
  }

  private gc(nowMs: number): void {
    for (const [key, entry] of this.entries) if (this.expired(entry, nowMs)) this.entries.delete(key);
  }
}
