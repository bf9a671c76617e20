/**
 * EventQueue sends the kubelet's events in the background, one at a time, after the work that emitted
 * them, as upstream's event broadcaster does from its own goroutine: a pod's status write is not queued
 * behind its Pulled/Created/Started events, and a burst of events does not flood the API server while pods
 * start. Events keep their order; `drain()` waits for the queue to empty (idle, shutdown).
 */
export class EventQueue {
  private readonly pending: (() => Promise<void>)[] = [];
  private draining?: Promise<void>;

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
      try {
        await send();
      } catch {
        // EventRecorder.record reports its own failures; a send never stops the queue.
      }
    }
    this.draining = undefined;
  }
}
