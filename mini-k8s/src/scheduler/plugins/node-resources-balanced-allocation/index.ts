/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go) favours nodes whose CPU
 * and memory utilisation stay balanced after placing the pod: score = (1 - std(fractions)) * 100, with
 * fractions requested/allocatable capped at 1. Exact requests are used; best-effort pods skip it
 * (every node would look equally balanced and they would pile up).
 */
import type { PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import { SKIP } from '../../framework/status';

export const NAME = 'NodeResourcesBalancedAllocation';

/** balancedScore computes the score from per-resource [requested, allocatable] pairs. */
export function balancedScore(pairs: readonly [number, number][]): number {
  const fractions: number[] = [];
  for (const [requested, allocatable] of pairs) {
    if (allocatable === 0) continue;
    fractions.push(Math.min(1, requested / allocatable));
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function nodeResourcesBalancedAllocation(): PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preScore(_state, pod) {
      return pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? SKIP : undefined;
    },
    score(_state, pod, node) {
      return balancedScore([
        [node.requested.milliCPU + pod.requests.milliCPU, node.allocatable.milliCPU],
        [node.requested.memory + pod.requests.memory, node.allocatable.memory],
      ]);
    },
  };
}
