/**
 * NodePorts rejects nodes where a requested host port (protocol, IP, port) is already taken
 * (plugins/nodeports); pods without host ports skip it.
 */
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interface';
import { SKIP, unschedulable } from '../../framework/status';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

export function nodePorts(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(_state, pod) {
      return pod.hostPorts.length === 0 ? SKIP : undefined;
    },
    filter(_state, pod, node) {
      return node.portsConflict(pod.hostPorts) ? unschedulable(ERR_REASON) : undefined;
    },
  };
}
