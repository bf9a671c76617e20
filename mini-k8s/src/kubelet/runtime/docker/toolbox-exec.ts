/**
 * The toolbox's exec sessions: the learner's kubeconfig written as the learner, and the login shell with a
 * TTY that the in-page terminal drives (sandbox-server `terminal/toolbox-shell.ts` uses it as its
 * TerminalSession). Both are `docker exec` calls as uid 10001, which the socket proxy already allows.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { FrameDemuxer } from './logs';
import { TOOLBOX_KUBECONFIG, TOOLBOX_USER } from './toolbox';

/** ToolboxShell is a running login shell in the toolbox: keystrokes in, terminal output out. */
export interface ToolboxShell {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** onData subscribes to the output; output before the first subscriber is kept and replayed to it. */
  onData(cb: (data: string) => void): () => void;
  /** onExit subscribes to the shell's end (`exit`, or the connection lost) with its exit code. */
  onExit(cb: (code: number) => void): () => void;
  /** close hangs up the TTY: the shell and its children get SIGHUP. */
  close(): void;
}

const USER = `${TOOLBOX_USER.uid}:${TOOLBOX_USER.uid}`;

/** shellEnv is the environment of the learner's shell in the toolbox. */
function shellEnv(): string[] {
  return [
    'TERM=xterm-256color',
    `HOME=${TOOLBOX_USER.home}`,
    `USER=${TOOLBOX_USER.name}`,
    `LOGNAME=${TOOLBOX_USER.name}`,
    `KUBECONFIG=${TOOLBOX_KUBECONFIG}`,
    'LANG=C.UTF-8',
  ];
}

/** writeToolboxKubeconfig writes the learner's kubeconfig (mode 0600, owned by the learner) in the toolbox. */
export async function writeToolboxKubeconfig(container: Docker.Container, kubeconfig: string): Promise<void> {
  // Why an exec as the learner rather than an archive upload: the file gets the learner's owner and mode,
  // and the socket proxy already allows exec (no new daemon call to open).
  const exec = await container.exec({
    Cmd: [
      'sh',
      '-c',
      `umask 077 && mkdir -p "$(dirname ${TOOLBOX_KUBECONFIG})" && cat > ${TOOLBOX_KUBECONFIG}.tmp && mv ${TOOLBOX_KUBECONFIG}.tmp ${TOOLBOX_KUBECONFIG}`,
    ],
    User: USER,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  let output = '';
  const demuxer = new FrameDemuxer((_kind, payload) => (output += Buffer.from(payload).toString()));
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
    stream.end(kubeconfig);
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`kubeconfig not written (exit ${ExitCode}): ${output.trim()}`);
}

/**
 * openToolboxShell starts a login shell as the learner with a TTY and maps it to a TerminalSession: output
 * is decoded as UTF-8 across chunk boundaries, held until the hub subscribes, and the shell's end (`exit`)
 * is reported with its exit code.
 */
export async function openToolboxShell(
  container: Docker.Container,
  size: { cols: number; rows: number },
): Promise<ToolboxShell> {
  const exec = await container.exec({
    Cmd: ['sh', '-l'],
    User: USER,
    WorkingDir: TOOLBOX_USER.home,
    Env: shellEnv(),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const resize = (cols: number, rows: number) => exec.resize({ w: cols, h: rows }).catch(() => undefined);
  await resize(size.cols, size.rows);
  const decoder = new StringDecoder('utf8');
  const listeners = new Set<(data: string) => void>();
  const exitListeners = new Set<(code: number) => void>();
  let held = '';
  stream.on('data', (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text === '') return;
    if (listeners.size === 0) held += text;
    for (const cb of listeners) cb(text);
  });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    void exec
      .inspect()
      .then((info) => info.ExitCode ?? 0)
      .catch(() => 0)
      .then((code) => {
        for (const cb of exitListeners) cb(code);
      });
  };
  stream.on('end', end);
  stream.on('close', end);
  stream.on('error', end);
  return {
    write: (data) => {
      if (!stream.destroyed) stream.write(data);
    },
    resize: (cols, rows) => void resize(cols, rows),
    onData: (cb) => {
      listeners.add(cb);
      if (held !== '') {
        const replay = held;
        held = '';
        // A later turn: the hub subscribes right after open() and must not receive output synchronously.
        setImmediate(() => cb(replay));
      }
      return () => listeners.delete(cb);
    },
    onExit: (cb) => {
      exitListeners.add(cb);
      return () => exitListeners.delete(cb);
    },
    close: () => {
      // Closing the exec's connection hangs up the TTY: the shell and its children get SIGHUP.
      stream.destroy();
    },
  };
}
