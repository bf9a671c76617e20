/**
 * The namespace controller (pkg/controller/namespace upstream): a namespace being deleted is emptied
 * resource by resource; while content remains its status carries the five NamespaceDeletion* /
 * NamespaceContent* / NamespaceFinalizersRemaining conditions with upstream reasons and messages; once
 * empty, the `kubernetes` finalizer is removed through `PUT namespaces/<name>/finalize` and the API server
 * deletes the namespace.
 */
import type { KubeObject } from '../../api/object';
import { RESOURCES, findResource, type ResourceInfo } from '../../api/resources';
import { rfc3339 } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { Controller, type ReconcileResult } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';

export const NAMESPACES = findResource('', 'v1', 'namespaces')!;
export const NAMESPACE_FINALIZER = 'kubernetes';
/** RECHECK_MS is how soon a namespace with remaining content is looked at again. */
const RECHECK_MS = 500;

/**
 * deletableResources are the namespaced resources a namespace can contain: stored (not virtual), listable
 * and deletable, each storage once (events.k8s.io events are core events).
 */
export function deletableResources(): ResourceInfo[] {
  return RESOURCES.filter(
    (r) =>
      r.namespaced &&
      !r.virtual &&
      !r.storageVersionOf &&
      r.verbs.includes('list') &&
      r.verbs.includes('delete'),
  );
}

interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** groupResource is schema.GroupResource.String(): `pods`, `deployments.apps`. */
function groupResource(info: ResourceInfo): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`;
}

/** ContentEstimate is what one deletion pass left behind. */
export interface ContentEstimate {
  /** `pods has 2 resource instances` entries. */
  remaining: string[];
  /** finalizer → number of objects still carrying it. */
  finalizers: Map<string, number>;
  /** `<resource>: <error>` entries for failed deletions. */
  failures: string[];
}

/**
 * namespaceConditions is updateNamespaceStatusFunc's condition set: each of the five types, True with the
 * failure reason or False with the success reason, in upstream order.
 */
export function namespaceConditions(
  estimate: ContentEstimate,
  previous: NamespaceCondition[],
  now: Date,
): NamespaceCondition[] {
  const finalizerText = [...estimate.finalizers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([f, n]) => `${f} in ${n} resource instances`);
  const table: [string, boolean, string, string, string, string][] = [
    [
      'NamespaceDeletionDiscoveryFailure',
      false,
      'DiscoveryFailed',
      '',
      'ResourcesDiscovered',
      'All resources successfully discovered',
    ],
    [
      'NamespaceDeletionGroupVersionParsingFailure',
      false,
      'GroupVersionParsingFailed',
      '',
      'ParsedGroupVersions',
      'All legacy kube types successfully parsed',
    ],
    [
      'NamespaceDeletionContentFailure',
      estimate.failures.length > 0,
      'ContentDeletionFailed',
      `Failed to delete all resource types, ${estimate.failures.length} remaining: ${estimate.failures.join(', ')}`,
      'ContentDeleted',
      'All content successfully deleted, may be waiting on finalization',
    ],
    [
      'NamespaceContentRemaining',
      estimate.remaining.length > 0,
      'SomeResourcesRemain',
      `Some resources are remaining: ${estimate.remaining.join(', ')}`,
      'ContentRemoved',
      'All content successfully removed',
    ],
    [
      'NamespaceFinalizersRemaining',
      finalizerText.length > 0,
      'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${finalizerText.join(', ')}`,
      'ContentHasNoFinalizers',
      'All content-preserving finalizers finished',
    ],
  ];
  return table.map(([type, failed, badReason, badMessage, goodReason, goodMessage]) => {
    const status = failed ? 'True' : 'False';
    const old = previous.find((c) => c.type === type);
    return {
      type,
      status,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : rfc3339(now),
      reason: failed ? badReason : goodReason,
      message: failed ? badMessage : goodMessage,
    };
  });
}

