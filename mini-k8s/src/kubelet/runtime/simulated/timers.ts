/**
 * Time for the simulated runtime: an injectable wall clock plus a registry of pending timers so `close()`
 * can clear every one of them. Timers are unref'd: a simulated cluster never keeps Node.js alive by itself.
 */

/** Clock returns the current wall-clock time in milliseconds (Date.now by default). */
export type Clock = () => number;

/** SleepAborted is the rejection of `TimerSet.sleep` when its signal fires. */
export class SleepAborted extends Error {
  constructor() {
    super('sleep aborted');
    this.name = 'SleepAborted';
  }
}

/** TimerSet tracks timers; `clear` cancels all of them. */
export class TimerSet {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  /** after runs `fn` once after `ms` milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.closed) return () => undefined;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** sleep resolves after `ms`, or rejects with SleepAborted when `signal` aborts (or the set is cleared). */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted || this.closed) {
        reject(new SleepAborted());
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(new SleepAborted());
      };
      const cancel = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** size is the number of pending timers (for tests and leak checks). */
  get size(): number {
    return this.timers.size;
  }

  /** clear cancels every pending timer and refuses new ones. */
  clear(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
