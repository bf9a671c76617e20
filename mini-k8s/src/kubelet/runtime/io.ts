/**
 * Streaming shapes for exec and attach. Input (stdin, terminal resizes) arrives as async iterables so an
 * HTTP layer can adapt WebSocket/SPDY frames with an `InputQueue`; output goes to callbacks.
 */

/** TerminalSize is a resize event (channel 4 of the exec protocol). */
export interface TerminalSize {
  width: number;
  height: number;
}

/** ExecIO wires one exec session. Without `tty`, stderr is kept separate; with it, stderr goes to stdout. */
export interface ExecIO {
  stdin?: AsyncIterable<Uint8Array | string>;
  tty?: boolean;
  onStdout: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
  resize?: AsyncIterable<TerminalSize>;
  /** signal kills the exec'd process (client disconnected). */
  signal?: AbortSignal;
}

/** AttachIO wires an attach session to the container's main process. */
export type AttachIO = ExecIO;

/**
 * InputQueue is a push-to-pull adapter: `push` chunks as they arrive, `end` when the peer closes, and
 * consume it with `for await`. Only one consumer is supported.
 */
export class InputQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  /** push enqueues a chunk (ignored after `end`). */
  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** end signals that no more chunks will come; pending reads complete. */
  end(): void {
    this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

const encoder = new TextEncoder();

/** toBytes encodes text output for the `onStdout`/`onStderr` callbacks. */
export function toBytes(text: string): Uint8Array {
  return encoder.encode(text);
}
