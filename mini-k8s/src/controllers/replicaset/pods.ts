/**
 * Pod predicates shared by the workload controllers (pkg/api/v1/pod and pkg/controller upstream): active,
 * ready and available pods, and the order in which a ReplicaSet picks pods to delete (ActivePodsWithRanks).
 */
import type { KubeObject } from '../../api/object';

interface PodCondition {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
}

interface ContainerStatus {
  restartCount?: number;
}

/** podPhase returns status.phase ('' when absent). */
export function podPhase(pod: KubeObject): string {
  return ((pod.status as { phase?: string } | undefined)?.phase ?? '') as string;
}

/** podNodeName returns spec.nodeName ('' when unscheduled). */
export function podNodeName(pod: KubeObject): string {
  return ((pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '') as string;
}

/** podReadyCondition returns the Ready condition of a pod, if any. */
export function podReadyCondition(pod: KubeObject): PodCondition | undefined {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready');
}

/** isPodReady is podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * isPodAvailable is podutil.IsPodAvailable: ready for at least minReadySeconds (0 means as soon as ready),
 * measured from the Ready condition's lastTransitionTime.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = podReadyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** isPodActive is controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** isPodTerminating tells whether a pod is being deleted. */
export function isPodTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[DELETION_COST];
  const value = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? value : 0;
}

function restarts(pod: KubeObject): number {
  const statuses = (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses;
  return (statuses ?? []).reduce((max, s) => Math.max(max, s.restartCount ?? 0), 0);
}

function readyTime(pod: KubeObject): number | undefined {
  const cond = podReadyCondition(pod);
  if (cond?.status !== 'True' || !cond.lastTransitionTime) return undefined;
  return Date.parse(cond.lastTransitionTime);
}

/**
 * logBucket is the LogarithmicScaleDown comparison: durations are compared by floor(log2(seconds)) so
 * that pods of a similar age are considered equal (and then picked at random upstream, by name here).
 */
function logBucket(sinceMs: number, nowMs: number): number {
  const seconds = Math.max(0, (nowMs - sinceMs) / 1000);
  return seconds < 1 ? 0 : Math.floor(Math.log2(seconds)) + 1;
}

/**
 * comparePodsForDeletion is ActivePodsWithRanks.Less with LogarithmicScaleDown: negative when `a` should
 * be deleted before `b`. Order: unscheduled first, Pending < Unknown < Running, not ready < ready, lower
 * pod-deletion-cost, more pods of the owner on the same node (rank), more recently ready, more restarts,
 * newer.
 */
export function comparePodsForDeletion(
  a: KubeObject,
  b: KubeObject,
  rank: (pod: KubeObject) => number,
  now: Date,
): number {
  const aNode = podNodeName(a) !== '';
  const bNode = podNodeName(b) !== '';
  if (aNode !== bNode) return aNode ? 1 : -1;
  const aPhase = PHASE_ORDER[podPhase(a)] ?? 0;
  const bPhase = PHASE_ORDER[podPhase(b)] ?? 0;
  if (aPhase !== bPhase) return aPhase - bPhase;
  const aReady = isPodReady(a);
  const bReady = isPodReady(b);
  if (aReady !== bReady) return aReady ? 1 : -1;
  const aCost = deletionCost(a);
  const bCost = deletionCost(b);
  if (aCost !== bCost) return aCost - bCost;
  const aRank = rank(a);
  const bRank = rank(b);
  if (aRank !== bRank) return bRank - aRank;
  const nowMs = now.getTime();
  if (aReady && bReady) {
    const aTime = readyTime(a);
    const bTime = readyTime(b);
    if (aTime !== undefined && bTime !== undefined) {
      const diff = logBucket(aTime, nowMs) - logBucket(bTime, nowMs);
      if (diff !== 0) return diff;
    }
  }
  const restartDiff = restarts(b) - restarts(a);
  if (restartDiff !== 0) return restartDiff;
  const aCreated = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : nowMs;
  const bCreated = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : nowMs;
  const createdDiff = logBucket(aCreated, nowMs) - logBucket(bCreated, nowMs);
  if (createdDiff !== 0) return createdDiff;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/**
 * podsToDelete is getPodsToDelete: the `count` pods to delete first. The rank of a pod is the number of
 * `related` active pods (those of the same owner family) on its node, so doubled-up nodes lose pods first.
 */
export function podsToDelete(
  pods: KubeObject[],
  related: KubeObject[],
  count: number,
  now: Date,
): KubeObject[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = podNodeName(p);
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: KubeObject): number => perNode.get(podNodeName(p)) ?? 0;
  return [...pods].sort((a, b) => comparePodsForDeletion(a, b, rank, now)).slice(0, count);
}
