/**
 * The ReplicaSet controller (pkg/controller/replicaset upstream): keeps `spec.replicas` active pods per
 * ReplicaSet, adopting orphans its selector matches and releasing pods it no longer matches; creates pods
 * in slow-start batches and deletes the least valuable pods first; publishes status counters. Expectations
 * stop it from acting twice on the same gap while its own creates and deletes are in flight.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { EventRecorder } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { type LabelSelector, labelSelectorFromMeta } from '../../machinery/labels';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { claimObjects, controllerOf, newControllerRef } from './controller-ref';
import { Expectations } from './expectations';
import { isPodActive, isPodReady, podsToDelete } from './pods';
import { calculateReplicaSetStatus, replicaSetSpec, type ReplicaSetStatus } from './status';

export const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
export const PODS = findResource('', 'v1', 'pods')!;

/** BURST_REPLICAS is the most pods one sync creates or deletes (upstream BurstReplicas). */
const BURST_REPLICAS = 500;

/** newReplicaSetController is the registry factory of the `replicaset` controller. */
export function newReplicaSetController(ctx: ControllerContext): ManagedController {
  return new ReplicaSetController(ctx);
}

export class ReplicaSetController implements ManagedController {
  private readonly rsInformer: Informer;
  private readonly podInformer: Informer;
  private readonly expectations: Expectations;
  private readonly recorder: EventRecorder;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.rsInformer = ctx.informers.informerFor(REPLICASETS);
    this.podInformer = ctx.informers.informerFor(PODS);
    this.expectations = new Expectations(ctx.now);
    this.recorder = ctx.recorder('replicaset-controller');
    this.controller = new Controller({
      name: 'replicaset',
      reconcile: (key) => this.sync(key),
      workers: 2,
      onError: ctx.onError,
    });
    this.rsInformer.addHandler({
      onAdd: (rs) => this.controller.enqueue(objectKey(rs)),
      onUpdate: (_old, rs) => this.controller.enqueue(objectKey(rs)),
      onDelete: (rs) => {
        this.expectations.forget(objectKey(rs));
        this.controller.enqueue(objectKey(rs));
      },
    });
    this.podInformer.addHandler({
      onAdd: (pod) => this.podAdded(pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** ownerOf resolves a pod's controller reference to a cached ReplicaSet (kind and uid must match). */
  private ownerOf(pod: KubeObject): KubeObject | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.get(`${pod.metadata.namespace}/${ref.name}`);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** enqueueMatching queues every ReplicaSet whose selector matches an orphan pod (adoption). */
  private enqueueMatching(pod: KubeObject): void {
    for (const rs of this.rsInformer.list((r) => r.metadata.namespace === pod.metadata.namespace)) {
      const selector = safeSelector(rs);
      if (selector && !selector.empty() && selector.matches(pod.metadata.labels)) {
        this.controller.enqueue(objectKey(rs));
      }
    }
  }

  private podAdded(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    const owner = this.ownerOf(pod);
    if (owner) {
      this.expectations.creationObserved(objectKey(owner));
      this.controller.enqueue(objectKey(owner));
    } else if (!controllerOf(pod)) {
      this.enqueueMatching(pod);
    }
  }

  private podUpdated(old: KubeObject, pod: KubeObject): void {
    const labelsChanged =
      JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const oldOwner = this.ownerOf(old);
    const owner = this.ownerOf(pod);
    if (oldOwner && oldOwner.metadata.uid !== owner?.metadata.uid)
      this.controller.enqueue(objectKey(oldOwner));
    if (owner) {
      const key = objectKey(owner);
      this.controller.enqueue(key);
      // Why: availability is time-based; look again once minReadySeconds have passed after becoming ready.
      const { minReadySeconds } = replicaSetSpec(owner);
      if (minReadySeconds > 0 && !isPodReady(old) && isPodReady(pod)) {
        this.controller.enqueueAfter(key, minReadySeconds * 1000 + 1);
      }
      return;
    }
    if (!controllerOf(pod) && (labelsChanged || controllerOf(old))) this.enqueueMatching(pod);
  }

  private podDeleted(pod: KubeObject): void {
    const owner = this.ownerOf(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.controller.enqueue(key);
  }

  /** sync is syncReplicaSet: claim pods, create or delete the difference, publish status. */
  private async sync(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const rs = this.rsInformer.get(key);
    if (!rs) {
      this.expectations.forget(key);
      return;
    }
    const selector = safeSelector(rs);
    if (!selector) return;
    const needsSync = this.expectations.satisfied(key);
    const namespace = rs.metadata.namespace;
    const active = this.podInformer.list((p) => p.metadata.namespace === namespace && isPodActive(p));
    const pods = await claimObjects({ client: this.ctx.client, owner: rs, selector, ref: PODS }, active);

    let failure: { error: unknown; creating: boolean } | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      failure = await this.manageReplicas(key, rs, pods);
    }
    const now = this.ctx.now();
    const createError = failure?.creating ? errorText(failure.error) : undefined;
    const status = calculateReplicaSetStatus(rs, pods, now, createError);
    const updated = await this.updateStatus(rs, status);
    // Why: the failure is reported after the status so that ReplicaFailure is visible, then retried.
    if (failure) throw failure.error;
    const { minReadySeconds, replicas } = replicaSetSpec(updated);
    if (
      minReadySeconds > 0 &&
      status.readyReplicas === replicas &&
      (status.availableReplicas ?? 0) !== replicas
    ) {
      return { requeueAfterMs: minReadySeconds * 1000 };
    }
  }

  /** manageReplicas creates or deletes pods; returns the first failure (creating tells which way). */
  private async manageReplicas(
    key: string,
    rs: KubeObject,
    pods: KubeObject[],
  ): Promise<{ error: unknown; creating: boolean } | undefined> {
    const { replicas } = replicaSetSpec(rs);
    const diff = pods.length - replicas;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count);
      const { created, error } = await slowStartBatch(count, () => this.createPod(rs));
      const skipped = count - created;
      if (skipped > 0) this.expectations.creationObserved(key, skipped);
      return error === undefined ? undefined : { error, creating: true };
    }
    if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(rs), count, this.ctx.now());
      this.expectations.expectDeletions(key, victims.map(objectKey));
      const failures: unknown[] = [];
      await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
            void this.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          } catch (err) {
            this.expectations.deletionObserved(key, objectKey(pod));
            if (isNotFound(err)) return;
            failures.push(err);
            void this.recorder.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${errorText(err)}`);
          }
        }),
      );
      if (failures.length > 0) return { error: failures[0], creating: false };
    }
    return undefined;
  }

  /** createPod is PodControl.CreatePodsWithControllerRef for one pod, with its events. */
  private async createPod(rs: KubeObject): Promise<void> {
    const pod = podFromTemplate(rs);
    try {
      const created = await this.ctx.client.create(PODS, rs.metadata.namespace, pod);
      void this.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      void this.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${errorText(err)}`);
      throw err;
    }
  }

  /** relatedPods are the active pods of every ReplicaSet sharing this one's controller (for ranking). */
  private relatedPods(rs: KubeObject): KubeObject[] {
    const owner = controllerOf(rs);
    const family = new Set<string>([rs.metadata.uid!]);
    if (owner) {
      for (const other of this.rsInformer.list((r) => r.metadata.namespace === rs.metadata.namespace)) {
        if (controllerOf(other)?.uid === owner.uid) family.add(other.metadata.uid!);
      }
    }
    return this.podInformer.list(
      (p) => p.metadata.namespace === rs.metadata.namespace && family.has(controllerOf(p)?.uid ?? ''),
    );
  }

  /** updateStatus writes the status when it changed, retrying once on a stale cache. */
  private async updateStatus(rs: KubeObject, status: ReplicaSetStatus): Promise<KubeObject> {
    if (JSON.stringify(rs.status ?? {}) === JSON.stringify(status)) return rs;
    try {
      return await this.ctx.client.updateStatus(REPLICASETS, rs.metadata.namespace, { ...rs, status });
    } catch (err) {
      if (isNotFound(err)) return rs;
      if (!isConflict(err)) throw err;
      const fresh = await this.ctx.client.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name!);
      const observedGeneration = fresh.metadata.generation ?? status.observedGeneration;
      return this.ctx.client.updateStatus(REPLICASETS, rs.metadata.namespace, {
        ...fresh,
        status: { ...status, observedGeneration },
      });
    }
  }
}

/** podFromTemplate is controller.GetPodFromTemplate: template labels, annotations and spec, controller ref. */
export function podFromTemplate(owner: KubeObject): KubeObject {
  const template = ((owner.spec as Record<string, unknown>)?.template ?? {}) as {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      finalizers?: string[];
    };
    spec?: Record<string, unknown>;
  };
  const meta = template.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(owner)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  if (meta.annotations && Object.keys(meta.annotations).length > 0) {
    pod.metadata.annotations = { ...meta.annotations };
  }
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

/**
 * slowStartBatch is controller.slowStartBatch: run `count` calls in batches of 1, 2, 4, … stopping after
 * the first batch with a failure, so a failing create (quota, admission) costs one call, not hundreds.
 */
export async function slowStartBatch(
  count: number,
  fn: () => Promise<void>,
): Promise<{ created: number; error?: unknown }> {
  let remaining = count;
  let created = 0;
  for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    created += batch - failed.length;
    if (failed.length > 0) return { created, error: failed[0].reason };
    remaining -= batch;
  }
  return { created };
}

function safeSelector(owner: KubeObject): LabelSelector | undefined {
  try {
    return labelSelectorFromMeta(replicaSetSpec(owner).selector);
  } catch {
    return undefined;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
