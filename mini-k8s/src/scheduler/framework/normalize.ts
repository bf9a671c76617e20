/**
 * Score normalisation helpers shared by plugins (pkg/scheduler/framework/plugins/helper).
 */
import { MAX_NODE_SCORE, type NodeScore } from './interface';

/**
 * defaultNormalizeScore is helper.DefaultNormalizeScore: scales scores so the highest becomes
 * MAX_NODE_SCORE (integer division); with reverse, the result is MAX_NODE_SCORE minus that.
 * When every score is 0, reverse gives everyone MAX_NODE_SCORE and forward leaves zeros.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, max = MAX_NODE_SCORE): void {
  let highest = 0;
  for (const s of scores) if (s.score > highest) highest = s.score;
  if (highest === 0) {
    if (reverse) for (const s of scores) s.score = max;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((max * s.score) / highest);
    if (reverse) v = max - v;
    s.score = v;
  }
}
