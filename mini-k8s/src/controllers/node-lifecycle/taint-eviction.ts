/**
 * Taint-based eviction decisions (the taint-eviction controller's logic): a pod on a node with NoExecute
 * taints is deleted at once when a taint is not tolerated, after the smallest `tolerationSeconds` of the
 * tolerations that match (counted from the taint's timeAdded), or never when they have no limit.
 */
import { type Taint, type Toleration, toleratesTaint } from '../workload-utils/taints';

/** evictionTime returns when the pod must go (ms since epoch), or undefined to keep it. */
export function evictionTime(taints: Taint[], tolerations: Toleration[], nowMs: number): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  let at: number | undefined;
  for (const taint of noExecute) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return nowMs;
    const bounded = matching.filter((t) => typeof t.tolerationSeconds === 'number');
    // Matching tolerations without any limit tolerate forever; limits, when present, bound the stay.
    if (bounded.length === 0) continue;
    const seconds = Math.max(0, Math.min(...bounded.map((t) => t.tolerationSeconds!)));
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : nowMs;
    const deadline = added + seconds * 1000;
    at = at === undefined ? deadline : Math.min(at, deadline);
  }
  return at;
}
