/**
 * exec and attach over the daemon's hijacked HTTP connections. Without a TTY the output is multiplexed
 * (see `FrameDemuxer`) and stderr stays separate; with one it is raw and resizes go to the daemon's resize
 * endpoints. Stdin is copied from the async iterable and half-closed at its end, so `cat` sees EOF.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecIO, TerminalSize } from '../io';
import { FrameDemuxer } from './logs';

type HijackedStream = Duplex;

/** pump copies stdin chunks into the hijacked stream and half-closes it at the end of input. */
async function pump(stdin: AsyncIterable<Uint8Array | string>, stream: HijackedStream): Promise<void> {
  for await (const chunk of stdin) {
    if (stream.destroyed) return;
    stream.write(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  if (!stream.destroyed) stream.end();
}

/** FIRST_RESIZE_WAIT_MS bounds how long input waits for the client's initial terminal size. */
const FIRST_RESIZE_WAIT_MS = 200;

/**
 * forwardResizes sends each terminal size to `resize` until the iterable ends. The returned promise
 * settles once the first size is applied (or after FIRST_RESIZE_WAIT_MS): input is held until then so the
 * first command typed already sees the client's terminal size, as with kubectl's initial resize.
 */
function forwardResizes(
  sizes: AsyncIterable<TerminalSize> | undefined,
  resize: (size: TerminalSize) => Promise<unknown>,
): Promise<void> {
  if (!sizes) return Promise.resolve();
  let applied: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (applied = resolve));
  void (async () => {
    for await (const size of sizes) {
      await resize(size).catch(() => undefined);
      applied();
    }
    applied();
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_RESIZE_WAIT_MS)));
  return Promise.race([first, timeout]).finally(() => clearTimeout(timer));
}

/** wireOutput routes the daemon's output to the io callbacks and resolves when the stream ends. */
function wireOutput(stream: HijackedStream, io: ExecIO): Promise<void> {
  return new Promise((resolve) => {
    const stdout = (chunk: Buffer): void => io.onStdout(new Uint8Array(chunk));
    const stderr = (chunk: Buffer): void => (io.onStderr ?? io.onStdout)(new Uint8Array(chunk));
    const demuxer = new FrameDemuxer((kind, payload) =>
      kind === 'stderr' ? stderr(payload) : stdout(payload),
    );
    stream.on('data', (chunk: Buffer) => (io.tty ? stdout(chunk) : demuxer.push(chunk)));
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
    const abort = (): void => {
      stream.destroy();
      resolve();
    };
    if (io.signal?.aborted) abort();
    io.signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * execInContainer runs `cmd` and resolves with its exit code. A missing binary makes the daemon print
 * `OCI runtime exec failed: ...` and exit 126/127; that text is turned into a rejection, as CRI does.
 */
export async function execInContainer(
  container: Docker.Container,
  cmd: string[],
  io: ExecIO,
): Promise<{ exitCode: number }> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdin: io.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: io.tty ?? false,
  });
  const stream = (await exec.start({
    hijack: true,
    stdin: io.stdin !== undefined,
    Tty: io.tty ?? false,
  })) as HijackedStream;
  let ociError = '';
  const watched: ExecIO = {
    ...io,
    onStdout: (chunk) => {
      const text = Buffer.from(chunk).toString();
      if (text.startsWith('OCI runtime exec failed')) ociError = text.trim();
      else io.onStdout(chunk);
    },
  };
  const sized = forwardResizes(io.resize, (size) => exec.resize({ h: size.height, w: size.width }));
  const stdin = io.stdin;
  if (stdin) void sized.then(() => pump(stdin, stream)).catch(() => undefined);
  await wireOutput(stream, watched);
  if (ociError) throw new Error(ociError);
  const info = await exec.inspect();
  if (io.signal?.aborted && info.Running) return { exitCode: 137 };
  return { exitCode: info.ExitCode ?? 0 };
}

/** attachToContainer connects to the main process; resolves when it exits, io ends or `signal` aborts. */
export async function attachToContainer(container: Docker.Container, io: ExecIO): Promise<void> {
  const stream = (await container.attach({
    stream: true,
    stdin: io.stdin !== undefined,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as HijackedStream;
  const sized = forwardResizes(io.resize, (size) => container.resize({ h: size.height, w: size.width }));
  const stdin = io.stdin;
  if (stdin) void sized.then(() => pump(stdin, stream)).catch(() => undefined);
  await wireOutput(stream, io);
}
