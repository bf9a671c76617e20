/**
 * KubectlStreams is how kubectl reaches the API server's streaming subresources (exec, attach, port-forward) that plain
 * HTTP requests through ApiClient cannot carry. The sandbox server implements it in-process; over a real
 * network, websocketStreams (websocket-streams.ts) speaks the `v5.channel.k8s.io` protocol.
 */
import type { StatusError } from '../../machinery/errors';

/** ExecRequest names the container and the command of one `kubectl exec`. */
export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** Whether stdin is forwarded (`-i`). */
  stdin: boolean;
  /** Whether a TTY is requested (`-t`). */
  tty: boolean;
}

/** AttachRequest names the container of one `kubectl attach` and the streams it opens. */
export interface AttachRequest {
  namespace: string;
  pod: string;
  container: string;
  stdin: boolean;
  tty: boolean;
}

/** StreamIo are the caller's streams for one session. */
export interface StreamIo {
  stdin?: AsyncIterable<string> | string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  signal?: AbortSignal;
}

/**
 * ExecOutcome is how a session ended: the command's exit code, or the API server's failure Status as a
 * StatusError (for example `container x is not valid for pod y`).
 */
export type ExecOutcome = { exitCode: number } | { error: StatusError };

export interface KubectlStreams {
  /** exec runs a command in a container and resolves when it has exited and its output is written. */
  exec(request: ExecRequest, io: StreamIo): Promise<ExecOutcome>;
  /** attach connects to a container's main process until it ends or `io.signal` aborts (absent: unavailable). */
  attach?(request: AttachRequest, io: StreamIo): Promise<ExecOutcome>;
  /**
   * portForwardUrl is where the user can reach `port` of a pod when kubectl cannot listen on their machine
   * (the built-in shell: a URL of the platform that the terminal page opens). Absent: port-forward is not
   * available.
   */
  portForwardUrl?(namespace: string, pod: string, port: number): string;
}
