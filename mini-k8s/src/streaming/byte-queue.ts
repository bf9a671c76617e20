/**
 * ByteQueue is a push-to-pull adapter for byte chunks: a protocol handler `push`es what arrives from the
 * network and calls `end` at EOF; one consumer reads it with `for await`. Breaking out of the loop (or
 * calling `return`) ends the queue and fires `onCancel`, so a producer can stop.
 */
export class ByteQueue implements AsyncIterable<Uint8Array> {
  private readonly items: Uint8Array[] = [];
  private waiting: ((result: IteratorResult<Uint8Array>) => void) | undefined;
  private ended = false;
  /** onCancel runs once when the consumer stops reading early. */
  onCancel: (() => void) | undefined;

  /** isEnded reports whether `end` was called (pending chunks may still be readable). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** push enqueues a chunk; ignored after `end`. */
  push(chunk: Uint8Array): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: chunk, done: false });
    } else {
      this.items.push(chunk);
    }
  }

  /** end signals EOF: the consumer sees the queued chunks, then completion. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        const wasEnded = this.ended;
        this.items.length = 0;
        this.end();
        if (!wasEnded) this.onCancel?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
