/**
 * newStatefulSetController is the StatefulSet controller (stateful_set_control.go). Per pass it:
 * 1. syncs ControllerRevisions (the update revision is the current template's);
 * 2. creates each missing claim `<template>-<set>-<ordinal>` then pod `<set>-<ordinal>`; with OrderedReady
 *    it stops at the first pod that is missing or not Running and Ready (ordinals ascending), with Parallel
 *    it creates every missing pod at once; a Failed pod is deleted to be recreated;
 * 3. scales down from the highest ordinal, one pod at a time with OrderedReady (only when the others are
 *    healthy); claims stay unless whenScaled=Delete (then the pod becomes their owner first);
 * 4. RollingUpdate: deletes the highest-ordinal pod not at the update revision, down to `partition`, one at a
 *    time and only when every pod is healthy (it is recreated at the update revision); OnDelete: waits for
 *    the user to delete pods;
 * 5. writes status as `kubectl rollout status sts` reads it.
 */
import type { KubeObject } from '../../api/object';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isConflict, isNotFound } from '../../machinery/errors';
import { Controller, splitKey } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { syncRevisions } from '../workload-utils/history';
import { managedController } from '../workload-utils/managed';
import {
  controllerRef,
  isPodAvailable,
  isPodReady,
  isPodTerminating,
  isRunningAndReady,
  newControllerRef,
  podPhase,
} from '../workload-utils/pods';
import { REFS } from '../workload-utils/refs';
import { CONTROLLER_REVISION_HASH_LABEL } from '../workload-utils/revisions';
import { claimName, newClaim, newStatefulSetPod, podOrdinal, type StatefulSetSpec } from './pods';

