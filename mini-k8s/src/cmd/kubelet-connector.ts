/**
 * KubeletConnector plays the role of the API server → kubelet connection of a real cluster: it finds the
 * kubelet of a node and adapts its in-process server (push callbacks, async-iterable input) to the API
 * server's streaming contract (apiserver/streaming/node-connector.ts: pull streams, byte sinks, exit promise).
 * Validation happens before any byte flows, so errors reach kubectl as clean Status answers.
 */
import type { Duplex } from 'node:stream';
import type {
  ExecRequest,
  ExecSession,
  KubeletApi,
  LogRequest,
  NodeConnector,
} from '../apiserver/streaming/node-connector';
import type { KubeletServer } from '../kubelet/api';
import { InputQueue, type TerminalSize } from '../kubelet/runtime/io';

const encoder = new TextEncoder();

/** KubeletConnector maps node names to running kubelets; kubelets register as they start. */
export class KubeletConnector implements NodeConnector {
  private readonly kubelets = new Map<string, KubeletApi>();

  register(nodeName: string, server: KubeletServer): void {
    this.kubelets.set(nodeName, adaptKubelet(server));
  }

  unregister(nodeName: string): void {
    this.kubelets.delete(nodeName);
  }

  kubeletFor(nodeName: string): KubeletApi | undefined {
    return this.kubelets.get(nodeName);
  }
}

/** adaptKubelet exposes a kubelet server through the API server's KubeletApi contract. */
export function adaptKubelet(server: KubeletServer): KubeletApi {
  return {
    async logs(namespace, pod, container, options: LogRequest, signal) {
      const id = await server.logTarget(namespace, pod, { container, previous: options.previous });
      const queue = new InputQueue<Uint8Array>();
      server
        .streamLogs(id, {
          follow: options.follow,
          tailLines: options.tailLines,
          sinceSeconds: options.sinceSeconds,
          sinceTime: options.sinceTime,
          timestamps: options.timestamps,
          limitBytes: options.limitBytes,
          onData: (chunk) => queue.push(encoder.encode(chunk)),
          signal,
        })
        // The stream was validated above; a late failure (container removed mid-stream) just ends it.
        .catch(() => undefined)
        .finally(() => queue.end());
      return queue;
    },

    async exec(namespace, pod, container, command, request) {
      const id = await server.runningContainerId(namespace, pod, container);
      return session(request, (io) => server.execIn(id, command, io));
    },

    async attach(namespace, pod, container, request) {
      const id = await server.runningContainerId(namespace, pod, container);
      return session(request, async (io) => {
        await server.attachTo(id, io);
        return { exitCode: 0 };
      });
    },

    portForward(namespace, pod, port): Promise<Duplex> {
      return server.portForward(namespace, pod, port);
    },
  };
}

type Runner = (io: {
  stdin?: AsyncIterable<Uint8Array>;
  tty: boolean;
  onStdout: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
  resize: AsyncIterable<TerminalSize>;
  signal: AbortSignal;
}) => Promise<{ exitCode: number }>;

/** session starts a process with queue-backed streams and exposes it as an ExecSession. */
function session(request: ExecRequest, run: Runner): ExecSession {
  const stdin = request.stdin ? new InputQueue<Uint8Array>() : undefined;
  const stdout = new InputQueue<Uint8Array>();
  const stderr = request.tty ? undefined : new InputQueue<Uint8Array>();
  const resize = new InputQueue<TerminalSize>();
  const exit = run({
    stdin,
    tty: request.tty,
    onStdout: (chunk) => stdout.push(chunk),
    onStderr: stderr ? (chunk) => stderr.push(chunk) : (chunk) => stdout.push(chunk),
    resize,
    signal: request.signal,
  }).then(
    (result) => ({ exitCode: result.exitCode }),
    (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
  );
  void exit.finally(() => {
    stdout.end();
    stderr?.end();
    resize.end();
  });
  return {
    stdin: stdin && { write: (chunk) => stdin.push(chunk), end: () => stdin.end() },
    stdout: request.stdout || request.tty ? stdout : undefined,
    stderr: request.stderr && stderr ? stderr : undefined,
    resize: (width, height) => resize.push({ width, height }),
    exit,
  };
}
