/**
 * Deployment conditions and status (pkg/controller/deployment/progress.go and sync.go calculateStatus
 * upstream): Available (MinimumReplicasAvailable / MinimumReplicasUnavailable), Progressing (reasons and
 * messages below, as `kubectl describe` and `kubectl rollout status` show them) and ReplicaFailure.
 */
import type { KubeObject } from '../../api/object';
import { rfc3339 } from '../../client/event-recorder';
import {
  type DeploymentCondition,
  type DeploymentSpec,
  type DeploymentStatus,
  deploymentStatus,
  hasProgressDeadline,
  maxUnavailable,
  rsStatus,
  sumActualReplicas,
  sumAvailableReplicas,
  sumReadyReplicas,
  sumSpecReplicas,
} from './util';

export const REASONS = {
  /** Progressing True: the new ReplicaSet was created. */
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  failedRSCreate: 'ReplicaSetCreateError',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** newCondition is NewDeploymentCondition: both timestamps are now. */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: Date,
): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * setCondition is SetDeploymentCondition: no change when status and reason are the same; otherwise the
 * condition is replaced (moved last), keeping lastTransitionTime when the status did not change.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** deploymentComplete is DeploymentComplete: every replica updated and available, generation observed. */
export function deploymentComplete(d: KubeObject, spec: DeploymentSpec, status: DeploymentStatus): boolean {
  return (
    (status.updatedReplicas ?? 0) === spec.replicas &&
    (status.replicas ?? 0) === spec.replicas &&
    (status.availableReplicas ?? 0) === spec.replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** deploymentProgressing is DeploymentProgressing: the new status shows progress over the old one. */
export function deploymentProgressing(old: DeploymentStatus, next: DeploymentStatus): boolean {
  const n = (v?: number): number => v ?? 0;
  return (
    n(next.updatedReplicas) > n(old.updatedReplicas) ||
    n(next.replicas) - n(next.updatedReplicas) < n(old.replicas) - n(old.updatedReplicas) ||
    n(next.readyReplicas) > n(old.readyReplicas) ||
    n(next.availableReplicas) > n(old.availableReplicas)
  );
}

/** deploymentTimedOut is DeploymentTimedOut: no progress since lastUpdateTime + progressDeadlineSeconds. */
export function deploymentTimedOut(spec: DeploymentSpec, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(spec)) return false;
  const cond = getCondition(status, 'Progressing');
  if (!cond) return false;
  if (cond.reason === REASONS.newReplicaSetAvailable) return false;
  if (cond.reason === REASONS.timedOut) return true;
  const from = cond.lastUpdateTime ? Date.parse(cond.lastUpdateTime) : NaN;
  return !Number.isNaN(from) && from + spec.progressDeadlineSeconds! * 1000 < now.getTime();
}

/** calculateStatus is calculateStatus: counters from the ReplicaSets and the Available condition. */
export function calculateStatus(
  d: KubeObject,
  spec: DeploymentSpec,
  allRSs: KubeObject[],
  newRS: KubeObject | undefined,
  now: Date,
): DeploymentStatus {
  const available = sumAvailableReplicas(allRSs);
  const unavailable = Math.max(0, sumSpecReplicas(allRSs) - available);
  const previous = deploymentStatus(d);
  const status: DeploymentStatus = {};
  if (d.metadata.generation) status.observedGeneration = d.metadata.generation;
  const replicas = sumActualReplicas(allRSs);
  const updated = newRS ? rsStatus(newRS).replicas : 0;
  const ready = sumReadyReplicas(allRSs);
  if (replicas) status.replicas = replicas;
  if (updated) status.updatedReplicas = updated;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (unavailable) status.unavailableReplicas = unavailable;
  if (previous.conditions?.length) status.conditions = previous.conditions.map((c) => ({ ...c }));
  if (previous.collisionCount !== undefined) status.collisionCount = previous.collisionCount;
  if (available >= spec.replicas - maxUnavailable(spec)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        REASONS.minimumReplicasAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        REASONS.minimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/**
 * rolloutStatus is syncRolloutStatus's computation: calculateStatus plus the Progressing condition
 * (complete, progressing or timed out) and ReplicaFailure copied from the ReplicaSets.
 */
export function rolloutStatus(
  d: KubeObject,
  spec: DeploymentSpec,
  allRSs: KubeObject[],
  newRS: KubeObject | undefined,
  now: Date,
): DeploymentStatus {
  const status = calculateStatus(d, spec, allRSs, newRS, now);
  if (!hasProgressDeadline(spec)) removeCondition(status, 'Progressing');
  const old = deploymentStatus(d);
  const current = getCondition(old, 'Progressing');
  const isComplete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
    current?.reason === REASONS.newReplicaSetAvailable;
  const name = d.metadata.name;
  if (hasProgressDeadline(spec) && !isComplete) {
    if (deploymentComplete(d, spec, status)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`
        : `Deployment "${name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', REASONS.newReplicaSetAvailable, msg, now));
    } else if (deploymentProgressing(old, status)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" is progressing.`
        : `Deployment "${name}" is progressing.`;
      const condition = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, msg, now);
      // Why: progress refreshes lastUpdateTime even with the same reason (SetDeploymentCondition would not).
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(spec, status, now)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`
        : `Deployment "${name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', REASONS.timedOut, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

/** replicaFailure is getReplicaFailures: the first ReplicaFailure of the new, then the old ReplicaSets. */
function replicaFailure(
  allRSs: KubeObject[],
  newRS: KubeObject | undefined,
): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((rs) => rs !== newRS)] : allRSs;
  for (const rs of ordered) {
    const c = rsStatus(rs).conditions.find((x) => x.type === 'ReplicaFailure');
    if (c) {
      return {
        type: c.type,
        status: c.status,
        lastUpdateTime: c.lastTransitionTime,
        lastTransitionTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      };
    }
  }
  return undefined;
}

/**
 * stuckRequeueMs is requeueStuckDeployment: when to look again so that ProgressDeadlineExceeded is set on
 * time (undefined: no need).
 */
export function stuckRequeueMs(
  d: KubeObject,
  spec: DeploymentSpec,
  status: DeploymentStatus,
  now: Date,
): number | undefined {
  const cond = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(spec) || !cond) return undefined;
  if (deploymentComplete(d, spec, status) || cond.reason === REASONS.timedOut) return undefined;
  const from = cond.lastUpdateTime ? Date.parse(cond.lastUpdateTime) : now.getTime();
  const after = from + spec.progressDeadlineSeconds! * 1000 - now.getTime();
  // Why: timestamps have second precision, so look again just after the deadline second has passed.
  return Math.max(after, 0) + 1000;
}
