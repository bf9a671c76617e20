/**
 * Job pod-failure back-off (pkg/controller/job/backoff_utils.go): after a pod failure, replacement pods
 * wait `base * 2^(failuresAfterLastSuccess - 1)`, capped; a success resets the series. The record lives in
 * memory, as upstream's backoffRecordStore does.
 */

import { scaleBackoff } from '../timing';

/** BackoffRecord is the failure history of one Job since its last successful pod. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTimeMs?: number;
}

/** BackoffPolicy holds the delays (10 s and 6 min in Kubernetes' documentation, divided by a speed factor). */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** DEFAULT_BACKOFF is the documented Job back-off: 10 s doubling, capped at six minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 360_000 };

/** backoffDelayMs is the delay after `failures` consecutive failures (0 when there were none). */
export function backoffDelayMs(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return 0;
  // Why the exponent cap: 2^n overflows to Infinity long before the max bound matters.
  const delay = policy.baseMs * 2 ** Math.min(failures - 1, 30);
  return Math.min(delay, policy.maxMs);
}

/** remainingBackoffMs is how long to wait before creating replacement pods (0: now). */
export function remainingBackoffMs(
  record: BackoffRecord | undefined,
  policy: BackoffPolicy,
  nowMs: number,
): number {
  if (!record || record.failuresAfterLastSuccess === 0 || record.lastFailureTimeMs === undefined) return 0;
  const readyAt = record.lastFailureTimeMs + backoffDelayMs(record.failuresAfterLastSuccess, policy);
  return Math.max(0, readyAt - nowMs);
}

/**
 * nextBackoffRecord folds newly finished pods into the record: any success resets the series, then each
 * failure extends it (finish times in ms).
 */
export function nextBackoffRecord(
  record: BackoffRecord | undefined,
  newSucceeded: number[],
  newFailed: number[],
): BackoffRecord {
  let next: BackoffRecord = record ? { ...record } : { failuresAfterLastSuccess: 0 };
  const lastSuccess = newSucceeded.length > 0 ? Math.max(...newSucceeded) : undefined;
  if (lastSuccess !== undefined) next = { failuresAfterLastSuccess: 0 };
  const failures = newFailed.filter((t) => lastSuccess === undefined || t > lastSuccess);
  if (failures.length > 0) {
    next.failuresAfterLastSuccess += failures.length;
    next.lastFailureTimeMs = Math.max(next.lastFailureTimeMs ?? 0, ...failures);
  }
  return next;
}

/** scaledBackoff scales a Job back-off to the cluster speed (timing.ts scaleBackoff: the cap keeps its ratio). */
export function scaledBackoff(policy: BackoffPolicy, speed: number | undefined): BackoffPolicy {
  const { initialMs, maxMs } = scaleBackoff(speed, policy.baseMs, policy.maxMs);
  return { baseMs: initialMs, maxMs };
}
