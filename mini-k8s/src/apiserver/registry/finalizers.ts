/**
 * Garbage-collection finalizers of a delete (deletionFinalizersForGarbageCollection upstream): an explicit
 * propagationPolicy replaces the `orphan` / `foregroundDeletion` finalizers (Orphan adds `orphan`,
 * Foreground adds `foregroundDeletion`, Background removes both); without a policy the object keeps the
 * ones it already has. The garbage collector controller removes them once dependents are handled.
 */
import type { DeleteOptions } from './interface';

/** ORPHAN_FINALIZER is metav1.FinalizerOrphanDependents. */
export const ORPHAN_FINALIZER = 'orphan';

/** FOREGROUND_FINALIZER is metav1.FinalizerDeleteDependents. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** finalizersForPropagation returns the finalizers an object carries once a delete with policy starts. */
export function finalizersForPropagation(
  current: readonly string[],
  policy: DeleteOptions['propagationPolicy'],
): string[] {
  const orphan = policy ? policy === 'Orphan' : current.includes(ORPHAN_FINALIZER);
  const foreground = policy ? policy === 'Foreground' : current.includes(FOREGROUND_FINALIZER);
  const out = current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphan) out.push(ORPHAN_FINALIZER);
  if (foreground) out.push(FOREGROUND_FINALIZER);
  return out;
}
