/**
 * Pod and ownership helpers shared by the workload controllers (podutil in upstream): readiness,
 * availability, activity, controller references.
 */
import type { KubeObject, OwnerReference } from '../../api/object';

/** PodCondition is one entry of pod.status.conditions. */
export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** podPhase returns status.phase ('' when unset). */
export function podPhase(pod: KubeObject): string {
  return ((pod.status as { phase?: string } | undefined)?.phase ?? '') as string;
}

/** podCondition returns the condition of that type, if any. */
export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === type);
}

/** isPodReady is podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** isRunningAndReady is the StatefulSet's test: phase Running and Ready. */
export function isRunningAndReady(pod: KubeObject): boolean {
  return podPhase(pod) === 'Running' && isPodReady(pod);
}

/**
 * isPodAvailable is podutil.IsPodAvailable: ready for at least minReadySeconds (measured from the Ready
 * condition's lastTransitionTime).
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0 || !ready.lastTransitionTime) return true;
  return Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 <= now.getTime();
}

/** isPodTerminating tells whether the pod is being deleted. */
export function isPodTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/** isPodActive is controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !isPodTerminating(pod);
}

/** controllerRef returns the ownerReference with controller=true, if any. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** isControlledBy tells whether obj's controller reference points at owner (by uid). */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

/** newControllerRef is metav1.NewControllerRef: controller and blockOwnerDeletion set. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** deepCopy clones a JSON value. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** byName sorts objects by name (stable output for status and tests). */
export function byName(a: KubeObject, b: KubeObject): number {
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
