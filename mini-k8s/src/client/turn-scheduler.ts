/**
 * TurnScheduler lets in-process API requests start one at a time, at most `budgetMs` of such work per
 * turn of the event loop; the rest wait for the next turn, after the loop has polled for I/O.
 *
 * Why: many clusters live in one process and their components call their API servers without a socket.
 * A request that simply waited for `setImmediate` ran in the loop's check phase together with every other
 * request queued in the same turn: when the periodic work of many clusters fell due at once (kubelets'
 * lease renewals, controllers' resyncs), one check phase ran hundreds of requests back to back and a
 * learner's `kubectl get` waited behind all of them (event loop stalls of 100-600 ms measured with 200
 * sandboxes). With a budget per turn, background work still runs at full speed when the loop is free, but
 * I/O — the learners' HTTP requests, the terminals — gets a turn every `budgetMs`.
 *
 * Node drains the microtask queue after each immediate callback, so the time between two of our callbacks
 * in one turn is the synchronous work of the requests released so far: that is what the budget counts.
 */

/** DEFAULT_TURN_BUDGET_MS is the in-process request work allowed per event loop turn. */
export const DEFAULT_TURN_BUDGET_MS = 4;

/** TurnSchedulerOptions: budget per turn and clock (injected by tests). */
export interface TurnSchedulerOptions {
  budgetMs?: number;
  now?: () => number;
}

/** MAX_TICKS bounds the callbacks queued per turn: a long queue does not cost a no-op callback per entry per turn. */
const MAX_TICKS = 32;

export class TurnScheduler {
  private readonly waiting: (() => void)[] = [];
  private readonly budgetMs: number;
  private readonly now: () => number;
  /** Tick callbacks queued with setImmediate and not run yet. */
  private scheduled = 0;
  /** When the current slice of released work began; undefined until the first release of a turn. */
  private sliceStart: number | undefined;
  private sliceResetQueued = false;

  constructor(options: TurnSchedulerOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_TURN_BUDGET_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** pending is the number of requests waiting for their turn. */
  get pending(): number {
    return this.waiting.length;
  }

  /**
   * turn resolves when the caller may start its request: never synchronously (a request yields to the
   * event loop, as over a socket), and not before I/O had its turn when this turn's budget is spent.
   * `urgent` requests (a learner's own command) go before the background work already waiting.
   */
  turn(urgent = false): Promise<void> {
    return new Promise((resolve) => {
      if (urgent) this.waiting.unshift(resolve);
      else this.waiting.push(resolve);
      this.scheduleTicks();
    });
  }

  /** scheduleTicks queues one tick per waiting request, at most MAX_TICKS at a time. */
  private scheduleTicks(): void {
    while (this.scheduled < Math.min(this.waiting.length, MAX_TICKS)) {
      this.scheduled++;
      setImmediate(this.tick);
    }
  }

  /** tick releases the oldest waiting request, or leaves it to the next turn when the budget is spent. */
  private readonly tick = (): void => {
    this.scheduled--;
    const now = this.now();
    if (this.sliceStart === undefined) {
      this.sliceStart = now;
      // Immediates queued now run in the next turn, before the ticks queued below: a new slice then.
      this.queueSliceReset();
    } else if (now - this.sliceStart >= this.budgetMs) {
      this.scheduleTicks();
      return;
    }
    this.waiting.shift()?.();
    this.scheduleTicks();
  };

  private queueSliceReset(): void {
    if (this.sliceResetQueued) return;
    this.sliceResetQueued = true;
    setImmediate(() => {
      this.sliceResetQueued = false;
      this.sliceStart = undefined;
    });
  }
}

/** sharedTurns is the scheduler of every in-process transport of this process (all clusters share the loop). */
export const sharedTurns = new TurnScheduler();
