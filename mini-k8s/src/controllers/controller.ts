/**
 * Controller runs a reconcile loop the way controller-runtime does: keys come from informer handlers into a
 * WorkQueue, `workers` loops take a key at a time and call `reconcile(key)`. The requeue policy lives here:
 * - resolved with nothing: done, back-off reset;
 * - resolved with `{ requeueAfterMs }`: done, key queued again after that delay;
 * - thrown error: key requeued with exponential back-off (5 ms … 1000 s), error reported;
 * - thrown TerminalError: not retried (the object needs a change first), error reported.
 * Reconcilers are idempotent and read current state from informer caches: a key carries no event data.
 */
import { WorkQueue } from '../client/workqueue';

/** ReconcileResult asks for a later pass (e.g. progress deadlines, TTLs, back-off timers). */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

export type ReconcileFunc = (key: string) => Promise<ReconcileResult | void>;

/** TerminalError marks a failure that retrying cannot fix. */
export class TerminalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminalError';
  }
}

export interface ControllerOptions {
  name: string;
  reconcile: ReconcileFunc;
  /** Concurrent workers (default 1: keys of one controller are then reconciled one at a time). */
  workers?: number;
  onError?: (controller: string, key: string, err: unknown) => void;
}

export class Controller {
  readonly name: string;
  readonly queue = new WorkQueue();
  private readonly reconcile: ReconcileFunc;
  private readonly workers: number;
  private readonly onError?: ControllerOptions['onError'];
  private running: Promise<void>[] = [];

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.reconcile = options.reconcile;
    this.workers = options.workers ?? 1;
    this.onError = options.onError;
  }

  /** enqueue adds a key (`namespace/name` or `name`). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** enqueueAfter adds a key after a delay. */
  enqueueAfter(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  /** start launches the workers. */
  start(): void {
    if (this.running.length > 0) return;
    for (let i = 0; i < this.workers; i++) this.running.push(this.work());
  }

  /** stop shuts the queue down and waits for in-flight reconciles to finish. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.running);
    this.running = [];
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        this.onError?.(this.name, key, err);
        if (err instanceof TerminalError) this.queue.forget(key);
        else this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}

/** splitKey splits `namespace/name` (or `name` for cluster-scoped objects). */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
