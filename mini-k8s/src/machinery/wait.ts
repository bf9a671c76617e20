/**
 * Periodic loops that do not fall due in unison, as apimachinery's `wait.JitterUntil`. Many clusters run
 * in one process, each with several kubelets: plain `setInterval`s started together (a class creating its
 * sandboxes ten at a time) keep firing together, and their requests then arrive as one burst every period.
 * A jittered loop starts at a random point of its first period and adds up to `jitter` × period to each
 * wait, so the loops of a thousand nodes spread over the period instead of piling up on the same tick.
 */

/** JitterOptions tune a jittered loop; `random` is injected by tests. */
export interface JitterOptions {
  /** Upper bound of the extra wait, as a fraction of the period (upstream's jitterFactor); default 0.1. */
  jitter?: number;
  /** First run after a random fraction of the period (default) or after a whole period. */
  randomStart?: boolean;
  random?: () => number;
}

/** JitterLoop is a running loop; stop() cancels its next run. */
export interface JitterLoop {
  stop(): void;
}

/** jitteredDelays returns the waits of a jittered loop: first one, then each following one. */
export function jitteredDelays(
  periodMs: number,
  options: JitterOptions = {},
): { first: () => number; next: () => number } {
  const jitter = options.jitter ?? 0.1;
  const random = options.random ?? Math.random;
  return {
    first: () => (options.randomStart === false ? periodMs : random() * periodMs),
    next: () => periodMs * (1 + jitter * random()),
  };
}

/**
 * jitterEvery calls fn periodically with jittered waits (sliding: each wait starts when the previous
 * call returned, so a slow call does not make the next one follow it at once). The timers do not keep
 * the process alive.
 */
export function jitterEvery(fn: () => void, periodMs: number, options: JitterOptions = {}): JitterLoop {
  const delays = jitteredDelays(periodMs, options);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      fn();
      if (!stopped) schedule(delays.next());
    }, delay);
    timer.unref?.();
  };
  schedule(delays.first());
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
