/**
 * ReplicaSet status as calculateStatus computes it upstream (pkg/controller/replicaset/replica_set_utils.go):
 * counters from the claimed active pods and the ReplicaFailure condition while pod creation fails.
 */
import type { KubeObject } from '../../api/object';
import { rfc3339 } from '../../client/event-recorder';
import { selectorFromSet } from '../../machinery/labels';
import { isPodAvailable, isPodReady } from './pods';

/** ReplicaSetCondition is apps/v1 ReplicaSetCondition. */
export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** ReplicaSetStatus is apps/v1 ReplicaSetStatus (zero counters omitted, as Go's omitempty does). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** replicaSetSpec reads the fields the controllers use from a ReplicaSet (or Deployment) spec. */
export function replicaSetSpec(rs: KubeObject): {
  replicas: number;
  minReadySeconds: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
} {
  const spec = (rs.spec ?? {}) as Record<string, unknown>;
  return {
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    minReadySeconds: typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0,
    selector: spec.selector as { matchLabels?: Record<string, string> } | undefined,
    template: spec.template as
      { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } | undefined,
  };
}

/**
 * calculateReplicaSetStatus counts the claimed active pods: all of them (replicas), those carrying every
 * template label (fullyLabeledReplicas), Ready ones and those Ready for minReadySeconds (available).
 * `createError` sets ReplicaFailure/FailedCreate; without it the condition is removed.
 */
export function calculateReplicaSetStatus(
  rs: KubeObject,
  pods: KubeObject[],
  now: Date,
  createError?: string,
): ReplicaSetStatus {
  const { minReadySeconds, template } = replicaSetSpec(rs);
  const templateLabels = selectorFromSet(template?.metadata?.labels ?? {});
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  const previous = ((rs.status ?? {}) as ReplicaSetStatus).conditions ?? [];
  let conditions = previous.filter((c) => c.type !== 'ReplicaFailure');
  if (createError !== undefined) {
    const existing = previous.find((c) => c.type === 'ReplicaFailure');
    conditions = [
      ...conditions,
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: existing?.lastTransitionTime ?? rfc3339(now),
        reason: 'FailedCreate',
        message: createError,
      },
    ];
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}
