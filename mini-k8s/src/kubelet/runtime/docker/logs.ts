/**
 * Container logs through the daemon's json-file driver. Without a TTY the daemon multiplexes stdout and
 * stderr in frames with an 8-byte header (stream type, 3 zero bytes, big-endian payload length); with a
 * TTY the stream is raw. Kubernetes merges both streams into one text, delivered here as whole lines.
 */
import type Docker from 'dockerode';
import type { LogOptions } from '../runtime';

/** StreamKind is the stream a frame belongs to (1 = stdout, 2 = stderr). */
export type StreamKind = 'stdout' | 'stderr';

/**
 * FrameDemuxer splits Docker's multiplexed stream into (stream, payload) pairs. Frames may arrive split
 * across chunks or several per chunk; `push` keeps the remainder for the next call.
 */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: StreamKind, payload: Buffer) => void) {}

  /** push feeds bytes from the daemon. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      // Why: type 0 (stdin) is only echoed on attach; treat it like stdout as Docker's own client does.
      this.onFrame(type === 2 ? 'stderr' : 'stdout', payload);
    }
  }
}

/** LineSplitter turns arbitrary chunks into whole lines (each ending with `\n`); `flush` emits the rest. */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(`${line}\n`);
  }

  flush(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest !== '') this.onLine(`${rest}\n`);
  }
}

/** sinceParameter converts the Kubernetes selectors to the daemon's `since` (UNIX seconds, fractional). */
export function sinceParameter(
  options: Pick<LogOptions, 'sinceSeconds' | 'sinceTime'>,
  now = Date.now(),
): number {
  if (options.sinceTime) return options.sinceTime.getTime() / 1000;
  if (options.sinceSeconds !== undefined) return (now - options.sinceSeconds * 1000) / 1000;
  return 0;
}

/**
 * LimitedSink forwards lines until `limitBytes` is reached (the last line is cut, like the kubelet's
 * LimitWriter), then reports that it is full so the stream can be stopped.
 */
class LimitedSink {
  private written = 0;

  constructor(
    private readonly onData: (chunk: string) => void,
    private readonly limit: number | undefined,
  ) {}

  get full(): boolean {
    return this.limit !== undefined && this.written >= this.limit;
  }

  write(line: string): void {
    if (this.full) return;
    if (this.limit === undefined) {
      this.onData(line);
      return;
    }
    const bytes = Buffer.from(line);
    const room = this.limit - this.written;
    const out = bytes.length <= room ? line : bytes.subarray(0, room).toString();
    this.written += Math.min(bytes.length, room);
    this.onData(out);
  }
}

/**
 * readLogs streams a container's logs to `options.onData`: tail, since, timestamps (the daemon's RFC3339Nano
 * prefix is the Kubernetes one), limitBytes, and follow until the container exits or `signal` aborts.
 */
export async function readLogs(
  container: Docker.Container,
  tty: boolean,
  options: LogOptions,
): Promise<void> {
  const since = sinceParameter(options);
  const params = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tailLines !== undefined ? { tail: Math.max(0, options.tailLines) } : {}),
    ...(since > 0 ? { since } : {}),
  };
  const sink = new LimitedSink(options.onData, options.limitBytes);
  if (!options.follow) {
    const buffer = (await container.logs({ ...params, follow: false })) as unknown as Buffer;
    feed(buffer, tty, sink);
    return;
  }
  const stream = (await container.logs({ ...params, follow: true })) as unknown as NodeJS.ReadableStream & {
    destroy: () => void;
  };
  await new Promise<void>((resolve, reject) => {
    const splitters = {
      stdout: new LineSplitter((l) => sink.write(l)),
      stderr: new LineSplitter((l) => sink.write(l)),
    };
    const demuxer = new FrameDemuxer((kind, payload) => splitters[kind].push(payload));
    const stop = (): void => {
      stream.destroy();
      finish();
    };
    const finish = (): void => {
      options.signal?.removeEventListener('abort', stop);
      splitters.stdout.flush();
      splitters.stderr.flush();
      resolve();
    };
    if (options.signal?.aborted) return stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (tty) splitters.stdout.push(chunk);
      else demuxer.push(chunk);
      if (sink.full) stop();
    });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (err: Error) => (options.signal?.aborted ? finish() : reject(err)));
  });
}

function feed(buffer: Buffer, tty: boolean, sink: LimitedSink): void {
  const splitters = {
    stdout: new LineSplitter((l) => sink.write(l)),
    stderr: new LineSplitter((l) => sink.write(l)),
  };
  if (tty) splitters.stdout.push(buffer);
  else new FrameDemuxer((kind, payload) => splitters[kind].push(payload)).push(buffer);
  splitters.stdout.flush();
  splitters.stderr.flush();
}
