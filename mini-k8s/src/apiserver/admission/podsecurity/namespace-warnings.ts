/**
 * When a namespace's `pod-security.kubernetes.io/enforce` level becomes stricter, the PodSecurity plugin
 * warns about the pods already running there that the new level would refuse (they keep running):
 * `existing pods in namespace "team" violate the new PodSecurity enforce level "restricted:latest"`, then
 * one line per set of identical violations, `web-1 (and 2 other pods): allowPrivilegeEscalation != false, …`.
 */
import type { KubeObject } from '../../../api/object';
import type { ObjectReader } from '../interface';
import type { PodSpec } from './checks';
import { evaluatePod } from './checks';
import { policyFor } from './plugin';

/** enforceWarnings returns the warnings for a namespace whose labels changed from `old` to `next`. */
export async function enforceWarnings(
  old: KubeObject | undefined,
  next: KubeObject,
  reader: ObjectReader,
): Promise<string[]> {
  const before = policyFor(old?.metadata.labels, 'enforce');
  const after = policyFor(next.metadata.labels, 'enforce');
  if (after.level === 'privileged') return [];
  if (before.level === after.level && before.version === after.version) return [];
  const name = next.metadata.name ?? '';
  const pods = await reader.list('', 'pods', name);
  const groups = new Map<string, string[]>();
  for (const pod of pods.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const violations = evaluatePod(after.level, (pod.spec ?? {}) as PodSpec);
    if (violations.length === 0) continue;
    const reasons = violations.map((v) => v.reason).join(', ');
    groups.set(reasons, [...(groups.get(reasons) ?? []), pod.metadata.name!]);
  }
  if (groups.size === 0) return [];
  const warnings = [
    `existing pods in namespace ${JSON.stringify(name)} violate the new PodSecurity enforce level "${after.level}:${after.version}"`,
  ];
  for (const [reasons, names] of groups) {
    const others = names.length - 1;
    const who =
      others === 0 ? names[0] : `${names[0]} (and ${others} other ${others === 1 ? 'pod' : 'pods'})`;
    warnings.push(`${who}: ${reasons}`);
  }
  return warnings;
}
