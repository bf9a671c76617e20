/**
 * Test doubles of the streaming contracts (used by unit and integration tests only): an in-memory
 * `KubeletApi` with scripted behaviour and a fixed `MetricsProvider`, plus helpers that put a pod into the
 * "scheduled and running" state the streaming subresources require.
 *
 * FakeKubelet behaviour:
 * - logs: the lines of `logLines` (or `previousLines` with `previous`), honouring tailLines, timestamps
 *   (a fixed timestamp prefix) and, with follow, two more lines 5 ms apart before it ends (bounded);
 * - exec: `echo ARGS…` prints ARGS; `sh -c 'exit N'` exits N; `cat` echoes stdin until EOF; `err MSG`
 *   prints MSG on stderr and exits 1; with a tty any command echoes input, reports the first resize as
 *   `size WxH`, and exits when it reads `q`; `fail` makes the session end with an error;
 * - attach: like `cat`;
 * - portForward: connects to `ports[port]` on 127.0.0.1, or rejects with `connection refused`.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { ByteQueue } from '../../streaming/byte-queue';
import type { MetricsProvider, NodeMetricsSample, PodMetricsSample } from './metrics';
import type {
  ExecExit,
  ExecRequest,
  ExecSession,
  KubeletApi,
  LogRequest,
  NodeConnector,
} from './node-connector';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FAKE_LOG_TIMESTAMP prefixes lines when `timestamps` is requested. */
export const FAKE_LOG_TIMESTAMP = '2025-01-01T00:00:00.000000000Z';

/** FakeKubelet is a scripted KubeletApi; `calls` records what the API server asked. */
export class FakeKubelet implements KubeletApi {
  readonly calls: string[] = [];
  logLines = ['line 1', 'line 2', 'line 3'];
  previousLines = ['previous run'];
  /** ports maps a pod port to a 127.0.0.1 port that port-forward connects to. */
  ports: Record<number, number> = {};