export function newStatefulSetController(ctx: ControllerContext): ManagedController {
  const { client, now } = ctx;
  const recorder = ctx.recorder('statefulset-controller');
  const sets = ctx.informers.informerFor(REFS.statefulsets);
  const pods = ctx.informers.informerFor(REFS.pods);
  const claims = ctx.informers.informerFor(REFS.pvcs);
  const revisionsInformer = ctx.informers.informerFor(REFS.controllerrevisions);
  const controller = new Controller({ name: 'statefulset-controller', reconcile, onError: ctx.onError });
  sets.addHandler({
    onAdd: (s) => controller.enqueue(objectKey(s)),
    onUpdate: (_o, s) => controller.enqueue(objectKey(s)),
  });
  const enqueueOwner = (obj: KubeObject): void => {
    const ref = controllerRef(obj);
    if (ref?.kind === 'StatefulSet') controller.enqueue(`${obj.metadata.namespace}/${ref.name}`);
  };
  pods.addHandler({ onAdd: enqueueOwner, onUpdate: (_o, p) => enqueueOwner(p), onDelete: enqueueOwner });

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const set = sets.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const { namespace } = splitKey(key);
    const spec = set.spec as StatefulSetSpec;
    const setName = set.metadata.name!;
    const replicas = spec.replicas ?? 1;
    const start = spec.ordinals?.start ?? 0;
    const monotonic = (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
    const partition = strategy === 'RollingUpdate' ? (spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const nowDate = now();
    const status = (set.status ?? {}) as Record<string, unknown>;

    const owned = pods.list(
      (p) =>
        p.metadata.namespace === namespace &&
        controllerRef(p)?.uid === set.metadata.uid &&
        podOrdinal(setName, p.metadata.name!) >= 0,
    );
    const inUse = new Set(owned.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? ''));
    if (typeof status.currentRevision === 'string') inUse.add(status.currentRevision);
    const ownedRevisions = revisionsInformer.list(
      (r) => r.metadata.namespace === namespace && controllerRef(r)?.uid === set.metadata.uid,
    );
    const { update, revisions } = await syncRevisions(
      client,
      set,
      ownedRevisions,
      spec.template,
      spec.revisionHistoryLimit ?? 10,
      inUse,
    );
    const updateRevision = update.metadata.name!;
    const currentRevObj = revisions.find((r) => r.metadata.name === status.currentRevision) ?? update;
    const currentRevision = currentRevObj.metadata.name!;
    const currentTemplate =
      (currentRevObj.data as { spec?: { template?: StatefulSetSpec['template'] } }).spec?.template ??
      spec.template;

    const byOrdinal = new Map(owned.map((p) => [podOrdinal(setName, p.metadata.name!), p]));
    const wanted: number[] = [];
    for (let o = start; o < start + replicas; o++) wanted.push(o);
    const condemned = owned
      .map((p) => podOrdinal(setName, p.metadata.name!))
      .filter((o) => o < start || o >= start + replicas)
      .sort((a, b) => b - a);

    // Which revision a new pod gets: below the partition (or, with OnDelete, below the current count) it keeps the old one.
    const revisionFor = (ordinal: number): { name: string; template: StatefulSetSpec['template'] } => {
      const keepOld =
        strategy === 'RollingUpdate'
          ? ordinal < start + partition
          : ordinal < start + Number(status.currentReplicas ?? 0);
      return keepOld && currentRevision !== updateRevision
        ? { name: currentRevision, template: currentTemplate }
        : { name: updateRevision, template: spec.template };
    };

    let blocked = false;
    for (const ordinal of wanted) {
      const pod = byOrdinal.get(ordinal);
      if (pod && podPhase(pod) === 'Failed' && !isPodTerminating(pod)) {
        await deletePod(set, pod);
        byOrdinal.delete(ordinal);
        if (monotonic) {
          blocked = true;
          break;
        }
        continue;
      }
      if (!pod) {
        await ensureClaims(set, spec, ordinal);
        const revision = revisionFor(ordinal);
        await createPod(set, newStatefulSetPod(set, revision.template, revision.name, ordinal));
        if (monotonic) {
          blocked = true;
          break;
        }
        continue;
      }
      if (monotonic && (isPodTerminating(pod) || !isRunningAndReady(pod))) {
        blocked = true;
        break;
      }
    }

    const live = wanted.map((o) => byOrdinal.get(o)).filter((p): p is KubeObject => p !== undefined);
    const allHealthy =
      live.length === wanted.length && live.every((p) => isRunningAndReady(p) && !isPodTerminating(p));
    if (!blocked) {
      // Scale down, highest ordinal first.
      for (const ordinal of condemned) {
        const pod = byOrdinal.get(ordinal)!;
        if (isPodTerminating(pod)) {
          if (monotonic) break;
          continue;
        }
        if (monotonic && !allHealthy) break;
        await releaseClaimsOnScaleDown(set, spec, pod, ordinal);
        await deletePod(set, pod);
        if (monotonic) break;
      }
    }
    if (!blocked && condemned.length === 0 && strategy === 'RollingUpdate' && allHealthy) {
      for (let ordinal = start + replicas - 1; ordinal >= start + partition; ordinal--) {
        const pod = byOrdinal.get(ordinal)!;
        if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== updateRevision) {
          await deletePod(set, pod);
          break;
        }
      }
    }

    // Status.
    const created = owned;
    const revisionOf = (p: KubeObject): string | undefined =>
      p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const updatedReplicas = created.filter((p) => revisionOf(p) === updateRevision).length;
    let currentReplicas = created.filter((p) => revisionOf(p) === currentRevision).length;
    const readyReplicas = created.filter(isPodReady).length;
    let newCurrent = currentRevision;
    const complete =
      updatedReplicas === replicas &&
      created.length === replicas &&
      readyReplicas === replicas &&
      condemned.length === 0;
    if (
      complete ||
      (strategy === 'RollingUpdate' && currentReplicas === 0 && updatedReplicas === created.length)
    ) {
      newCurrent = updateRevision;
      currentReplicas = updatedReplicas;
    }
    const next = {
      ...status,
      observedGeneration: set.metadata.generation,
      replicas: created.length,
      readyReplicas,
      currentReplicas,
      updatedReplicas,
      availableReplicas: created.filter((p) => isPodAvailable(p, minReadySeconds, nowDate)).length,
      currentRevision: newCurrent,
      updateRevision,
      collisionCount: status.collisionCount ?? 0,
    };
    await writeStatus(set, next);
    // Re-check availability once minReadySeconds passed for pods that are ready but not yet available.
    if (minReadySeconds > 0 && next.availableReplicas < readyReplicas)
      return { requeueAfterMs: minReadySeconds * 1000 };
  }

  async function ensureClaims(set: KubeObject, spec: StatefulSetSpec, ordinal: number): Promise<void> {
    for (const template of spec.volumeClaimTemplates ?? []) {
      const name = claimName(template.metadata.name!, set.metadata.name!, ordinal);
      if (claims.get(`${set.metadata.namespace}/${name}`)) continue;
      const podName = `${set.metadata.name}-${ordinal}`;
      try {
        await client.create(REFS.pvcs, set.metadata.namespace, newClaim(set, template, ordinal));
        await recorder.record(
          set,
          'Normal',
          'SuccessfulCreate',
          `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`,
        );
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        await recorder.record(
          set,
          'Warning',
          'FailedCreate',
          `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`,
        );
        throw err;
      }
    }
  }

  async function releaseClaimsOnScaleDown(
    set: KubeObject,
    spec: StatefulSetSpec,
    pod: KubeObject,
    ordinal: number,
  ): Promise<void> {
    if (spec.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    for (const template of spec.volumeClaimTemplates ?? []) {
      const name = claimName(template.metadata.name!, set.metadata.name!, ordinal);
      const claim = claims.get(`${set.metadata.namespace}/${name}`);
      if (!claim || claim.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue;
      // Why: the pod becomes the claim's owner, so the garbage collector deletes the claim with the pod.
      const owners = [
        ...(claim.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid),
        { ...newControllerRef(pod), controller: false },
      ];
      await client.patch(REFS.pvcs, claim.metadata.namespace, name, 'merge', {
        metadata: { ownerReferences: owners },
      });
    }
  }

  async function createPod(set: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await client.create(REFS.pods, set.metadata.namespace, pod);
      await recorder.record(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      );
    } catch (err) {
      if (isAlreadyExists(err)) return;
      await recorder.record(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`,
      );
      throw err;
    }
  }

  async function deletePod(set: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await client.delete(REFS.pods, pod.metadata.namespace, pod.metadata.name!, {
        preconditions: { uid: pod.metadata.uid },
      });
      await recorder.record(
        set,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      );
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return;
      await recorder.record(
        set,
        'Warning',
        'FailedDelete',
        `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`,
      );
      throw err;
    }
  }

  async function writeStatus(set: KubeObject, status: Record<string, unknown>): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(set.status ?? {})) return;
    await client.updateStatus(REFS.statefulsets, set.metadata.namespace, { ...set, status });
  }

  return managedController(controller, [sets, pods, claims, revisionsInformer]);
}
