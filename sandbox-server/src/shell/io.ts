// Streams between commands: pipes with backpressure, string inputs, collecting writers and line readers.
import type { OutputStream } from './types';

/** RunIo is the standard streams of a command line, and whether they are the terminal. */
export interface RunIo {
  stdin: AsyncIterable<string>;
  stdout: OutputStream;
  stderr: OutputStream;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
}

/** BrokenPipeError is thrown by a write once the reading side of a pipe is gone (the SIGPIPE of this shell). */
export class BrokenPipeError extends Error {
  constructor() {
    super('Broken pipe');
    this.name = 'BrokenPipeError';
  }
}

/** PIPE_HIGH_WATER_MARK is how many UTF-16 units a pipe buffers before `write` waits for the reader. */
export const PIPE_HIGH_WATER_MARK = 64 * 1024;

/**
 * Pipe connects a writer to a reader. `write` resolves once the buffer is below the high-water mark, so a
 * producer like `yes` runs only as fast as its consumer; after the reader stops, writes throw BrokenPipeError.
 * Iterating yields chunks as they are written and ends when the writer closes.
 */
export class Pipe implements OutputStream, AsyncIterable<string> {
  private chunks: string[] = [];
  private buffered = 0;
  private writeClosed = false;
  private readClosed = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriters: (() => void)[] = [];

  async write(data: string): Promise<void> {
    if (this.readClosed) throw new BrokenPipeError();
    if (data === '' || this.writeClosed) return;
    this.chunks.push(data);
    this.buffered += data.length;
    this.signalReader();
    while (this.buffered > PIPE_HIGH_WATER_MARK && !this.readClosed) {
      await new Promise<void>((resolve) => this.wakeWriters.push(resolve));
    }
  }

  /** closeWrite marks the end of the data (EOF for the reader). */
  closeWrite(): void {
    this.writeClosed = true;
    this.signalReader();
  }

  /** closeRead drops buffered data and makes further writes fail (the reader exited). */
  closeRead(): void {
    this.readClosed = true;
    this.chunks = [];
    this.buffered = 0;
    this.signalWriters();
  }

  private signalReader(): void {
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }

  private signalWriters(): void {
    const writers = this.wakeWriters;
    this.wakeWriters = [];
    for (const wake of writers) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    try {
      while (!this.readClosed) {
        const chunk = this.chunks.shift();
        if (chunk !== undefined) {
          this.buffered -= chunk.length;
          if (this.buffered <= PIPE_HIGH_WATER_MARK) this.signalWriters();
          yield chunk;
        } else if (this.writeClosed) {
          return;
        } else {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
      }
    } finally {
      this.closeRead();
    }
  }
}

/** stringInput is a stdin holding fixed text (files, heredocs). */
export function stringInput(text: string): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      if (text !== '') yield text;
    },
  };
}

/** EMPTY_INPUT is a stdin at end of file. */
export const EMPTY_INPUT: AsyncIterable<string> = stringInput('');

/** NULL_OUTPUT discards everything (/dev/null). */
export const NULL_OUTPUT: OutputStream = { write: async () => {} };

/** CaptureLimitError is thrown when a collecting writer is full. */
export class CaptureLimitError extends Error {
  constructor(limit: number) {
    super(`output larger than ${limit} bytes`);
    this.name = 'CaptureLimitError';
  }
}

/** BufferWriter collects output in memory, up to `limit` characters (then writes throw CaptureLimitError). */
export class BufferWriter implements OutputStream {
  text = '';

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  async write(data: string): Promise<void> {
    if (this.text.length + data.length > this.limit) {
      this.text += data.slice(0, Math.max(0, this.limit - this.text.length));
      throw new CaptureLimitError(this.limit);
    }
    this.text += data;
  }
}

/** readAll drains a stdin into one string. */
export async function readAll(input: AsyncIterable<string>, signal?: AbortSignal): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    signal?.throwIfAborted();
    text += chunk;
  }
  return text;
}

/** readLines yields the lines of a stdin as they complete, without their newline (a last partial line too). */
export async function* readLines(input: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of input) {
    pending += chunk;
    let index = pending.indexOf('\n');
    while (index >= 0) {
      yield pending.slice(0, index);
      pending = pending.slice(index + 1);
      index = pending.indexOf('\n');
    }
  }
  if (pending !== '') yield pending;
}

/** splitLines splits text into lines, dropping the empty string after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** yieldToEventLoop lets timers and input (Ctrl-C) run during long synchronous-looking loops. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
