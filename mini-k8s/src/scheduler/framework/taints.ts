/**
 * Taint and toleration matching (core/v1 helper ToleratesTaint, FindMatchingUntoleratedTaint).
 */
import type { Taint, Toleration } from './types';

/** toleratesTaint is Toleration.ToleratesTaint: effect and key must match when set; Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** taintToleratedBy tells whether any toleration tolerates the taint. */
export function taintToleratedBy(taint: Taint, tolerations: readonly Toleration[]): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/** findUntoleratedTaint returns the first taint accepted by inclusion that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  include: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((taint) => include(taint) && !taintToleratedBy(taint, tolerations));
}
