/**
 * newPersistentVolumeController is the PersistentVolume binder (pv_controller.go), one work queue with
 * `claim/<ns>/<name>` and `volume/<name>` keys:
 * - syncClaim: an unbound claim without a class gets the default StorageClass; then it binds to the
 *   volume findMatchingVolume picks (or the one its spec.volumeName names), or stays Pending with the
 *   upstream event: WaitForFirstConsumer / WaitForPodScheduled for delayed binding, ExternalProvisioning
 *   (plus the storage-provisioner annotations) when its class has a provisioner, FailedBinding when it has
 *   no class; a Bound claim whose volume vanished becomes Lost.
 * - syncVolume (reclaim.ts): phases Available / Bound / Released and the reclaim policies.
 * Binding writes the PV first (claimRef, bound-by-controller), then its phase, then the claim
 * (volumeName, bind-completed, bound-by-controller) and the claim's status, like bind() upstream.
 */
import type { KubeObject } from '../../api/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound, isStatusError } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { managedController } from '../workload-utils/managed';
import { REFS } from '../workload-utils/refs';
import { checkVolumeSatisfyClaim, findMatchingVolume } from './matching';
import { newVolumeReclaimer } from './reclaim';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  isDefaultClass,
  isVolumeBoundToClaim,
  type PersistentVolume,
  type PersistentVolumeClaim,
  podClaimNames,
  type StorageClass,
} from './volume-types';
import { scalePeriod } from '../timing';

export const PV_CONTROLLER_NAME = 'persistentvolume-controller';

export interface PersistentVolumeControllerOptions {
  /** resyncMs re-examines pending claims and volumes (upstream: 15 s). */
  resyncMs?: number;
  /** recyclerImage is the image of the `recycler-for-<pv>` scrub pod. */
  recyclerImage?: string;
}