  async logs(
    namespace: string,
    pod: string,
    container: string,
    options: LogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Uint8Array>> {
    this.calls.push(`logs ${namespace}/${pod}/${container}${options.follow ? ' follow' : ''}`);
    let lines = options.previous ? this.previousLines : this.logLines;
    if (options.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - options.tailLines));
    const format = (line: string) => `${options.timestamps ? `${FAKE_LOG_TIMESTAMP} ` : ''}${line}\n`;
    const queue = new ByteQueue();
    for (const line of lines) queue.push(encoder.encode(format(line)));
    if (!options.follow) {
      queue.end();
      return queue;
    }
    let count = 0;
    const timer = setInterval(() => {
      count++;
      queue.push(encoder.encode(format(`follow ${count}`)));
      if (count === 2) {
        clearInterval(timer);
        queue.end();
      }
    }, 5);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      queue.end();
    });
    return queue;
  }

  async exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    request: ExecRequest,
  ): Promise<ExecSession> {
    this.calls.push(`exec ${namespace}/${pod}/${container} ${command.join(' ')}`);
    return runScript(command, request);
  }

  async attach(
    namespace: string,
    pod: string,
    container: string,
    request: ExecRequest,
  ): Promise<ExecSession> {
    this.calls.push(`attach ${namespace}/${pod}/${container}`);
    return runScript(['cat'], request);
  }

  async portForward(namespace: string, pod: string, port: number): Promise<Duplex> {
    this.calls.push(`portforward ${namespace}/${pod}:${port}`);
    const local = this.ports[port];
    if (local === undefined) throw new Error(`dial tcp 10.244.1.5:${port}: connect: connection refused`);
    return new Promise((resolve, reject) => {
      const socket = connect(local, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  }
}

/** runScript plays one scripted process. */
function runScript(command: string[], request: ExecRequest): ExecSession {
  const stdout = new ByteQueue();
  const stderr = new ByteQueue();
  const stdinQueue = new ByteQueue();
  let resolveExit: (exit: ExecExit) => void = () => undefined;
  const exit = new Promise<ExecExit>((resolve) => {
    resolveExit = resolve;
  });
  const end = (result: ExecExit) => {
    stdout.end();
    stderr.end();
    resolveExit(result);
  };
  let firstSize: string | undefined;
  const session: ExecSession = {
    stdout,
    ...(request.tty ? {} : { stderr }),
    ...(request.stdin ? { stdin: { write: (c) => stdinQueue.push(c), end: () => stdinQueue.end() } } : {}),
    resize(width, height) {
      if (request.tty && firstSize === undefined) {
        firstSize = `${width}x${height}`;
        stdout.push(encoder.encode(`size ${firstSize}\r\n`));
      }
    },
    exit,
  };
  request.signal.addEventListener('abort', () => end({ exitCode: 137 }));

  const [program, ...args] = command;
  const echoInput = async (stopAt?: string) => {
    for await (const chunk of stdinQueue) {
      stdout.push(chunk);
      if (stopAt && decoder.decode(chunk).includes(stopAt)) break;
    }
  };
  setImmediate(() => {
    void (async () => {
      if (request.tty) {
        await echoInput('q');
        end({ exitCode: 0 });
      } else if (program === 'echo') {
        stdout.push(encoder.encode(`${args.join(' ')}\n`));
        end({ exitCode: 0 });
      } else if (program === 'sh' && args[0] === '-c' && /^exit \d+$/.test(args[1] ?? '')) {
        end({ exitCode: Number(args[1].slice(5)) });
      } else if (program === 'cat') {
        await echoInput();
        end({ exitCode: 0 });
      } else if (program === 'err') {
        (request.tty ? stdout : stderr).push(encoder.encode(`${args.join(' ')}\n`));
        end({ exitCode: 1 });
      } else if (program === 'fail') {
        end({ error: 'the runtime failed to start the process' });
      } else {
        stderr.push(encoder.encode(`sh: ${program}: not found\n`));
        end({ exitCode: 127 });
      }
    })();
  });
  return session;
}

/** singleKubeletConnector serves the same kubelet for the given node names. */
export function singleKubeletConnector(kubelet: KubeletApi, nodes: string[]): NodeConnector {
  return { kubeletFor: (node) => (nodes.includes(node) ? kubelet : undefined) };
}

/** FixedMetricsProvider returns the samples it was given. */
export class FixedMetricsProvider implements MetricsProvider {
  constructor(
    private readonly nodes: NodeMetricsSample[],
    private readonly pods: PodMetricsSample[],
  ) {}

  nodeMetrics(name?: string): NodeMetricsSample[] {
    return this.nodes.filter((n) => name === undefined || n.name === name);
  }

  podMetrics(namespace?: string, name?: string): PodMetricsSample[] {
    return this.pods.filter(
      (p) =>
        (namespace === undefined || p.namespace === namespace) && (name === undefined || p.name === name),
    );
  }
}

/** ContainerState is how `runningPodStatus` reports each container. */
export type FakeContainerState = 'running' | 'waiting' | 'restarted';

/** runningPodStatus builds a pod status whose containers are in the given states. */
export function runningPodStatus(
  containers: Record<string, FakeContainerState>,
  now = '2025-01-01T00:00:00Z',
): Record<string, unknown> {
  return {
    phase: 'Running',
    podIP: '10.244.1.5',
    hostIP: '192.168.0.11',
    startTime: now,
    containerStatuses: Object.entries(containers).map(([name, state]) => ({
      name,
      image: 'nginx',
      imageID: '',
      ready: state !== 'waiting',
      started: state !== 'waiting',
      restartCount: state === 'restarted' ? 1 : 0,
      containerID: state === 'waiting' ? undefined : `containerd://${name}-2`,
      state:
        state === 'waiting' ? { waiting: { reason: 'ContainerCreating' } } : { running: { startedAt: now } },
      lastState:
        state === 'restarted'
          ? {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: now,
                finishedAt: now,
                containerID: `containerd://${name}-1`,
              },
            }
          : {},
    })),
  };
}
