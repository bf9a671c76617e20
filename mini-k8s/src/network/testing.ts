/**
 * Helpers for tests of the pod network on an in-process cluster: run a command in a pod (like `kubectl
 * exec`) and wait for conditions with generous deadlines (the test machine may be loaded).
 */
import type { KubeObject } from '../api/object';
import type { Cluster } from '../cmd/cluster';

export const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };

/** waitFor polls `probe` until it returns a value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** execIn runs `command` in the first container of a running pod. */
export async function execIn(
  cluster: Cluster,
  namespace: string,
  name: string,
  command: string[],
): Promise<{ code: number; out: string; err: string }> {
  const pod = await cluster.client.get(PODS, namespace, name);
  const nodeName = (pod.spec as { nodeName?: string }).nodeName;
  const kubelet = cluster.kubelets.find((k) => k.nodeName === nodeName);
  if (!kubelet) throw new Error(`pod ${namespace}/${name} is not on a node`);
  let out = '';
  let err = '';
  const decoder = new TextDecoder();
  const { exitCode } = await kubelet.api.exec(namespace, name, undefined, command, {
    onStdout: (chunk) => (out += decoder.decode(chunk)),
    onStderr: (chunk) => (err += decoder.decode(chunk)),
  });
  return { code: exitCode, out, err };
}

/** runPod creates a pod and waits until it runs (and is Ready unless `ready` is false). */
export async function runPod(cluster: Cluster, pod: KubeObject, ready = true): Promise<KubeObject> {
  const namespace = pod.metadata.namespace ?? 'default';
  await cluster.client.create(PODS, namespace, pod);
  return waitFor(`pod ${namespace}/${pod.metadata.name} running`, async () => {
    const current = await cluster.client.get(PODS, namespace, pod.metadata.name!);
    const status = current.status as { phase?: string; conditions?: { type: string; status: string }[] };
    const isReady = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    return status.phase === 'Running' && (!ready || isReady) ? current : undefined;
  });
}

/** helloPod is a hello-app pod (answers `Hostname: <pod>` on 8080) with labels. */
export function helloPod(namespace: string, name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'gcr.io/google-samples/hello-app:1.0',
          ports: [{ name: 'http', containerPort: 8080 }],
        },
      ],
    },
  };
}

/** clientPod is a curl pod that sleeps, to exec curl/nslookup in. */
export function clientPod(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'curl', image: 'curlimages/curl:8.11.1', command: ['sleep', '3600'] }] },
  };
}