export function newPersistentVolumeController(
  ctx: ControllerContext,
  options: PersistentVolumeControllerOptions = {},
): ManagedController {
  const { client, now } = ctx;
  const resyncMs = options.resyncMs ?? scalePeriod(ctx.speed, 15_000);
  const recorder = ctx.recorder(PV_CONTROLLER_NAME);
  const volumes = ctx.informers.informerFor<PersistentVolume>(REFS.pvs);
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(REFS.pvcs);
  const classes = ctx.informers.informerFor<StorageClass>(REFS.storageclasses);
  const pods = ctx.informers.informerFor(REFS.pods);
  const controller = new Controller({ name: PV_CONTROLLER_NAME, reconcile, onError: ctx.onError });
  let noRetroactiveDefault = false;
  const claimKey = (c: KubeObject): string => `claim/${objectKey(c)}`;
  const volumeKey = (v: KubeObject): string => `volume/${v.metadata.name}`;
  const reclaimer = newVolumeReclaimer({
    client,
    recorder,
    now,
    pods,
    recyclerImage: options.recyclerImage ?? 'busybox:1.36',
  });

  claims.addHandler({
    onAdd: (c) => controller.enqueue(claimKey(c)),
    onUpdate: (_o, c) => controller.enqueue(claimKey(c)),
    onDelete: (c) => {
      // Why: the volume bound to a deleted claim is now Released.
      const name = c.spec.volumeName;
      if (name) controller.enqueue(`volume/${name}`);
      for (const v of volumes.list((v) => isVolumeBoundToClaim(v, c))) controller.enqueue(volumeKey(v));
    },
  });
  volumes.addHandler({
    onAdd: (v) => controller.enqueue(volumeKey(v)),
    onUpdate: (_o, v) => controller.enqueue(volumeKey(v)),
  });
  pods.addHandler({
    onUpdate: (_o, p) => {
      const name = reclaimer.volumeOfRecyclerPod(p);
      if (name) controller.enqueue(`volume/${name}`);
    },
    onDelete: (p) => {
      const name = reclaimer.volumeOfRecyclerPod(p);
      if (name) controller.enqueue(`volume/${name}`);
    },
  });

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    if (key.startsWith('volume/')) {
      const volume = volumes.get(key.slice('volume/'.length));
      if (!volume) return;
      const claimRef = volume.spec.claimRef;
      const claim =
        claimRef?.namespace && claimRef.name
          ? claims.get(`${claimRef.namespace}/${claimRef.name}`)
          : undefined;
      const result = await reclaimer.syncVolume(volume, claim);
      // Why: a provisioned PV saved with its claimRef makes the claim bind without waiting for a resync.
      if (result.enqueueClaim && claim) controller.enqueue(claimKey(claim));
      return result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
    }
    const claim = claims.get(key.slice('claim/'.length));
    if (!claim || claim.metadata.deletionTimestamp) return;
    const bound = claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined;
    if (bound) return syncBoundClaim(claim);
    return syncUnboundClaim(claim);
  }

  function isDelayBinding(claim: PersistentVolumeClaim): boolean {
    const name = claimClass(claim);
    if (name === '') return false;
    return classes.get(name)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  async function syncUnboundClaim(claim: PersistentVolumeClaim): Promise<{ requeueAfterMs?: number } | void> {
    if (!claim.spec.volumeName) {
      if (await assignDefaultClass(claim)) return;
      const delayBinding = isDelayBinding(claim);
      const volume = findMatchingVolume(claim, volumes.list(), delayBinding);
      if (volume) {
        await bind(volume, claim);
        return;
      }
      const className = claimClass(claim);
      if (delayBinding && !claim.metadata.annotations?.[ANN_SELECTED_NODE]) {
        await emitWaitForConsumer(claim);
      } else if (className !== '') {
        await provisionClaim(claim, className);
      } else {
        await recorder.record(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      }
      await updateClaimStatus(claim, 'Pending');
      return { requeueAfterMs: resyncMs };
    }
    // The user pre-bound the claim to a volume by name.
    const volume = volumes.get(claim.spec.volumeName);
    if (!volume) {
      await updateClaimStatus(claim, 'Pending');
      return { requeueAfterMs: resyncMs };
    }
    if (!volume.spec.claimRef) {
      const problem = checkVolumeSatisfyClaim(volume, claim);
      if (problem) {
        await recorder.record(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind to requested volume "${volume.metadata.name}": ${problem}`,
        );
        await updateClaimStatus(claim, 'Pending');
        return { requeueAfterMs: resyncMs };
      }
      await bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      await bind(volume, claim);
      return;
    }
    await recorder.record(
      claim,
      'Warning',
      'FailedBinding',
      `volume "${volume.metadata.name}" already bound to a different claim.`,
    );
    await updateClaimStatus(claim, 'Pending');
    return { requeueAfterMs: resyncMs };
  }

  async function syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    if (!claim.spec.volumeName) {
      await updateClaimStatus(
        claim,
        'Lost',
        undefined,
        'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const volume = volumes.get(claim.spec.volumeName);
    if (!volume) {
      await updateClaimStatus(
        claim,
        'Lost',
        undefined,
        'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    if (!volume.spec.claimRef || isVolumeBoundToClaim(volume, claim)) {
      await bind(volume, claim);
      return;
    }
    await recorder.record(
      claim,
      'Warning',
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
    await updateClaimStatus(claim, 'Lost');
  }

  /** assignDefaultClass gives a class-less claim the default StorageClass (retroactive default class). */
  async function assignDefaultClass(claim: PersistentVolumeClaim): Promise<boolean> {
    if (claim.spec.storageClassName !== undefined && claim.spec.storageClassName !== null) return false;
    if (claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return false;
    const defaults = classes.list(isDefaultClass).sort((a, b) =>
      // Why: with several defaults Kubernetes picks the newest one.
      String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')),
    );
    if (defaults.length === 0 || noRetroactiveDefault) return false;
    try {
      await client.update(REFS.pvcs, claim.metadata.namespace, {
        ...claim,
        spec: { ...claim.spec, storageClassName: defaults[0].metadata.name },
      });
    } catch (err) {
      // Why: an API server whose claim validation forbids the nil-to-class upgrade (422) leaves the claim
      // class-less, as a cluster without the RetroactiveDefaultStorageClass feature does.
      if (isStatusError(err) && err.code === 422) {
        noRetroactiveDefault = true;
        return false;
      }
      throw err;
    }
    return true;
  }

  async function emitWaitForConsumer(claim: PersistentVolumeClaim): Promise<void> {
    const waiting = pods
      .list(
        (p) =>
          p.metadata.namespace === claim.metadata.namespace &&
          !(p.spec as { nodeName?: string }).nodeName &&
          podClaimNames(p).includes(claim.metadata.name!),
      )
      .map((p) => p.metadata.name!)
      .sort();
    if (waiting.length === 0) {
      await recorder.record(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    const message =
      waiting.length > 1
        ? `waiting for pods ${waiting.join(',')} to be scheduled`
        : `waiting for pod ${waiting[0]} to be scheduled`;
    await recorder.record(claim, 'Normal', 'WaitForPodScheduled', message);
  }

  /** provisionClaim hands the claim to its class' provisioner (provisionClaimOperationExternal). */
  async function provisionClaim(claim: PersistentVolumeClaim, className: string): Promise<void> {
    const sc = classes.get(className);
    if (!sc) {
      await recorder.record(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
      return;
    }
    if (sc.provisioner === 'kubernetes.io/no-provisioner') {
      await recorder.record(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    // The event first: the annotation update below may conflict with another controller's write (the
    // protection finalizer) and be retried, and the learner must see why the claim waits either way.
    await recorder.record(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    const annotations = claim.metadata.annotations ?? {};
    if (
      annotations[ANN_STORAGE_PROVISIONER] !== sc.provisioner ||
      annotations[ANN_BETA_STORAGE_PROVISIONER] !== sc.provisioner
    ) {
      await client.update<PersistentVolumeClaim>(REFS.pvcs, claim.metadata.namespace, {
        ...claim,
        metadata: {
          ...claim.metadata,
          annotations: {
            ...annotations,
            [ANN_STORAGE_PROVISIONER]: sc.provisioner,
            [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner,
          },
        },
      });
    }
  }

  /** bind finishes the two-way binding, each step only when needed (bind() in pv_controller.go). */
  async function bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let pv = volume;
    const ref = pv.spec.claimRef;
    if (!ref || ref.uid !== claim.metadata.uid || ref.name !== claim.metadata.name) {
      const annotations = { ...(pv.metadata.annotations ?? {}) };
      // Why: a volume not pre-bound by the user is marked so that it can be unbound later.
      if (!isVolumeBoundToClaim(pv, claim)) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      pv = await client.update<PersistentVolume>(REFS.pvs, undefined, {
        ...pv,
        metadata: { ...pv.metadata, annotations },
        spec: {
          ...pv.spec,
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: claim.metadata.resourceVersion,
          },
        },
      });
    }
    await reclaimer.updateVolumePhase(pv, 'Bound');
    let pvc = claim;
    const annotations = claim.metadata.annotations ?? {};
    if (claim.spec.volumeName !== pv.metadata.name || annotations[ANN_BIND_COMPLETED] === undefined) {
      const next: Record<string, string> = { ...annotations, [ANN_BIND_COMPLETED]: 'yes' };
      if (claim.spec.volumeName !== pv.metadata.name) next[ANN_BOUND_BY_CONTROLLER] = 'yes';
      pvc = await client.update<PersistentVolumeClaim>(REFS.pvcs, claim.metadata.namespace, {
        ...claim,
        metadata: { ...claim.metadata, annotations: next },
        spec: { ...claim.spec, volumeName: pv.metadata.name },
      });
    }
    await updateClaimStatus(pvc, 'Bound', pv);
  }

  async function updateClaimStatus(
    claim: PersistentVolumeClaim,
    phase: 'Pending' | 'Bound' | 'Lost',
    volume?: PersistentVolume,
    lostMessage?: string,
  ): Promise<void> {
    const status = { ...(claim.status ?? {}) };
    const before = JSON.stringify(status);
    status.phase = phase;
    if (volume) {
      status.accessModes = volume.spec.accessModes;
      status.capacity = volume.spec.capacity;
    } else if (phase === 'Pending') {
      delete status.accessModes;
      delete status.capacity;
    }
    if (JSON.stringify(status) === before) return;
    try {
      await client.updateStatus(REFS.pvcs, claim.metadata.namespace, { ...claim, status });
    } catch (err) {
      // Why: the claim is gone or changed meanwhile; its own event resyncs it.
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
    if (phase === 'Lost' && claim.status?.phase !== 'Lost' && lostMessage)
      await recorder.record(claim, 'Warning', 'ClaimLost', lostMessage);
  }

  return managedController(controller, [volumes, claims, classes, pods]);
}
