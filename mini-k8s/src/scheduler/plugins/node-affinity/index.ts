/**
 * NodeAffinity (plugins/nodeaffinity): Filter requires spec.nodeSelector and the required node affinity
 * to match the node; Score sums the weights of the matching preferred terms (normalised so the best
 * node gets 100).
 */
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { nodeSelectorTermsMatch, termMatches } from '../../framework/node-selector';
import { defaultNormalizeScore } from '../../framework/normalize';
import type { PodInfo } from '../../framework/pod-info';
import { SKIP, unresolvable } from '../../framework/status';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/** requiredNodeAffinityMatches tells whether nodeSelector and required node affinity accept the node. */
export function requiredNodeAffinityMatches(pod: PodInfo, node: NodeInfo): boolean {
  const spec = pod.pod.spec ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[k] !== v) return false;
  }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required == null) return true;
  return nodeSelectorTermsMatch(required.nodeSelectorTerms ?? [], node.labels, node.name);
}

export function nodeAffinity(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preFilter(_state, pod) {
      const spec = pod.pod.spec ?? {};
      const hasSelector = Object.keys(spec.nodeSelector ?? {}).length > 0;
      const hasRequired = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution != null;
      return hasSelector || hasRequired ? undefined : SKIP;
    },
    filter(_state, pod, node) {
      return requiredNodeAffinityMatches(pod, node) ? undefined : unresolvable(ERR_REASON_POD);
    },
    preScore(_state, pod) {
      const preferred =
        pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      return preferred.length === 0 ? SKIP : undefined;
    },
    score(_state, pod, node) {
      let total = 0;
      for (const p of pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
        []) {
        if (p.weight !== 0 && termMatches(p.preference, node.labels, node.name)) total += p.weight;
      }
      return total;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
