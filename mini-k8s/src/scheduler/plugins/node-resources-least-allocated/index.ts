/**
 * NodeResourcesLeastAllocated scores nodes by free CPU and memory after placing the pod
 * (NodeResourcesFit's default LeastAllocated scoring strategy): per resource
 * `(allocatable - requested) * 100 / allocatable`, averaged with weight 1 each. Requests are the
 * non-zero ones (100m / 200Mi for containers without requests) so best-effort pods still spread.
 */
import type { ScorePlugin } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';

export const NAME = 'NodeResourcesLeastAllocated';

/** leastRequestedScore is the score of one resource. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function nodeResourcesLeastAllocated(): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, node) {
      let total = 0;
      let weights = 0;
      const pairs: [number, number][] = [
        [node.nonZeroRequested.milliCPU + pod.nonZeroRequests.milliCPU, node.allocatable.milliCPU],
        [node.nonZeroRequested.memory + pod.nonZeroRequests.memory, node.allocatable.memory],
      ];
      for (const [requested, allocatable] of pairs) {
        if (allocatable === 0) continue;
        total += leastRequestedScore(requested, allocatable);
        weights++;
      }
      return weights === 0 ? 0 : Math.trunc(total / weights);
    },
  };
}
