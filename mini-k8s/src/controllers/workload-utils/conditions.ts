/**
 * Status condition helpers for workload objects (Job, HPA, ...): find, and set with Kubernetes'
 * transition semantics (lastTransitionTime changes only when the status changes).
 */
import { rfc3339 } from '../../client/event-recorder';

/** Condition is a workload status condition as JSON. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string;
  lastUpdateTime?: string;
}

/** findCondition returns the condition of a type. */
export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** isConditionTrue tells whether the condition of that type is True. */
export function isConditionTrue(conditions: Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * setCondition returns conditions with `next` set: an existing condition of that type keeps its
 * lastTransitionTime when its status is unchanged; `probe` also stamps lastProbeTime (Job conditions).
 */
export function setCondition(
  conditions: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime' | 'lastProbeTime'>,
  now: Date,
  options: { probe?: boolean } = {},
): Condition[] {
  const list = [...(conditions ?? [])];
  const at = rfc3339(now);
  const index = list.findIndex((c) => c.type === next.type);
  const old = index >= 0 ? list[index] : undefined;
  const condition: Condition = {
    type: next.type,
    status: next.status,
    ...(options.probe ? { lastProbeTime: at } : {}),
    lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : at,
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
    ...(next.message !== undefined ? { message: next.message } : {}),
  };
  if (old) list[index] = condition;
  else list.push(condition);
  return list;
}
