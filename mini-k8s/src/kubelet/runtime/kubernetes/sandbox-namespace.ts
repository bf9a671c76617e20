/**
 * ensureSandboxNamespace prepares the host namespace of one learner sandbox: Pod Security labels, a
 * ResourceQuota and a LimitRange bounding what the learner's pods and Services may take from the host (an
 * existing quota is brought up to date), and a default-deny
 * NetworkPolicy plus one allowing traffic between the namespace's own pods (a learner's pods reach each
 * other, nothing else of the host, and nothing outside reaches them). Idempotent: existing objects are kept.
 */
import { findKind } from '../../../api/resources';
import type { KubeObject } from '../../../api/object';
import type { ApiClient } from '../../../client/client';
import { isAlreadyExists, isNotFound } from '../../../machinery/errors';
import { RUNTIME_LABEL } from './host-pods';

const NAMESPACES = findKind('', 'v1', 'Namespace')!;
const PODS = findKind('', 'v1', 'Pod')!;
const SECRETS = findKind('', 'v1', 'Secret')!;
const CLAIMS = findKind('', 'v1', 'PersistentVolumeClaim')!;
const QUOTAS = findKind('', 'v1', 'ResourceQuota')!;

/** HOST_NODE_ANNOTATION_PREFIX + a learner node's runtime id records the host node its pods go to. */
export const HOST_NODE_ANNOTATION_PREFIX = 'atelier.dev/host-node-';

/** SandboxNamespacePolicy bounds one learner's sandbox on the host. */
export interface SandboxNamespacePolicy {
  /** Pod Security level enforced (`baseline` by default: learners' images run as root); `restricted` is warned and audited. */
  enforce?: 'baseline' | 'restricted';
  /** Pods at most in the namespace (default 50). */
  maxPods?: number;
  /** Total CPU limits (default "4") and memory limits (default "4Gi"). */
  cpuLimits?: string;
  memoryLimits?: string;
  /**
   * Host Services at most (default 30): the learner's mirrored Services plus the sandbox's kube-dns; never
   * NodePort or LoadBalancer ones (mirrors are ClusterIP or headless).
   */
  maxServices?: number;
  /** Total storage requested by the sandbox's volumes (default "5Gi"). */
  storage?: string;
  /** Defaults applied to containers without requests/limits. */
  defaultCpu?: string;
  defaultMemory?: string;
}

/** SANDBOX_NAMESPACE_LABEL marks the host namespaces made for learner sandboxes. */
export const SANDBOX_NAMESPACE_LABEL = 'atelier.dev/sandbox-namespace';

/** SANDBOX_ID_ANNOTATION names the platform sandbox a host namespace belongs to (clean-up of leftovers). */
export const SANDBOX_ID_ANNOTATION = 'atelier.dev/sandbox-id';

export async function ensureSandboxNamespace(
  client: ApiClient,
  name: string,
  policy: SandboxNamespacePolicy = {},
  annotations: Record<string, string> = {},
): Promise<void> {
  const enforce = policy.enforce ?? 'baseline';
  const objects: [string, string, KubeObject][] = [
    [
      '',
      'Namespace',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          labels: {
            [SANDBOX_NAMESPACE_LABEL]: 'true',
            'pod-security.kubernetes.io/enforce': enforce,
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      },
    ],
    [
      '',
      'ResourceQuota',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'sandbox', namespace: name },
        spec: {
          hard: {
            pods: String(policy.maxPods ?? 50),
            'limits.cpu': policy.cpuLimits ?? '4',
            'limits.memory': policy.memoryLimits ?? '4Gi',
            'requests.storage': policy.storage ?? '5Gi',
            persistentvolumeclaims: '50',
            services: String(policy.maxServices ?? 30),
            'services.nodeports': '0',
            'services.loadbalancers': '0',
          },
        },
      } as KubeObject,
    ],
    [
      '',
      'LimitRange',
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'sandbox', namespace: name },
        spec: {
          limits: [
            {
              type: 'Container',
              default: { cpu: policy.defaultCpu ?? '500m', memory: policy.defaultMemory ?? '256Mi' },
              defaultRequest: { cpu: '10m', memory: '16Mi' },
            },
          ],
        },
      } as KubeObject,
    ],
    [
      'networking.k8s.io',
      'NetworkPolicy',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: name },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      } as KubeObject,
    ],
    [
      'networking.k8s.io',
      'NetworkPolicy',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-same-namespace', namespace: name },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [{ to: [{ podSelector: {} }] }],
        },
      } as KubeObject,
    ],
  ];
  for (const [group, kind, object] of objects) {
    const ref = findKind(group, 'v1', kind)!;
    try {
      await client.create(ref, ref.namespaced ? name : undefined, object);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      if (kind === 'ResourceQuota') await updateQuota(client, name, object);
    }
  }
}

