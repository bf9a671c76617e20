/**
 * Shared fixtures for the printer tests: a fixed clock and an object builder. Test-only module.
 */
import type { KubeObject, ObjectMeta } from '../../api/object';

/** NOW is the clock every printer test renders with. */
export const NOW = new Date('2026-11-29T13:20:00Z');

/** ago returns the RFC 3339 timestamp `ms` milliseconds before NOW. */
export function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace('.000Z', 'Z');
}

/** minutes converts minutes to milliseconds. */
export function minutes(n: number): number {
  return n * 60_000;
}

/** kubeObject builds an object with a name, a creation time 5 minutes before NOW and the given fields. */
export function kubeObject(
  apiVersion: string,
  kind: string,
  metadata: ObjectMeta,
  fields: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { creationTimestamp: ago(minutes(5)), ...metadata },
    ...fields,
  };
}
