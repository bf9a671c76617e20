/**
 * NodeResourcesFit filter (plugins/noderesources/fit.go): the pod's requests must fit in the node's
 * allocatable minus what its pods already request, and the node must accept one more pod. Every
 * shortage is reported (`Too many pods`, `Insufficient cpu`, `Insufficient memory`,
 * `Insufficient ephemeral-storage`, `Insufficient <extended resource>`), so the failure message counts each.
 */
import type { FilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { Resources } from '../../framework/resources';
import { unschedulable } from '../../framework/status';

export const NAME = 'NodeResourcesFit';

/** insufficientResources lists the reasons the requests do not fit on node (empty when they fit). */
export function insufficientResources(request: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.pods.length + 1 > node.allowedPods) reasons.push('Too many pods');
  if (
    request.milliCPU === 0 &&
    request.memory === 0 &&
    request.ephemeralStorage === 0 &&
    request.scalar.size === 0
  ) {
    return reasons;
  }
  const { allocatable, requested } = node;
  if (request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - requested.milliCPU)
    reasons.push('Insufficient cpu');
  if (request.memory > 0 && request.memory > allocatable.memory - requested.memory)
    reasons.push('Insufficient memory');
  if (
    request.ephemeralStorage > 0 &&
    request.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage
  ) {
    reasons.push('Insufficient ephemeral-storage');
  }
  for (const [name, quantity] of request.scalar) {
    if (quantity > (allocatable.scalar.get(name) ?? 0) - (requested.scalar.get(name) ?? 0)) {
      reasons.push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

export function nodeResourcesFit(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const reasons = insufficientResources(pod.requests, node);
      return reasons.length === 0 ? undefined : unschedulable(...reasons);
    },
  };
}
