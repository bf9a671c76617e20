/**
 * exec/attach over SPDY/3.1 (kubectl's fallback when the WebSocket upgrade fails): after
 * `101 Switching Protocols` with `X-Stream-Protocol-Version: v4.channel.k8s.io`, the client opens one
 * stream per standard stream (`streamtype` header: error, stdin, stdout, stderr, resize). The session
 * starts once every expected stream exists; output goes to stdout/stderr, stdin FIN is EOF, and the end
 * writes the Status on the error stream and FINs everything.
 */
import type { Duplex } from 'node:stream';
import type { ExecSession } from './node-connector';
import { ResizeDecoder, pumpSession } from './remote-command';
import type { RemoteCommandKind, RemoteCommandParams } from './remote-command';
import { SpdySession } from '../../streaming/spdy/session';
import type { SpdyStream, SpdyTransport } from '../../streaming/spdy/session';

/** SPDY_EXEC_PROTOCOLS are the remotecommand versions served over SPDY, preferred first. */
export const SPDY_EXEC_PROTOCOLS = ['v4.channel.k8s.io'] as const;

/** STREAM_CREATION_TIMEOUT_MS bounds the wait for the client's streams (the kubelet allows 30 s). */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** socketTransport adapts a raw (TLS) socket to a SPDY transport and feeds the session from it. */
export function attachSocket(socket: Duplex, head: Buffer, session: () => SpdySession): SpdyTransport {
  socket.on('data', (chunk: Buffer) => session().receive(new Uint8Array(chunk)));
  socket.on('end', () => session().transportEnded());
  socket.on('close', () => session().transportEnded());
  socket.on('error', () => socket.destroy());
  if (head.length > 0) queueMicrotask(() => session().receive(new Uint8Array(head)));
  return {
    write: (bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    },
    close: () => socket.end(),
  };
}

/** switchingProtocols writes the SPDY upgrade answer with the chosen stream protocol. */
export function switchingProtocols(socket: Duplex, protocol: string): void {
  socket.write(
    [
      'HTTP/1.1 101 Switching Protocols',
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
      `X-Stream-Protocol-Version: ${protocol}`,
      '',
      '',
    ].join('\r\n'),
  );
}

/** serveSpdyExec answers the upgrade and runs the exec session over SPDY streams. */
export function serveSpdyExec(
  socket: Duplex,
  head: Buffer,
  protocol: string,
  exec: ExecSession,
  params: RemoteCommandParams,
  kind: RemoteCommandKind,
  abort: () => void,
): void {
  switchingProtocols(socket, protocol);
  const expected = new Set<string>(['error']);
  if (params.stdin) expected.add('stdin');
  if (params.stdout) expected.add('stdout');
  if (params.stderr) expected.add('stderr');
  if (params.tty) expected.add('resize');
  const streams = new Map<string, SpdyStream>();
  let started = false;
  let finished = false;

  const timeout = setTimeout(() => {
    if (!started) spdy.close();
  }, STREAM_CREATION_TIMEOUT_MS);

  const start = () => {
    started = true;
    clearTimeout(timeout);
    const stdin = streams.get('stdin');
    if (stdin) void pipeStdin(stdin, exec);
    const resize = streams.get('resize');
    if (resize) void pipeResize(resize, exec);
    const stdout = streams.get('stdout');
    const stderr = streams.get('stderr');
    void pumpSession(
      exec,
      {
        ...(stdout ? { stdout: (chunk: Uint8Array) => stdout.write(chunk) } : {}),
        ...(stderr ? { stderr: (chunk: Uint8Array) => stderr.write(chunk) } : {}),
        finish: (status) => {
          finished = true;
          stdout?.end();
          stderr?.end();
          const error = streams.get('error');
          error?.write(new TextEncoder().encode(JSON.stringify(status)));
          error?.end();
          spdy.close();
        },
      },
      params.command,
      kind,
    );
  };

  const spdy: SpdySession = new SpdySession(
    attachSocket(socket, head, () => spdy),
    {
      onStream: (stream) => {
        const type = stream.headers.streamtype ?? '';
        if (!expected.has(type) || streams.has(type)) {
          stream.abort();
          return;
        }
        streams.set(type, stream);
        if (!started && streams.size === expected.size) start();
      },
      onClose: () => {
        clearTimeout(timeout);
        exec.stdin?.end();
        if (!finished) abort();
      },
    },
  );
}

async function pipeStdin(stream: SpdyStream, exec: ExecSession): Promise<void> {
  for await (const chunk of stream.data) exec.stdin?.write(chunk);
  exec.stdin?.end();
}

async function pipeResize(stream: SpdyStream, exec: ExecSession): Promise<void> {
  const decoder = new ResizeDecoder();
  for await (const chunk of stream.data) {
    for (const size of decoder.push(chunk)) exec.resize(size.width, size.height);
  }
}