/**
 * updateQuota brings an existing quota's `hard` to `desired`'s (a namespace made by an older platform, or
 * with other settings: before Services were mirrored, its quota allowed none).
 */
async function updateQuota(client: ApiClient, namespace: string, desired: KubeObject): Promise<void> {
  const existing = await client.get(QUOTAS, namespace, desired.metadata.name!);
  const hard = (o: KubeObject) => (o.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {};
  const want = hard(desired);
  if (Object.entries(want).every(([k, v]) => hard(existing)[k] === v)) return;
  await client.patch(QUOTAS, namespace, desired.metadata.name!, 'merge', { spec: { hard: want } });
}

/**
 * clearSandboxNamespace removes what a sandbox's runtimes left in its namespace — pods, files Secrets, every
 * volume claim (the learner nodes' hostPath claims included) and the host-node choices — and keeps the
 * namespace and its policies: a reset sandbox starts empty at once, without waiting for a namespace to
 * finish terminating.
 */
export async function clearSandboxNamespace(client: ApiClient, name: string): Promise<void> {
  const selector = { labelSelector: RUNTIME_LABEL };
  for (const ref of [PODS, SECRETS, CLAIMS]) {
    let list;
    try {
      list = await client.list(ref, name, selector);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (const item of list.items) {
      await client
        .delete(ref, name, item.metadata.name!, ref === PODS ? { gracePeriodSeconds: 0 } : {})
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
  }
  const ns = await client.get(NAMESPACES, undefined, name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  const nodeChoices = Object.keys(ns?.metadata.annotations ?? {}).filter((k) =>
    k.startsWith(HOST_NODE_ANNOTATION_PREFIX),
  );
  if (nodeChoices.length > 0) {
    await client.patch(NAMESPACES, undefined, name, 'merge', {
      metadata: { annotations: Object.fromEntries(nodeChoices.map((k) => [k, null])) },
    });
  }
}

/** deleteSandboxNamespace removes a sandbox's host namespace and everything in it (sandbox deleted). */
export async function deleteSandboxNamespace(client: ApiClient, name: string): Promise<void> {
  await client.delete(NAMESPACES, undefined, name).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/**
 * listSandboxNamespaces returns the host namespaces made for sandboxes whose name starts with `prefix`, with
 * the platform sandbox id each belongs to (undefined when the annotation is missing).
 */
export async function listSandboxNamespaces(
  client: ApiClient,
  prefix: string,
): Promise<{ name: string; sandboxId: string | undefined; terminating: boolean }[]> {
  const list = await client.list(NAMESPACES, undefined, { labelSelector: `${SANDBOX_NAMESPACE_LABEL}=true` });
  return list.items
    .filter((ns) => ns.metadata.name!.startsWith(prefix))
    .map((ns) => ({
      name: ns.metadata.name!,
      sandboxId: ns.metadata.annotations?.[SANDBOX_ID_ANNOTATION],
      terminating: Boolean(ns.metadata.deletionTimestamp),
    }));
}
