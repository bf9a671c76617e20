/**
 * Backoff is client-go's flowcontrol.Backoff as the kubelet uses it for CrashLoopBackOff and image pull
 * back-off: per key, the delay starts at `initialMs`, doubles on every `next` up to `maxMs`, and an entry
 * whose last update is older than twice the maximum is forgotten (so a container that ran fine for 10
 * minutes starts again at the initial delay).
 */

interface Entry {
  delayMs: number;
  lastUpdateMs: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    private readonly now: () => number,
  ) {}

  /** get returns the current delay of a key (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /**
   * isInBackOffSince tells whether `eventMs` (e.g. the container's finish time) is still within the key's
   * current back-off window.
   */
  isInBackOffSince(key: string, eventMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventMs)) return false;
    return this.now() - eventMs < entry.delayMs;
  }

  /** remainingSince is how long until `eventMs + delay` (0 when not in back-off). */
  remainingSince(key: string, eventMs: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.max(0, eventMs + entry.delayMs - this.now());
  }

  /** next records a failure at `eventMs`: the first delay, or twice the previous one (capped). */
  next(key: string, eventMs: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventMs)) {
      this.entries.set(key, { delayMs: this.initialMs, lastUpdateMs: eventMs });
      return;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.maxMs);
    entry.lastUpdateMs = eventMs;
  }

  /** reset forgets a key. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** deletePrefix forgets every key starting with `prefix` (a deleted pod's entries). */
  deletePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(entry: Entry, eventMs: number): boolean {
    // Why: upstream hasExpired compares the new event with the last update, not with "now".
    return eventMs - entry.lastUpdateMs > 2 * this.maxMs;
  }
}