/** newNamespaceController is the registry factory of the `namespace` controller. */
export function newNamespaceController(ctx: ControllerContext): ManagedController {
  return new NamespaceController(ctx);
}

export class NamespaceController implements ManagedController {
  private readonly nsInformer: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.nsInformer = ctx.informers.informerFor(NAMESPACES);
    this.controller = new Controller({
      name: 'namespace',
      reconcile: (k) => this.sync(k),
      onError: ctx.onError,
    });
    const enqueue = (ns: KubeObject): void => {
      if (ns.metadata.deletionTimestamp) this.controller.enqueue(ns.metadata.name!);
    };
    this.nsInformer.addHandler({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** sync is namespacedResourcesDeleter.Delete for one namespace. */
  private async sync(name: string): Promise<ReconcileResult | void> {
    const ns = this.nsInformer.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []) as string[];
    if (!finalizers.includes(NAMESPACE_FINALIZER)) return;
    const estimate = await this.deleteAllContent(name);
    const empty = estimate.remaining.length === 0 && estimate.failures.length === 0;
    await this.updateConditions(ns, estimate);
    if (!empty) return { requeueAfterMs: RECHECK_MS };
    await this.finalize(ns, finalizers);
  }

  /** deleteAllContent deletes every object of every namespaced resource, then counts what is left. */
  private async deleteAllContent(namespace: string): Promise<ContentEstimate> {
    const estimate: ContentEstimate = { remaining: [], finalizers: new Map(), failures: [] };
    for (const info of deletableResources()) {
      let items: KubeObject[];
      try {
        items = (await this.ctx.client.list(info, namespace)).items;
      } catch (err) {
        if (isNotFound(err)) continue;
        estimate.failures.push(`${groupResource(info)}: ${(err as Error).message}`);
        continue;
      }
      if (items.length === 0) continue;
      let left = 0;
      for (const item of items) {
        if (!item.metadata.deletionTimestamp) {
          try {
            await this.ctx.client.delete(info, namespace, item.metadata.name!, {
              propagationPolicy: 'Background',
            });
          } catch (err) {
            if (isNotFound(err)) continue;
            estimate.failures.push(`${groupResource(info)}: ${(err as Error).message}`);
          }
        }
        left++;
      }
      // Why: like upstream, count again after the deletes: what is gone at once is not "remaining".
      const after = (await this.ctx.client.list(info, namespace)).items;
      if (left > 0 && after.length > 0) {
        estimate.remaining.push(`${groupResource(info)} has ${after.length} resource instances`);
        for (const item of after) {
          for (const f of item.metadata.finalizers ?? []) {
            estimate.finalizers.set(f, (estimate.finalizers.get(f) ?? 0) + 1);
          }
        }
      }
    }
    return estimate;
  }

  private async updateConditions(ns: KubeObject, estimate: ContentEstimate): Promise<void> {
    const status = (ns.status ?? {}) as { phase?: string; conditions?: NamespaceCondition[] };
    const conditions = namespaceConditions(estimate, status.conditions ?? [], this.ctx.now());
    if (JSON.stringify(conditions) === JSON.stringify(status.conditions ?? [])) return;
    try {
      await this.ctx.client.updateStatus(NAMESPACES, undefined, { ...ns, status: { ...status, conditions } });
    } catch (err) {
      // A stale cache or a namespace already gone: the next pass works from fresh data.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  /** finalize removes the `kubernetes` finalizer (PUT …/finalize); the namespace then disappears. */
  private async finalize(ns: KubeObject, finalizers: string[]): Promise<void> {
    const fresh = await this.ctx.client
      .get(NAMESPACES, undefined, ns.metadata.name!)
      .catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
    if (!fresh) return;
    const spec = { ...((fresh.spec ?? {}) as Record<string, unknown>) };
    spec.finalizers = finalizers.filter((f) => f !== NAMESPACE_FINALIZER);
    try {
      await this.ctx.client.update(NAMESPACES, undefined, { ...fresh, spec }, { subresource: 'finalize' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
