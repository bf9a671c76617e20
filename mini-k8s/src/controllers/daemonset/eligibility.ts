/**
 * DaemonSet placement (daemon_controller.go nodeShouldRunDaemonPod and util): which nodes get a daemon
 * pod, the tolerations Kubernetes adds to daemon pods, and the node affinity that pins a pod to its node.
 */
import type { KubeObject } from '../../api/object';
import {
  type NodeSelectorTerm,
  nodeMatchesTerms,
  nodeTaints,
  type Toleration,
  untoleratedTaint,
} from '../workload-utils/taints';

/** daemonTolerations returns the pod's tolerations plus those AddOrUpdateDaemonPodTolerations adds. */
export function daemonTolerations(podSpec: Record<string, unknown>): Toleration[] {
  const tolerations = [...((podSpec.tolerations as Toleration[] | undefined) ?? [])];
  const add = (key: string, effect: string): void => {
    const exists = tolerations.some((t) => t.key === key && t.effect === effect && t.operator === 'Exists');
    if (!exists) tolerations.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (podSpec.hostNetwork === true) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return tolerations;
}

/**
 * shouldRunOn is nodeShouldRunDaemonPod: the template's nodeSelector and required node affinity match the
 * node, and every NoSchedule/NoExecute taint is tolerated (with the daemon tolerations).
 */
export function shouldRunOn(node: KubeObject, podSpec: Record<string, unknown>): boolean {
  const selector = (podSpec.nodeSelector as Record<string, string> | undefined) ?? {};
  const labels = node.metadata.labels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return false;
  const terms = (
    podSpec.affinity as
      | {
          nodeAffinity?: {
            requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
          };
        }
      | undefined
  )?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !nodeMatchesTerms(node, terms)) return false;
  return (
    untoleratedTaint(nodeTaints(node), daemonTolerations(podSpec), ['NoSchedule', 'NoExecute']) === undefined
  );
}

/**
 * pinToNode is ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single
 * term `metadata.name In [node]` (the scheduler then binds the pod there); preferred terms are kept.
 */
export function pinToNode(podSpec: Record<string, unknown>, nodeName: string): Record<string, unknown> {
  const affinity = { ...((podSpec.affinity as Record<string, unknown> | undefined) ?? {}) };
  const nodeAffinity = { ...((affinity.nodeAffinity as Record<string, unknown> | undefined) ?? {}) };
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
  affinity.nodeAffinity = nodeAffinity;
  return { ...podSpec, affinity, tolerations: daemonTolerations(podSpec) };
}

/** podNodeName returns the node a daemon pod is bound or pinned to. */
export function podNodeName(pod: KubeObject): string | undefined {
  const spec = pod.spec as Record<string, unknown> | undefined;
  if (typeof spec?.nodeName === 'string' && spec.nodeName !== '') return spec.nodeName;
  const terms = (
    spec?.affinity as
      | {
          nodeAffinity?: {
            requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
          };
        }
      | undefined
  )?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const field = terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In');
  return field?.values?.length === 1 ? field.values[0] : undefined;
}
