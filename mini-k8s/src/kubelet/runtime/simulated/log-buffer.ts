/**
 * Bounded per-container log storage, like the kubelet's CRI log files: each line keeps its stream and a
 * nanosecond timestamp; the oldest lines are dropped beyond `maxLines` or `maxBytes`.
 */
import type { LogOptions } from '../runtime';

/** LogLine is one stored line (without its trailing newline). */
export interface LogLine {
  /** timeMs is the wall-clock time in milliseconds; nanos adds the sub-millisecond part (0-999999). */
  timeMs: number;
  nanos: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** formatRfc3339Nano formats like Go's time.RFC3339Nano in UTC: trailing zeros of the fraction trimmed. */
export function formatRfc3339Nano(timeMs: number, nanos = 0): string {
  const iso = new Date(timeMs).toISOString(); // 2024-01-01T12:00:00.123Z
  const whole = iso.slice(0, 19);
  const fraction = (String(timeMs % 1000).padStart(3, '0') + String(nanos).padStart(6, '0')).replace(
    /0+$/,
    '',
  );
  return fraction === '' ? `${whole}Z` : `${whole}.${fraction}Z`;
}

/** LogBuffer stores and streams one container's log. */
export class LogBuffer {
  private lines: LogLine[] = [];
  private bytes = 0;
  private readonly followers = new Set<(line: LogLine) => void>();
  private closedWaiters: (() => void)[] = [];
  private closed = false;
  private lastStamp = 0;
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(
    private readonly now: () => number,
    private readonly maxLines = 10_000,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  /** write appends output text; complete lines are stored, a trailing partial line waits for its newline. */
  write(stream: 'stdout' | 'stderr', text: string): void {
    const pending = this.partial[stream] + text;
    const pieces = pending.split('\n');
    this.partial[stream] = pieces.pop() ?? '';
    for (const piece of pieces) this.append(stream, piece.replace(/\r$/, ''));
    // A runaway partial line (no newline ever) is flushed like the CRI logger does at 16 KiB.
    if (this.partial[stream].length > 16 * 1024) {
      this.append(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
  }

  private append(stream: 'stdout' | 'stderr', text: string): void {
    const timeMs = this.now();
    // Strictly increasing stamps keep sinceTime filters and ordering stable for lines in the same ms.
    let stamp = timeMs * 1_000_000;
    if (stamp <= this.lastStamp) stamp = this.lastStamp + 1;
    this.lastStamp = stamp;
    const line: LogLine = { timeMs: Math.floor(stamp / 1_000_000), nanos: stamp % 1_000_000, stream, text };
    this.lines.push(line);
    this.bytes += text.length + 1;
    while (this.lines.length > this.maxLines || this.bytes > this.maxBytes) {
      const dropped = this.lines.shift() as LogLine;
      this.bytes -= dropped.text.length + 1;
    }
    for (const follower of this.followers) follower(line);
  }

  /** close flushes partial lines and ends follow streams (the container exited). */
  close(): void {
    if (this.closed) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.append(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
    this.closed = true;
    for (const waiter of this.closedWaiters) waiter();
    this.closedWaiters = [];
    this.followers.clear();
  }

  /** isClosed tells whether the container's output has ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** text returns the whole log without timestamps (tests, `docker logs`-like views). */
  text(): string {
    return this.lines.map((l) => `${l.text}\n`).join('');
  }

  /** read streams the selected lines to `options.onData`; see LogOptions. */
  read(options: LogOptions): Promise<void> {
    const since =
      options.sinceTime?.getTime() ??
      (options.sinceSeconds !== undefined ? this.now() - options.sinceSeconds * 1000 : undefined);
    let selected = since === undefined ? this.lines : this.lines.filter((l) => l.timeMs >= since);
    if (options.tailLines !== undefined) {
      selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines);
    }
    let budget = options.limitBytes ?? Infinity;
    const format = (line: LogLine): string =>
      options.timestamps ? `${formatRfc3339Nano(line.timeMs, line.nanos)} ${line.text}\n` : `${line.text}\n`;
    const emit = (line: LogLine): boolean => {
      if (budget <= 0) return false;
      let chunk = format(line);
      if (chunk.length > budget) chunk = chunk.slice(0, budget);
      budget -= chunk.length;
      options.onData(chunk);
      return budget > 0;
    };
    for (const line of selected) if (!emit(line)) return Promise.resolve();
    if (!options.follow || this.closed || options.signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        this.followers.delete(follower);
        options.signal?.removeEventListener('abort', finish);
        resolve();
      };
      const follower = (line: LogLine): void => {
        if (!emit(line)) finish();
      };
      this.followers.add(follower);
      this.closedWaiters.push(finish);
      options.signal?.addEventListener('abort', finish, { once: true });
    });
  }
}
