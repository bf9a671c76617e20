/**
 * Extra acceptors for a listening server: more connections accepted per turn of the event loop.
 *
 * Why: since libuv 1.45 (Node.js 20 and later) a listening handle accepts at most ONE connection per
 * turn of the event loop (libuv pull request #3696, "unix: don't accept() connections in a loop"). The
 * platform's loop is busy — hundreds of clusters, learners' requests, garbage collection — so a turn
 * lasts 10-30 ms under a class's load, and new connections wait in the kernel's accept queue at 30-100
 * a second. Every command of a learner's kubectl is a new process, hence a new connection; after any
 * pause of the loop the queue filled up (94 connections measured with `ss -ltn`) and the last of them
 * waited 1-3 s before the server even saw them, while requests on open connections were served in
 * milliseconds: that was the tail of the classroom benchmark (bench/results/classroom.md).
 *
 * How: the listening socket's handle is sent to a short-lived helper process and back over IPC
 * (`child_process` handle passing, what the cluster module does), which gives this process another
 * file descriptor of the SAME listening socket. Each descriptor is polled by the loop and accepts one
 * connection per turn, so `count` descriptors accept up to `count` per turn from the one accept queue.
 * The helper never listens: it receives the raw handle, sends it back and exits. Accepted connections
 * are handed to the original server (`'connection'` event), so HTTP, TLS, upgrades and
 * `closeAllConnections()` treat them exactly as their own.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

/** DEFAULT_ACCEPTORS is the number of descriptors polled for the listening socket, the original included. */
export const DEFAULT_ACCEPTORS = 8;

/** HELPER_TIMEOUT_MS bounds the wait for the helper process; past it the server keeps one acceptor. */
const HELPER_TIMEOUT_MS = 10_000;

/** The helper: every handle received goes back where it came from; it exits once disconnected. */
const HELPER = "process.on('message', (m, h) => process.send(m, h));";

/** Acceptors are the extra descriptors of a listening server. */
export interface Acceptors {
  /** count is the number of descriptors accepting connections, the server's own included. */
  readonly count: number;
  /** close stops the extra descriptors (the server's own is closed by `server.close()`). */
  close(): void;
}

/** Options tune addAcceptors; `warn` hears why the server keeps a single acceptor. */
export interface AcceptorOptions {
  warn?: (message: string, err?: unknown) => void;
}

/** Server options that net.Server reads when it accepts a connection, copied to each extra acceptor. */
const ACCEPT_OPTIONS = [
  'allowHalfOpen',
  'pauseOnConnect',
  'noDelay',
  'keepAlive',
  'keepAliveInitialDelay',
  'highWaterMark',
] as const;

/**
 * addAcceptors gives a listening server `count - 1` more descriptors of its socket. It resolves once
 * they accept; on any failure (no helper process, timeout) it resolves with the acceptors obtained so
 * far and calls `warn`: the server works as before, with fewer accepts per turn.
 */
export async function addAcceptors(
  server: net.Server,
  count = DEFAULT_ACCEPTORS,
  options: AcceptorOptions = {},
): Promise<Acceptors> {
  const extra: net.Server[] = [];
  const acceptors: Acceptors = {
    get count() {
      return 1 + extra.length;
    },
    close() {
      for (const s of extra.splice(0)) s.close();
    },
  };
  const handle = (server as unknown as { _handle?: unknown })._handle;
  if (count <= 1 || !server.listening || !handle) return acceptors;
  try {
    for (const dup of await duplicateHandle(handle, count - 1)) extra.push(await acceptOn(server, dup));
  } catch (err) {
    options.warn?.('extra acceptors unavailable: one connection accepted per event loop turn', err);
  }
  return acceptors;
}

/** duplicateHandle sends `handle` to a helper process `n` times and returns the handles it sends back. */
function duplicateHandle(handle: unknown, n: number): Promise<unknown[]> {
  // Without NODE_OPTIONS: the helper needs no loader, preload or inspector of this process.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const helper = spawn(process.execPath, ['-e', HELPER], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env,
  });
  const received: unknown[] = [];
  return new Promise<unknown[]>((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      helper.removeAllListeners();
      helper.on('error', () => undefined);
      if (helper.connected) helper.disconnect();
      if (helper.exitCode === null && helper.signalCode === null) helper.kill();
      // Handles already received are usable even when a later one failed.
      if (err && received.length === 0) reject(err);
      else resolve(received);
    };
    const timer = setTimeout(
      () => finish(new Error(`helper process silent for ${HELPER_TIMEOUT_MS} ms`)),
      HELPER_TIMEOUT_MS,
    );
    helper.on('error', (err) => finish(err));
    helper.on('exit', (code, signal) => finish(new Error(`helper process exited (${code ?? signal})`)));
    helper.on('message', (_message, dup) => {
      if (!dup) return finish(new Error('helper process sent no handle'));
      received.push(dup);
      if (received.length === n) finish();
      else send();
    });
    const send = () =>
      helper.send('acceptor', handle as net.Server, (err) => {
        if (err) finish(err);
      });
    send();
  });
}

/** acceptOn listens on a duplicated handle and hands its connections to `server`. */
function acceptOn(server: net.Server, dup: unknown): Promise<net.Server> {
  const acceptor = new net.Server();
  const settings = acceptor as unknown as Record<string, unknown>;
  for (const key of ACCEPT_OPTIONS) settings[key] = (server as unknown as Record<string, unknown>)[key];
  acceptor.on('connection', (socket: net.Socket) => server.emit('connection', socket));
  // A failing duplicate (closed under it) must not crash the server: its own descriptor still accepts.
  acceptor.on('error', () => acceptor.close());
  return new Promise((resolve, reject) => {
    acceptor.once('error', reject);
    acceptor.listen(dup as net.Server, () => {
      acceptor.off('error', reject);
      resolve(acceptor);
    });
  });
}
