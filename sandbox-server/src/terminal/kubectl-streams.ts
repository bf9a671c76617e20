/**
 * In-process streams for the terminal's kubectl: `kubectl exec` and `attach` reach the pod's kubelet through the
 * cluster's node connector (the path the API server's exec subresource takes), without a socket.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import type {
  ExecSession,
  KubeletApi,
  NodeConnector,
} from '../../../mini-k8s/src/apiserver/streaming/node-connector';
import type { ExecOutcome, KubectlStreams, StreamIo } from '../../../mini-k8s/src/kubectl/streams/streams';
import { errors, isStatusError, StatusError } from '../../../mini-k8s/src/machinery/errors';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const ACCESS_REVIEWS = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  namespaced: false,
};
const SELF_REVIEWS = {
  group: 'authentication.k8s.io',
  version: 'v1',
  resource: 'selfsubjectreviews',
  namespaced: false,
};

/**
 * authorizeStream asks the cluster whether the client's user may exec in (or attach to) the pod, as the API
 * server checks the websocket upgrade of `pods/exec` / `pods/attach` (verb get): the terminal's kubectl reaches
 * the kubelet without that request, so a lesson user (alice, bob) must not get further than the real kubectl
 * would.
 */
async function authorizeStream(
  client: ApiClient,
  subresource: 'exec' | 'attach',
  namespace: string,
  pod: string,
): Promise<void> {
  const review = await client.create<KubeObject & { status?: { allowed?: boolean } }>(
    ACCESS_REVIEWS,
    undefined,
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: {
        resourceAttributes: { namespace, verb: 'get', resource: 'pods', subresource, name: pod },
      },
    },
  );
  if (review.status?.allowed) return;
  const self = await client.create<KubeObject & { status?: { userInfo?: { username?: string } } }>(
    SELF_REVIEWS,
    undefined,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
    },
  );
  const user = self.status?.userInfo?.username ?? '';
  throw new StatusError(
    403,
    'Forbidden',
    `pods "${pod}" is forbidden: User "${user}" cannot get resource "pods/${subresource}" in API group "" in the namespace "${namespace}"`,
    { name: pod, kind: 'pods' },
  );
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * run opens one exec or attach session on the pod's kubelet and pumps the caller's streams through it until
 * the process ends (or `io.signal` aborts, which ends the session).
 */
async function run(
  client: ApiClient,
  connector: NodeConnector,
  subresource: 'exec' | 'attach',
  target: { namespace: string; pod: string },
  io: StreamIo,
  open: (kubelet: KubeletApi, signal: AbortSignal) => Promise<ExecSession>,
): Promise<ExecOutcome> {
  try {
    await authorizeStream(client, subresource, target.namespace, target.pod);
    const pod = await client.get<KubeObject & { spec: { nodeName?: string } }>(
      PODS,
      target.namespace,
      target.pod,
    );
    const node = pod.spec.nodeName;
    const kubelet = node ? connector.kubeletFor(node) : undefined;
    if (!node || !kubelet) throw errors.badRequest(`pod ${target.pod} does not have a host assigned`);
    const abort = new AbortController();
    io.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const session = await open(kubelet, abort.signal);
    const pumps: Promise<void>[] = [];
    if (session.stdin && io.stdin !== undefined) {
      const sink = session.stdin;
      pumps.push(
        (async () => {
          if (typeof io.stdin === 'string') sink.write(encoder.encode(io.stdin));
          else if (io.stdin) for await (const chunk of io.stdin) sink.write(encoder.encode(chunk));
          sink.end();
        })(),
      );
    }
    const drain = async (stream: AsyncIterable<Uint8Array> | undefined, write: (s: string) => void) => {
      if (!stream) return;
      for await (const chunk of stream) write(decoder.decode(chunk, { stream: true }));
    };
    const output = Promise.all([drain(session.stdout, io.stdout), drain(session.stderr, io.stderr)]);
    // Ctrl-C ends an attach session at once (the container keeps running), as kubectl detaching.
    const interrupted = new Promise<'interrupted'>((resolve) => {
      if (io.signal?.aborted) resolve('interrupted');
      io.signal?.addEventListener('abort', () => resolve('interrupted'), { once: true });
    });
    const exit = await Promise.race([session.exit, interrupted]);
    if (exit === 'interrupted') {
      abort.abort();
      return { exitCode: 0 };
    }
    await output;
    abort.abort();
    if ('error' in exit) return { error: errors.internal(exit.error) };
    return { exitCode: exit.exitCode };
  } catch (err) {
    if (isStatusError(err)) return { error: err };
    return { error: new StatusError(500, 'InternalError', (err as Error).message) };
  }
}

/**
 * inProcessStreams builds KubectlStreams over a cluster's client and node connector; `portForwardUrl` gives
 * `kubectl port-forward` the platform URL of a pod's port (absent: port-forward is not available).
 */
export function inProcessStreams(
  client: ApiClient,
  connector: NodeConnector,
  portForwardUrl?: (namespace: string, pod: string, port: number) => string,
): KubectlStreams {
  return {
    ...(portForwardUrl ? { portForwardUrl } : {}),
    exec(request, io) {
      return run(client, connector, 'exec', request, io, (kubelet, signal) =>
        kubelet.exec(request.namespace, request.pod, request.container, request.command, {
          stdin: request.stdin,
          stdout: true,
          stderr: !request.tty,
          tty: request.tty,
          signal,
        }),
      );
    },
    attach(request, io) {
      return run(client, connector, 'attach', request, io, (kubelet, signal) =>
        kubelet.attach(request.namespace, request.pod, request.container, {
          stdin: request.stdin,
          stdout: true,
          stderr: !request.tty,
          tty: request.tty,
          signal,
        }),
      );
    },
  };
}
