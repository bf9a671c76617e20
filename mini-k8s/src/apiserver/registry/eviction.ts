/**
 * evictPod serves POST pods/<name>/eviction (policy/v1 Eviction), like pkg/registry/core/pod/storage
 * EvictionREST upstream: a pod covered by a PodDisruptionBudget is deleted only while the budget allows a
 * disruption; otherwise 429 TooManyRequests `Cannot evict pod as it would violate the pod's disruption
 * budget.` with a DisruptionBudget cause. Pods that are terminal, Pending or already terminating skip the
 * budget. Allowed disruptions come from the PDB status when the disruption controller has processed the
 * current generation (the eviction then records itself in status.disruptedPods and decrements
 * status.disruptionsAllowed); until then they are computed from the matching pods' readiness.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import type { Status } from '../../machinery/errors';
import { errors, StatusError } from '../../machinery/errors';
import { scaledValueFromIntOrPercent } from '../../machinery/intstr';
import type { LabelSelector } from '../../machinery/labels';
import { labelSelectorFromMeta } from '../../machinery/labels';
import { createdStatus } from './binding';
import type { GenericStore } from './generic-store';
import type { DeleteOptions, RequestContext } from './interface';
import { asRecord, clone, rfc3339 } from './meta';

/** EVICTION_BLOCKED is the upstream message of a refused eviction. */
export const EVICTION_BLOCKED = "Cannot evict pod as it would violate the pod's disruption budget.";

/** DisruptionBudgetCause is policyv1.DisruptionBudgetCause. */
const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';

function requireInfo(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  if (!info) throw new Error(`${resource} missing from the resource catalogue`);
  return info;
}

function isReady(pod: KubeObject): boolean {
  const conditions = asRecord(pod.status)?.conditions;
  return Array.isArray(conditions) && conditions.some((c) => c?.type === 'Ready' && c?.status === 'True');
}

/** Budget is what a PDB allows now. */
export interface Budget {
  allowed: number;
  desiredHealthy: number;
  currentHealthy: number;
  /** fromStatus: the numbers come from a processed PDB status, which the eviction must then update. */
  fromStatus: boolean;
}

/** computeBudget reads a PDB's allowance from its status, or from the matching pods when unprocessed. */
export function computeBudget(pdb: KubeObject, selector: LabelSelector, pods: KubeObject[]): Budget {
  const status = asRecord(pdb.status) ?? {};
  const processed =
    typeof status.observedGeneration === 'number' &&
    status.observedGeneration >= (pdb.metadata.generation ?? 0) &&
    typeof status.disruptionsAllowed === 'number';
  if (processed) {
    return {
      allowed: status.disruptionsAllowed as number,
      desiredHealthy: typeof status.desiredHealthy === 'number' ? status.desiredHealthy : 0,
      currentHealthy: typeof status.currentHealthy === 'number' ? status.currentHealthy : 0,
      fromStatus: true,
    };
  }
  const covered = pods.filter((p) => !p.metadata.deletionTimestamp && selector.matches(p.metadata.labels));
  const expected = covered.length;
  const currentHealthy = covered.filter(isReady).length;
  const spec = asRecord(pdb.spec) ?? {};
  let desiredHealthy = 0;
  try {
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      desiredHealthy = scaledValueFromIntOrPercent(spec.minAvailable as number | string, expected, true);
    } else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const maxUnavailable = scaledValueFromIntOrPercent(
        spec.maxUnavailable as number | string,
        expected,
        true,
      );
      desiredHealthy = Math.max(0, expected - maxUnavailable);
    }
  } catch (err) {
    throw errors.internal((err as Error).message);
  }
  return {
    allowed: Math.max(0, currentHealthy - desiredHealthy),
    desiredHealthy,
    currentHealthy,
    fromStatus: false,
  };
}

function blocked(message: string): StatusError {
  return new StatusError(429, 'TooManyRequests', EVICTION_BLOCKED, {
    causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message }],
  });
}

export async function evictPod(
  store: GenericStore,
  pods: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: KubeObject,
  ctx: RequestContext,
): Promise<Status> {
  const evictionName = body.metadata?.name ?? name;
  if (evictionName !== name) throw errors.badRequest('name in URL does not match name in Eviction object');
  const deleteOptions = (asRecord(body.deleteOptions) ?? {}) as DeleteOptions;
  const pod = await store.get(pods, namespace, name);
  const phase = asRecord(pod.status)?.phase;
  const skipBudget =
    !!pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';

  if (!skipBudget) {
    const pdbInfo = requireInfo('policy', 'poddisruptionbudgets');
    const pdbs = (await store.list(pdbInfo, namespace, {})).items
      .map((pdb) => ({
        pdb,
        selector: labelSelectorFromMeta(asRecord(asRecord(pdb.spec)?.selector) ?? null),
      }))
      .filter(({ selector }) => selector.matches(pod.metadata.labels));
    if (pdbs.length > 1) {
      throw errors.internal(
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    if (pdbs.length === 1) {
      const { pdb, selector } = pdbs[0];
      const status = asRecord(pdb.status) ?? {};
      const policy = asRecord(pdb.spec)?.unhealthyPodEvictionPolicy;
      const alwaysAllowUnhealthy = policy === 'AlwaysAllow' && !isReady(pod);
      if (!alwaysAllowUnhealthy) {
        const siblings = (await store.list(pods, namespace, {})).items;
        const budget = computeBudget(pdb, selector, siblings);
        if (budget.allowed <= 0) {
          throw blocked(
            `The disruption budget ${pdb.metadata.name} needs ${budget.desiredHealthy} healthy pods and has ${budget.currentHealthy} currently`,
          );
        }
        if (budget.fromStatus && !ctx.dryRun) {
          const disrupted = { ...(asRecord(status.disruptedPods) ?? {}), [name]: rfc3339(ctx.now()) };
          const next = clone(pdb);
          next.status = { ...status, disruptionsAllowed: budget.allowed - 1, disruptedPods: disrupted };
          // The resourceVersion precondition makes concurrent evictions retry instead of overspending.
          await store.update(pdbInfo, namespace, pdb.metadata.name ?? '', next, ctx, 'status');
        }
      }
    }
  }

  await store.delete(pods, namespace, name, deleteOptions, ctx);
  return createdStatus();
}
