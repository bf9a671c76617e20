/**
 * ensureSandboxNamespace prepares the host namespace of one learner sandbox: Pod Security labels, a
 * ResourceQuota and a LimitRange bounding what the learner's pods may take from the host, and a default-deny
 * NetworkPolicy plus one allowing traffic between the namespace's own pods (a learner's pods reach each
 * other, nothing else of the host, and nothing outside reaches them). Idempotent: existing objects are kept.
 */
import { findKind } from '../../../api/resources';
import type { KubeObject } from '../../../api/object';
import type { ApiClient } from '../../../client/client';
import { isAlreadyExists } from '../../../machinery/errors';

/** SandboxNamespacePolicy bounds one learner's sandbox on the host. */
export interface SandboxNamespacePolicy {
  /** Pod Security level enforced (`baseline` by default: learners' images run as root); `restricted` is warned and audited. */
  enforce?: 'baseline' | 'restricted';
  /** Pods at most in the namespace (default 50). */
  maxPods?: number;
  /** Total CPU limits (default "4") and memory limits (default "4Gi"). */
  cpuLimits?: string;
  memoryLimits?: string;
  /** Total storage requested by the sandbox's volumes (default "5Gi"). */
  storage?: string;
  /** Defaults applied to containers without requests/limits. */
  defaultCpu?: string;
  defaultMemory?: string;
}

/** SANDBOX_NAMESPACE_LABEL marks the host namespaces made for learner sandboxes. */
export const SANDBOX_NAMESPACE_LABEL = 'atelier.dev/sandbox-namespace';

export async function ensureSandboxNamespace(
  client: ApiClient,
  name: string,
  policy: SandboxNamespacePolicy = {},
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
            services: '0',
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
    }
  }
}

/** deleteSandboxNamespace removes a sandbox's host namespace and everything in it (sandbox deleted). */
export async function deleteSandboxNamespace(client: ApiClient, name: string): Promise<void> {
  const ref = findKind('', 'v1', 'Namespace')!;
  await client.delete(ref, undefined, name).catch((err: unknown) => {
    if ((err as { code?: number }).code !== 404) throw err;
  });
}
