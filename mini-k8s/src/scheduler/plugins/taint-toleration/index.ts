/**
 * TaintToleration (plugins/tainttoleration): Filter rejects nodes with a NoSchedule or NoExecute taint the
 * pod does not tolerate; Score counts untolerated PreferNoSchedule taints (fewer is better).
 */
import type { FilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { defaultNormalizeScore } from '../../framework/normalize';
import { unresolvable } from '../../framework/status';
import { findUntoleratedTaint, taintToleratedBy } from '../../framework/taints';
import type { Toleration } from '../../framework/types';

export const NAME = 'TaintToleration';

/** untoleratedTaintReason is the upstream reason: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

export function taintToleration(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const taint = findUntoleratedTaint(
        node.taints,
        pod.pod.spec?.tolerations ?? [],
        (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
      );
      return taint ? unresolvable(untoleratedTaintReason(taint.key, taint.value)) : undefined;
    },
    preScore(state, pod) {
      // Only tolerations with an empty or PreferNoSchedule effect count when scoring.
      const tolerations = (pod.pod.spec?.tolerations ?? []).filter(
        (t) => !t.effect || t.effect === 'PreferNoSchedule',
      );
      state.write(NAME, tolerations);
      return undefined;
    },
    score(state, _pod, node) {
      const tolerations = state.read<Toleration[]>(NAME) ?? [];
      let count = 0;
      for (const taint of node.taints) {
        if (taint.effect === 'PreferNoSchedule' && !taintToleratedBy(taint, tolerations)) count++;
      }
      return count;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}
