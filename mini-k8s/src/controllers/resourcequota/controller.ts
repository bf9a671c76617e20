/**
 * newResourceQuotaController is the ResourceQuota usage controller (pkg/controller/resourcequota): for each
 * quota it writes `status.hard` (= spec.hard) and `status.used` computed by quotaUsage over the namespace's
 * objects, recomputed whenever a tracked object of that namespace changes (the replenishment controller's
 * job upstream) and on a periodic resync. Pods are first filtered by the quota's scopes (Terminating,
 * NotTerminating, BestEffort, NotBestEffort, and scopeSelector on those and PriorityClass).
 * Object lists come from shared informers made on demand for the resources a quota names
 * (`count/deployments.apps` watches deployments), so a new quota may wait one short requeue for its caches.
 */
import type { KubeObject } from '../../api/object';
import { computeQosClass } from '../../api/defaults/pod';
import { PREFERRED_VERSION, RESOURCES } from '../../api/resources';
import type { ResourceRef } from '../../client/client';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { Controller, splitKey } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { managedController } from '../workload-utils/managed';
import { REFS } from '../workload-utils/refs';
import { type QuotaObjects, quotaResourcesNeeded, quotaUsage } from './usage';
import { scalePeriod } from '../timing';

export interface ResourceQuotaControllerOptions {
  /** resyncMs recomputes every quota periodically (upstream: 5 min). */
  resyncMs?: number;
}

interface ScopedRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

interface QuotaSpec {
  hard?: Record<string, string>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopedRequirement[] };
}

/** refForQuotaResource resolves `deployments.apps` / `pods` to the preferred version's ResourceRef. */
export function refForQuotaResource(name: string): ResourceRef | undefined {
  const dot = name.indexOf('.');
  const resource = dot < 0 ? name : name.slice(0, dot);
  const group = dot < 0 ? '' : name.slice(dot + 1);
  const candidates = RESOURCES.filter((r) => r.group === group && r.resource === resource && r.namespaced);
  const preferred = PREFERRED_VERSION[group];
  return candidates.find((r) => r.version === preferred) ?? candidates[0];
}

/** podMatchesScope tells whether a pod is in one quota scope (pkg/quota/v1/evaluator/core/pods.go). */
export function podMatchesScope(pod: KubeObject, scope: ScopedRequirement): boolean {
  const spec = (pod.spec ?? {}) as { activeDeadlineSeconds?: number; priorityClassName?: string };
  switch (scope.scopeName) {
    case 'Terminating':
      return spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return spec.activeDeadlineSeconds === undefined;
    case 'BestEffort':
      return computeQosClass(pod.spec as Parameters<typeof computeQosClass>[0]) === 'BestEffort';
    case 'NotBestEffort':
      return computeQosClass(pod.spec as Parameters<typeof computeQosClass>[0]) !== 'BestEffort';
    case 'PriorityClass': {
      const name = spec.priorityClassName ?? '';
      switch (scope.operator) {
        case 'Exists':
          return name !== '';
        case 'DoesNotExist':
          return name === '';
        case 'In':
          return (scope.values ?? []).includes(name);
        case 'NotIn':
          return !(scope.values ?? []).includes(name);
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

function scopesOf(spec: QuotaSpec): ScopedRequirement[] {
  return [
    ...(spec.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' as const })),
    ...(spec.scopeSelector?.matchExpressions ?? []),
  ];
}

export function newResourceQuotaController(
  ctx: ControllerContext,
  options: ResourceQuotaControllerOptions = {},
): ManagedController {
  const resyncMs = options.resyncMs ?? scalePeriod(ctx.speed, 300_000);
  const quotas = ctx.informers.informerFor(REFS.resourcequotas);
  const tracked = new Map<string, Informer>();
  const controller = new Controller({ name: 'resourcequota-controller', reconcile, onError: ctx.onError });
  quotas.addHandler({
    onAdd: (q) => controller.enqueue(objectKey(q)),
    onUpdate: (_o, q) => controller.enqueue(objectKey(q)),
  });
  const enqueueNamespace = (obj: KubeObject): void => {
    const ns = obj.metadata.namespace;
    for (const q of quotas.list((q) => q.metadata.namespace === ns)) controller.enqueue(objectKey(q));
  };

  /** track returns the shared informer of a resource, registering the replenishment handlers once. */
  function track(name: string): Informer | undefined {
    let informer = tracked.get(name);
    if (informer) return informer;
    const ref = refForQuotaResource(name);
    if (!ref) return undefined;
    informer = ctx.informers.informerFor(ref);
    informer.addHandler({
      onAdd: enqueueNamespace,
      onUpdate: (_o, n) => enqueueNamespace(n),
      onDelete: enqueueNamespace,
    });
    informer.start();
    tracked.set(name, informer);
    return informer;
  }
  // The usual resources are watched from the start so that quota status follows pod creation at once.
  for (const name of ['pods', 'services', 'persistentvolumeclaims']) track(name);

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const quota = quotas.get(key);
    if (!quota || quota.metadata.deletionTimestamp) return;
    const { namespace } = splitKey(key);
    const spec = (quota.spec ?? {}) as QuotaSpec;
    const hard = spec.hard ?? {};
    const objects: QuotaObjects = {};
    for (const name of quotaResourcesNeeded(hard)) {
      const informer = track(name);
      if (!informer) continue;
      // Why: an empty cache would report 0 used; wait for the first list instead.
      if (!informer.hasSynced()) return { requeueAfterMs: 50 };
      let items = informer.list((o) => o.metadata.namespace === namespace);
      if (name === 'pods') {
        const scopes = scopesOf(spec);
        items = items.filter((p) => scopes.every((s) => podMatchesScope(p, s)));
      }
      objects[name] = items;
    }
    const used = quotaUsage(hard, objects);
    const status = (quota.status ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
    if (
      JSON.stringify(status.hard ?? {}) !== JSON.stringify(hard) ||
      JSON.stringify(status.used ?? {}) !== JSON.stringify(used)
    ) {
      try {
        await ctx.client.updateStatus(REFS.resourcequotas, namespace, { ...quota, status: { hard, used } });
      } catch (err) {
        // Why: a newer quota version is on its way and will be reconciled again.
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }
    return { requeueAfterMs: resyncMs };
  }

  return managedController(controller, [quotas, ...tracked.values()]);
}
