/**
 * NodeUnschedulable filters out cordoned nodes (spec.unschedulable) unless the pod tolerates the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint (plugins/nodeunschedulable).
 */
import type { FilterPlugin } from '../../framework/interface';
import { unresolvable } from '../../framework/status';
import { taintToleratedBy } from '../../framework/taints';
import type { Taint } from '../../framework/types';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function nodeUnschedulable(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (!node.unschedulable) return undefined;
      if (taintToleratedBy(UNSCHEDULABLE_TAINT, pod.pod.spec?.tolerations ?? [])) return undefined;
      return unresolvable(ERR_REASON_UNSCHEDULABLE);
    },
  };
}
