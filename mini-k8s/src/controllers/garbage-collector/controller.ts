/**
 * The garbage collector (pkg/controller/garbagecollector upstream). It watches every kind that owns or is
 * owned in the course and, per object (keyed by uid):
 * - background: an object whose owners are all gone (verified with a GET: absent, or a different uid) is
 *   deleted, with the propagation its own finalizers ask for;
 * - foreground: an owner being deleted with the `foregroundDeletion` finalizer gets its dependents deleted
 *   (those blocking it in foreground too) and loses the finalizer once no blocking dependent is left;
 * - orphan: an owner being deleted with the `orphan` finalizer has itself removed from its dependents'
 *   ownerReferences, then loses the finalizer.
 */
import type { KubeObject, OwnerReference } from '../../api/object';
import { parseApiVersion } from '../../api/object';
import { findKind, findResource } from '../../api/resources';
import type { ResourceRef } from '../../client/client';
import { isNotFound } from '../../machinery/errors';
import { Controller, type ReconcileResult } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { type GraphNode, OwnershipGraph } from './graph';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** MONITORED lists the resources whose ownerReferences the collector follows. */
export const MONITORED: readonly [string, string, string][] = [
  ['', 'v1', 'pods'],
  ['', 'v1', 'services'],
  ['', 'v1', 'endpoints'],
  ['', 'v1', 'configmaps'],
  ['', 'v1', 'secrets'],
  ['', 'v1', 'serviceaccounts'],
  ['', 'v1', 'persistentvolumeclaims'],
  ['', 'v1', 'replicationcontrollers'],
  ['apps', 'v1', 'deployments'],
  ['apps', 'v1', 'replicasets'],
  ['apps', 'v1', 'statefulsets'],
  ['apps', 'v1', 'daemonsets'],
  ['apps', 'v1', 'controllerrevisions'],
  ['batch', 'v1', 'jobs'],
  ['batch', 'v1', 'cronjobs'],
  ['discovery.k8s.io', 'v1', 'endpointslices'],
  ['autoscaling', 'v2', 'horizontalpodautoscalers'],
  ['policy', 'v1', 'poddisruptionbudgets'],
  ['networking.k8s.io', 'v1', 'ingresses'],
];

/** RECHECK_MS is how soon an owner waiting for its dependents is looked at again. */
const RECHECK_MS = 200;

/** newGarbageCollector is the registry factory of the `garbage-collector` controller. */
export function newGarbageCollector(ctx: ControllerContext): ManagedController {
  return new GarbageCollector(ctx);
}

export class GarbageCollector implements ManagedController {
  readonly graph = new OwnershipGraph();
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.controller = new Controller({
      name: 'garbage-collector',
      reconcile: (uid) => this.process(uid),
      workers: 2,
      onError: ctx.onError,
    });
    for (const [group, version, resource] of MONITORED) {
      const info = findResource(group, version, resource);
      if (!info) continue;
      const ref: ResourceRef = info;
      ctx.informers.informerFor(ref).addHandler({
        onAdd: (obj) => this.observe(ref, obj),
        onUpdate: (_old, obj) => this.observe(ref, obj),
        onDelete: (obj) => this.forget(obj),
      });
    }
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private observe(ref: ResourceRef, obj: KubeObject): void {
    if (!obj.metadata.uid) return;
    const previous = this.graph.upsert(ref, obj);
    const uid = obj.metadata.uid;
    if ((obj.metadata.ownerReferences?.length ?? 0) > 0 || hasGcFinalizer(obj)) this.controller.enqueue(uid);
    // Owners this object no longer points at may be waiting for it (foreground).
    for (const owner of previous?.obj.metadata.ownerReferences ?? []) this.controller.enqueue(owner.uid);
    // Why: dependents seen before their owner was cached may have been judged too early; recheck them.
    if (!previous) for (const d of this.graph.dependentsOf(uid)) this.controller.enqueue(d.uid);
  }

  private forget(obj: KubeObject): void {
    if (!obj.metadata.uid) return;
    this.graph.remove(obj);
    for (const d of this.graph.dependentsOf(obj.metadata.uid)) this.controller.enqueue(d.uid);
    for (const owner of obj.metadata.ownerReferences ?? []) this.controller.enqueue(owner.uid);
  }

  private async process(uid: string): Promise<ReconcileResult | void> {
    const node = this.graph.get(uid);
    if (!node) return;
    const meta = node.obj.metadata;
    if (meta.deletionTimestamp) {
      if (meta.finalizers?.includes(ORPHAN_FINALIZER)) return this.orphanDependents(node);
      if (meta.finalizers?.includes(FOREGROUND_FINALIZER)) return this.deleteDependentsFirst(node);
      return;
    }
    if ((meta.ownerReferences?.length ?? 0) > 0) await this.attemptToDelete(node);
  }

