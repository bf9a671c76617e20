/**
 * kubeletStreams lets exec checks run in an in-process cluster (`createCluster`): it reaches the pod's kubelet
 * through the cluster's node connector, the path the API server's exec subresource takes, without a socket.
 * A remote cluster uses `websocketStreams` (mini-k8s/src/kubectl/streams) instead. The connector is typed by
 * the few members used here so graders stay independent of the API server's internals.
 */
import type { KubeObject } from '../../mini-k8s/src/api/object';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import type { KubectlStreams } from '../../mini-k8s/src/kubectl/streams/streams';
import { StatusError } from '../../mini-k8s/src/machinery/errors';

/** KubeletExec is the exec member of a kubelet as the node connector serves it. */
interface KubeletExec {
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    request: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean; signal: AbortSignal },
  ): Promise<{
    stdout?: AsyncIterable<Uint8Array>;
    stderr?: AsyncIterable<Uint8Array>;
    exit: Promise<{ exitCode: number } | { error: string }>;
  }>;
}

/** KubeletLocator finds a node's kubelet (a cluster's `nodeConnector`). */
export interface KubeletLocator {
  kubeletFor(nodeName: string): KubeletExec | undefined;
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** kubeletStreams builds KubectlStreams (exec without stdin) over a client and a cluster's node connector. */
export function kubeletStreams(client: ApiClient, connector: KubeletLocator): KubectlStreams {
  return {
    async exec(request, io) {
      try {
        const pod = await client.get<KubeObject & { spec?: { nodeName?: string } }>(
          PODS,
          request.namespace,
          request.pod,
        );
        const node = pod.spec?.nodeName;
        const kubelet = node ? connector.kubeletFor(node) : undefined;
        if (!node || !kubelet)
          return {
            error: new StatusError(400, 'BadRequest', `pod ${request.pod} does not have a host assigned`),
          };
        const abort = new AbortController();
        io.signal?.addEventListener('abort', () => abort.abort(), { once: true });
        const session = await kubelet.exec(
          request.namespace,
          request.pod,
          request.container,
          request.command,
          {
            stdin: false,
            stdout: true,
            stderr: !request.tty,
            tty: request.tty,
            signal: abort.signal,
          },
        );
        const decoder = () => new TextDecoder();
        const drain = async (stream: AsyncIterable<Uint8Array> | undefined, write: (s: string) => void) => {
          if (!stream) return;
          const d = decoder();
          for await (const chunk of stream) write(d.decode(chunk, { stream: true }));
        };
        const output = Promise.all([drain(session.stdout, io.stdout), drain(session.stderr, io.stderr)]);
        const exit = await session.exit;
        await output;
        abort.abort();
        if ('error' in exit) return { error: new StatusError(500, 'InternalError', exit.error) };
        return { exitCode: exit.exitCode };
      } catch (err) {
        if (err instanceof StatusError) return { error: err };
        return { error: new StatusError(500, 'InternalError', (err as Error).message) };
      }
    },
  };
}
