/**
 * NodeName filters out every node but the one named in spec.nodeName (plugins/nodename).
 */
import type { FilterPlugin } from '../../framework/interface';
import { unresolvable } from '../../framework/status';

export const NAME = 'NodeName';
/** ERR_REASON is the upstream reason text. */
export const ERR_REASON = "node(s) didn't match the requested node name";

export function nodeName(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const wanted = pod.pod.spec?.nodeName;
      if (!wanted || wanted === node.name) return undefined;
      return unresolvable(ERR_REASON);
    },
  };
}
