/**
 * EventQueue sends the kubelet's events in the background, one at a time, after the work that emitted
 * them, as upstream's event broadcaster does from its own goroutine: a pod's status write is not queued
 * behind its Pulled/Created/Started events, and a burst of events does not flood the API server while pods
 * start. Events keep their order; `drain()` waits for the queue to empty (idle, shutdown).
 */
/** SEND_TIMEOUT_MS bounds the wait for one event: a request that never settles must not hold every later event. */
export const SEND_TIMEOUT_MS = 10_000;

export class EventQueue {
  private readonly pending: (() => Promise<void>)[] = [];
  private draining?: Promise<void>;

  /** @param sendTimeoutMs how long one send may hold the queue before the next one goes (best effort). */
  constructor(private readonly sendTimeoutMs = SEND_TIMEOUT_MS) {}

  /** push queues one send; it starts on a later turn of the event loop. */
  push(send: () => Promise<void>): void {
    this.pending.push(send);
    this.draining ??= this.run();
  }

  /** drain resolves once every queued event was sent (or failed: events are best effort). */
  async drain(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async run(): Promise<void> {
    // Why setImmediate: the emitting sync pass finishes (and sends its status) before the first event.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const send = this.pending.shift()!;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // As client-go's broadcaster, whose requests time out: a send that hangs is given up on, not waited for.
        await Promise.race([
          send(),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, this.sendTimeoutMs))),
        ]);
      } catch {
        // EventRecorder.record reports its own failures; a send never stops the queue.
      } finally {
        clearTimeout(timer);
      }
    }
    this.draining = undefined;
  }
}
