/**
 * The protocol-independent half of exec and attach: parsing PodExecOptions/PodAttachOptions, the final
 * Status written on the error stream (remotecommand v4+: a JSON metav1.Status, `NonZeroExitCode` with an
 * `ExitCode` cause that kubectl turns into `command terminated with exit code N`), and the pump that moves
 * a kubelet `ExecSession`'s output to a transport (WebSocket channels or SPDY streams).
 */
import { errors } from '../../machinery/errors';
import type { ExecExit, ExecSession } from './node-connector';
import { parseBool, UpgradeTextError } from './pod-target';

/** RemoteCommandKind is the subresource: exec runs a command, attach joins the main process. */
export type RemoteCommandKind = 'exec' | 'attach';

/** RemoteCommandParams are the parsed query of an exec/attach request. */
export interface RemoteCommandParams {
  command: string[];
  container: string | null;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** parseRemoteCommandParams reads the query; with `tty` stderr is dropped (the kubelet bypasses it). */
export function parseRemoteCommandParams(
  query: URLSearchParams,
  kind: RemoteCommandKind,
): RemoteCommandParams {
  const params: RemoteCommandParams = {
    command: query.getAll('command'),
    container: query.get('container'),
    stdin: parseBool(query, 'stdin'),
    stdout: parseBool(query, 'stdout'),
    stderr: parseBool(query, 'stderr'),
    tty: parseBool(query, 'tty'),
  };
  if (kind === 'exec' && params.command.length === 0)
    throw errors.badRequest('you must specify at least one command for the container');
  if (!params.stdin && !params.stdout && !params.stderr)
    throw new UpgradeTextError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  if (params.tty) params.stderr = false;
  return params;
}

/** RemoteStatus is the metav1.Status written on the error stream (no TypeMeta, as the kubelet writes it). */
export interface RemoteStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

/** statusForExit maps a session's end to the Status kubectl expects. */
export function statusForExit(exit: ExecExit, command: string[]): RemoteStatus {
  if ('error' in exit) {
    return {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${exit.error}`,
      reason: 'InternalError',
    };
  }
  if (exit.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: command '${command.join(' ')}' exited with ${exit.exitCode}: `,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exit.exitCode) }] },
  };
}

/** OutputSink is where a transport writes the session's output. */
export interface OutputSink {
  stdout?: (chunk: Uint8Array) => void;
  stderr?: (chunk: Uint8Array) => void;
  /** finish writes the final Status and closes the connection. */
  finish: (status: RemoteStatus) => void;
}

/**
 * pumpSession copies the session's stdout/stderr to the sink until both end, waits for the exit and calls
 * `finish` once with the Status. Output of a stream the client did not open is drained and dropped.
 */
export async function pumpSession(
  session: ExecSession,
  sink: OutputSink,
  command: string[],
  kind: RemoteCommandKind,
): Promise<void> {
  const copy = async (source: AsyncIterable<Uint8Array> | undefined, write?: (c: Uint8Array) => void) => {
    if (!source) return;
    for await (const chunk of source) if (chunk.length > 0) write?.(chunk);
  };
  let exit: ExecExit;
  try {
    await Promise.all([copy(session.stdout, sink.stdout), copy(session.stderr, sink.stderr)]);
    exit = await session.exit;
  } catch (err) {
    exit = { error: err instanceof Error ? err.message : String(err) };
  }
  // attach reports no exit code: the process belongs to the container, whose status shows it.
  if (kind === 'attach' && 'exitCode' in exit) exit = { exitCode: 0 };
  sink.finish(statusForExit(exit, command));
}

/** ResizeDecoder splits the resize stream's concatenated JSON objects (`{"Width":80,"Height":24}`). */
export class ResizeDecoder {
  private text = '';
  private readonly decoder = new TextDecoder();

  /** push returns the complete sizes found so far. */
  push(chunk: Uint8Array): { width: number; height: number }[] {
    this.text += this.decoder.decode(chunk, { stream: true });
    const sizes: { width: number; height: number }[] = [];
    for (;;) {
      const start = this.text.indexOf('{');
      const end = this.text.indexOf('}', start);
      if (start < 0 || end < 0) break;
      const objectText = this.text.slice(start, end + 1);
      this.text = this.text.slice(end + 1);
      try {
        const value = JSON.parse(objectText) as { Width?: unknown; Height?: unknown };
        sizes.push({ width: Number(value.Width ?? 0), height: Number(value.Height ?? 0) });
      } catch {
        // A malformed size is ignored, as the kubelet logs and skips it.
      }
    }
    return sizes;
  }
}
