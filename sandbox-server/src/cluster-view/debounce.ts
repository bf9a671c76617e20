/**
 * Debounced is a debounced, single-flight runner: triggers within `delayMs` of each other run the work
 * once, and never two runs at the same time (a trigger during a run schedules one more run after it).
 * Live pages use it so a burst of watch events costs one grading or one snapshot.
 */
export class Debounced {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly delayMs: number,
    private readonly work: () => Promise<void>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** trigger asks for a run after the delay (restarting the delay). */
  trigger(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.delayMs);
  }

  /** now runs at once (or right after the run in flight). */
  now(): Promise<void> {
    clearTimeout(this.timer);
    return this.run();
  }

  /** stop cancels what is scheduled; a run in flight finishes but nothing follows it. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.work();
    } catch (err) {
      this.onError(err);
    } finally {
      this.running = false;
    }
    if (this.again && !this.stopped) {
      this.again = false;
      this.trigger();
    }
  }
}