  /** attemptToDelete is attemptToDeleteItem: delete the object once no owner is left alive. */
  private async attemptToDelete(node: GraphNode): Promise<void> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of node.obj.metadata.ownerReferences ?? []) {
      const owner = await this.lookupOwner(node, ref);
      if (owner === 'absent') dangling.push(ref);
      else if (owner !== 'unknown' && isDeletingForeground(owner)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Why: references to vanished or foreground-deleting owners must not keep the object alive later.
      const gone = new Set([...dangling, ...waiting].map((r) => r.uid));
      await this.patchOwnerRefs(node, (refs) => refs.filter((r) => !gone.has(r.uid)));
      return;
    }
    let policy: 'Foreground' | 'Background' | 'Orphan' = 'Background';
    const finalizers = node.obj.metadata.finalizers ?? [];
    if (waiting.length > 0 && this.graph.dependentsOf(node.uid).length > 0) policy = 'Foreground';
    else if (finalizers.includes(ORPHAN_FINALIZER)) policy = 'Orphan';
    else if (finalizers.includes(FOREGROUND_FINALIZER)) policy = 'Foreground';
    await this.deleteNode(node, policy);
  }

  /** deleteDependentsFirst handles an owner in foreground deletion. */
  private async deleteDependentsFirst(node: GraphNode): Promise<ReconcileResult | void> {
    const dependents = this.graph.dependentsOf(node.uid);
    const blocking = dependents.filter((d) =>
      d.obj.metadata.ownerReferences?.some((r) => r.uid === node.uid && r.blockOwnerDeletion === true),
    );
    for (const d of dependents) {
      if (d.obj.metadata.deletionTimestamp) continue;
      // A dependent with other live owners only loses its reference to this owner.
      const others = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== node.uid);
      let alive = false;
      for (const r of others) {
        const owner = await this.lookupOwner(d, r);
        if (owner !== 'absent' && (owner === 'unknown' || !isDeletingForeground(owner))) alive = true;
      }
      if (alive) {
        await this.patchOwnerRefs(d, (refs) => refs.filter((r) => r.uid !== node.uid));
        continue;
      }
      const hasDependents = this.graph.dependentsOf(d.uid).length > 0;
      await this.deleteNode(d, hasDependents ? 'Foreground' : 'Background');
    }
    if (blocking.length > 0) return { requeueAfterMs: RECHECK_MS };
    await this.removeFinalizer(node, FOREGROUND_FINALIZER);
  }

  /** orphanDependents is orphanDependents + removeFinalizer for the `orphan` finalizer. */
  private async orphanDependents(node: GraphNode): Promise<void> {
    for (const d of this.graph.dependentsOf(node.uid)) {
      await this.patchOwnerRefs(d, (refs) => refs.filter((r) => r.uid !== node.uid));
    }
    await this.removeFinalizer(node, ORPHAN_FINALIZER);
  }

  /**
   * lookupOwner finds an owner in the graph, or asks the API (the graph may lag, or the kind may not be
   * monitored). 'absent' when it does not exist with that uid; 'unknown' when its kind is not served.
   */
  private async lookupOwner(
    node: GraphNode,
    ref: OwnerReference,
  ): Promise<KubeObject | 'absent' | 'unknown'> {
    const cached = this.graph.get(ref.uid);
    if (cached) return cached.obj;
    const { group, version } = parseApiVersion(ref.apiVersion);
    const info = findKind(group, version, ref.kind);
    if (!info) return 'unknown';
    // Why: namespaced dependents can only have owners in their own namespace (or cluster-scoped ones).
    const namespace = info.namespaced ? node.obj.metadata.namespace : undefined;
    try {
      const owner = await this.ctx.client.get(info, namespace, ref.name);
      return owner.metadata.uid === ref.uid ? owner : 'absent';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  }

  private async deleteNode(node: GraphNode, policy: 'Foreground' | 'Background' | 'Orphan'): Promise<void> {
    try {
      await this.ctx.client.delete(node.ref, node.obj.metadata.namespace, node.obj.metadata.name!, {
        propagationPolicy: policy,
        preconditions: { uid: node.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isPreconditionConflict(err)) throw err;
    }
  }

  private async patchOwnerRefs(
    node: GraphNode,
    change: (refs: OwnerReference[]) => OwnerReference[],
  ): Promise<void> {
    const refs = change(node.obj.metadata.ownerReferences ?? []);
    try {
      await this.ctx.client.patch(node.ref, node.obj.metadata.namespace, node.obj.metadata.name!, 'merge', {
        metadata: { ownerReferences: refs.length > 0 ? refs : null, uid: node.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const finalizers = (node.obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    try {
      await this.ctx.client.patch(node.ref, node.obj.metadata.namespace, node.obj.metadata.name!, 'merge', {
        metadata: {
          finalizers: finalizers.length > 0 ? finalizers : null,
          resourceVersion: node.obj.metadata.resourceVersion,
        },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function hasGcFinalizer(obj: KubeObject): boolean {
  const f = obj.metadata.finalizers ?? [];
  return (
    !!obj.metadata.deletionTimestamp && (f.includes(ORPHAN_FINALIZER) || f.includes(FOREGROUND_FINALIZER))
  );
}

function isDeletingForeground(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
}

function isPreconditionConflict(err: unknown): boolean {
  return (err as { code?: number }).code === 409;
}
