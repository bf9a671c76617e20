/**
 * PodWorkers serialise the work on each pod (pkg/kubelet/pod_workers.go upstream): `update(uid)` asks for
 * a sync pass; passes of one pod never overlap, a request made during a pass causes exactly one more pass,
 * and a pass may ask for a later one (`requeueAfterMs`). Different pods sync concurrently.
 */

/** SyncFunc runs one pass for a pod and may return a delay for the next one. */
export type SyncFunc = (uid: string) => Promise<number | undefined>;

interface Worker {
  running?: Promise<void>;
  dirty: boolean;
  timer?: NodeJS.Timeout;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(
    private readonly sync: SyncFunc,
    private readonly onError: (uid: string, err: unknown) => void,
    private readonly errorRetryMs: number,
  ) {}

  /** update requests a sync pass of the pod as soon as possible. */
  update(uid: string): void {
    if (this.stopped) return;
    let worker = this.workers.get(uid);
    if (!worker) {
      worker = { dirty: false };
      this.workers.set(uid, worker);
    }
    worker.dirty = true;
    if (!worker.running) worker.running = this.loop(uid, worker);
  }

  /** updateAfter requests a pass after `ms` (an earlier pending request wins). */
  updateAfter(uid: string, ms: number): void {
    if (this.stopped) return;
    const worker = this.workers.get(uid) ?? { dirty: false };
    this.workers.set(uid, worker);
    clearTimeout(worker.timer);
    worker.timer = setTimeout(() => this.update(uid), ms);
    worker.timer.unref?.();
  }

  /** forget drops a pod's worker (pending timers included). */
  forget(uid: string): void {
    const worker = this.workers.get(uid);
    if (worker) clearTimeout(worker.timer);
    if (worker && !worker.running) this.workers.delete(uid);
  }

  /** idle resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.workers.values()].map((w) => w.running).filter((p) => p !== undefined);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** stop cancels timers and waits for running passes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const worker of this.workers.values()) clearTimeout(worker.timer);
    await this.idle();
  }

  private async loop(uid: string, worker: Worker): Promise<void> {
    while (worker.dirty && !this.stopped) {
      worker.dirty = false;
      try {
        const next = await this.sync(uid);
        if (next !== undefined) this.updateAfter(uid, next);
      } catch (err) {
        this.onError(uid, err);
        this.updateAfter(uid, this.errorRetryMs);
      }
    }
    worker.running = undefined;
  }
}
