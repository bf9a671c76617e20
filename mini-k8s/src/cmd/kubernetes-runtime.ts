/**
 * kubernetesRuntimeFactory gives each node of a learner's cluster a KubernetesRuntime: its pods run as pods
 * of a host cluster, every node of the cluster sharing one host namespace (quota, limits, network policies,
 * Pod Security). The sandbox server calls it with RUNTIME=kubernetes.
 */
import type { HostCluster } from '../kubelet/runtime/kubernetes/host-connection';
import type { HostDns } from '../kubelet/runtime/kubernetes/host-dns';
import { SandboxNetwork } from '../kubelet/runtime/kubernetes/host-network';
import { KubernetesRuntime } from '../kubelet/runtime/kubernetes/kubernetes-runtime';
import type { SandboxNamespacePolicy } from '../kubelet/runtime/kubernetes/sandbox-namespace';
import { SANDBOX_ID_ANNOTATION } from '../kubelet/runtime/kubernetes/sandbox-namespace';
import type { RuntimeFactory } from './cluster';

/** KubernetesFactoryOptions describe where one learner cluster's pods go on the host. */
export interface KubernetesFactoryOptions {
  host: HostCluster;
  /** The cluster's host namespace. */
  namespace: string;
  /** The platform's sandbox id, recorded on the namespace (clean-up of namespaces left by a crash). */
  sandboxId?: string;
  policy?: SandboxNamespacePolicy;
  /** Bound on each wait for the host (default 120 s). */
  timeoutMs?: number;
  /** The platform's DNS server for learner pods (host-dns.ts); absent, no cluster DNS on the host. */
  dns?: HostDns;
}

export function kubernetesRuntimeFactory(options: KubernetesFactoryOptions): RuntimeFactory {
  const namespaceAnnotations = options.sandboxId ? { [SANDBOX_ID_ANNOTATION]: options.sandboxId } : undefined;
  // One Service network per learner cluster, shared by its nodes' runtimes (the first serveServices starts it).
  const network = new SandboxNetwork({
    client: options.host.client,
    namespace: options.namespace,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(namespaceAnnotations ? { namespaceAnnotations } : {}),
    ...(options.dns ? { dns: options.dns } : {}),
  });
  return (node) =>
    new KubernetesRuntime({
      network,
      host: { client: options.host.client, streams: options.host.streams },
      namespace: options.namespace,
      nodeName: node.name,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(namespaceAnnotations ? { namespaceAnnotations } : {}),
    });
}
