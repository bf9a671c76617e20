/**
 * The contract between the API server's streaming subresources (log, exec, attach, portforward, proxy) and
 * the kubelets. A real apiserver dials the kubelet's HTTPS port; mini-k8s runs kubelets in-process, so the
 * API server asks a `NodeConnector` for the `KubeletApi` of the pod's node (`pod.spec.nodeName`) and calls it
 * directly.
 *
 * Division of work: the API server validates the request against the Pod object (pod exists, is bound,
 * container name, container waiting, ...) and speaks the wire protocols (text/plain, WebSocket channels,
 * SPDY). The kubelet only maps (namespace, pod, container) to a runtime container and moves bytes.
 *
 * Errors: every method may reject (or `ExecSession.exit` may resolve `{ error }`) with an `Error` whose
 * `message` is shown to the user as is (kubectl prints `error: <message>` / `Error from server: <message>`);
 * a `StatusError` (machinery/errors) is passed through with its code and reason, so the kubelet may throw
 * e.g. `new StatusError(400, 'BadRequest', 'previous terminated container "x" in pod "y" not found')`.
 */
import type { Duplex } from 'node:stream';

/** LogRequest selects log bytes, mirroring core/v1 PodLogOptions as the kubelet receives them. */
export interface LogRequest {
  /** follow keeps the stream open and delivers new output until the container exits or `signal` aborts. */
  follow: boolean;
  /** tailLines, when set, starts that many lines before the end (0 = no old lines). */
  tailLines?: number;
  /** sinceSeconds, when set, skips lines older than now - sinceSeconds. Exclusive with sinceTime. */
  sinceSeconds?: number;
  /** sinceTime, when set, skips lines older than this instant. */
  sinceTime?: Date;
  /** timestamps prefixes each line with its RFC 3339 nano timestamp and a space. */
  timestamps: boolean;
  /** previous reads the logs of the previous (terminated) instance of the container. */
  previous: boolean;
  /** limitBytes, when set, stops after that many bytes (the API server also enforces it). */
  limitBytes?: number;
}

/** ExecRequest describes an exec or attach session: which standard streams the client opened. */
export interface ExecRequest {
  /** stdin is true when the client will send input (`kubectl exec -i`). */
  stdin: boolean;
  /** stdout/stderr are true when the client reads them; with `tty` stderr is merged into stdout. */
  stdout: boolean;
  stderr: boolean;
  /** tty allocates a terminal: one output stream (stdout), resize events apply. */
  tty: boolean;
  /** signal aborts the session when the client disconnects: the exec'd process should be killed. */
  signal: AbortSignal;
}

/** ByteSink is the write side of a stream handed to the kubelet (stdin). */
export interface ByteSink {
  /** write delivers one chunk of input. */
  write(chunk: Uint8Array): void;
  /** end signals EOF (client closed stdin); later writes are ignored. */
  end(): void;
}

/** ExecExit is how an exec/attach session ends: an exit code, or an error message (process failed to run). */
export type ExecExit = { exitCode: number } | { error: string };

/**
 * ExecSession is a running exec or attach session. The API server pumps `stdout`/`stderr` to the client
 * until they end, forwards client input to `stdin` and `resize`, then awaits `exit` and reports it
 * (exit 0 → Success, non-zero → NonZeroExitCode, error → InternalError text).
 */
export interface ExecSession {
  /** stdin is present when `ExecRequest.stdin` was true. */
  stdin?: ByteSink;
  /** stdout yields output chunks and completes when the process' output ends (present when requested). */
  stdout?: AsyncIterable<Uint8Array>;
  /** stderr likewise; absent with `tty` (merged into stdout). */
  stderr?: AsyncIterable<Uint8Array>;
  /** resize applies a terminal size (`tty` only; 0×0 may be sent by a client without a real terminal). */
  resize(width: number, height: number): void;
  /** exit resolves once the process has ended and its output streams have completed. */
  exit: Promise<ExecExit>;
}

/**
 * KubeletApi is what one node's kubelet serves to the API server. Pods are named by namespace and name;
 * the container name is always resolved by the API server beforehand.
 */
export interface KubeletApi {
  /**
   * logs returns the container's log bytes. Without `follow` the iterable completes after the selected
   * existing output; with it, it completes when the container exits or `signal` aborts. Rejects when the
   * pod or container is unknown to the kubelet.
   */
  logs(
    namespace: string,
    pod: string,
    container: string,
    options: LogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Uint8Array>>;

  /** exec starts `command` in the running container. Rejects when it cannot be started. */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    request: ExecRequest,
  ): Promise<ExecSession>;

  /** attach connects to the container's main process (its stdin only when the container has `stdin: true`). */
  attach(namespace: string, pod: string, container: string, request: ExecRequest): Promise<ExecSession>;

  /**
   * portForward opens a TCP-like byte stream to `port` in the pod's network namespace. Rejects with the
   * user-facing error (e.g. connection refused) when nothing listens there. Destroying the Duplex closes it.
   */
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
}

/** NodeConnector finds the kubelet of a node; undefined when the node has no kubelet reachable in-process. */
export interface NodeConnector {
  kubeletFor(nodeName: string): KubeletApi | undefined;
}
