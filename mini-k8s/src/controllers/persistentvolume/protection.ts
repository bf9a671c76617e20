/**
 * Storage object in-use protection (pkg/controller/volume/pvcprotection and pvprotection):
 * - newPvcProtectionController keeps the `kubernetes.io/pvc-protection` finalizer on every claim and,
 *   once a claim is being deleted, removes it only when no pod that is not terminal (Succeeded/Failed)
 *   uses the claim: a claim in use stays Terminating until its pods are gone.
 * - newPvProtectionController keeps `kubernetes.io/pv-protection` on every volume and removes it from a
 *   volume being deleted once the volume is no longer Bound.
 * The API server does not add the finalizers at creation (no admission plugin), so these controllers do.
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient, ResourceRef } from '../../client/client';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { managedController } from '../workload-utils/managed';
import { REFS } from '../workload-utils/refs';
import { podClaimNames, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from './volume-types';

/** setFinalizer adds or removes one finalizer with an optimistic-concurrency update. */
async function setFinalizer(
  client: ApiClient,
  ref: ResourceRef,
  obj: KubeObject,
  finalizer: string,
  present: boolean,
): Promise<void> {
  const current = obj.metadata.finalizers ?? [];
  const next = present ? [...current, finalizer] : current.filter((f) => f !== finalizer);
  try {
    await client.update(ref, obj.metadata.namespace, {
      ...obj,
      metadata: { ...obj.metadata, finalizers: next },
    });
  } catch (err) {
    // Why: a newer version is on its way through the informer and will be reconciled again.
    if (isNotFound(err) || isConflict(err)) return;
    throw err;
  }
}

function isPodTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function newPvcProtectionController(ctx: ControllerContext): ManagedController {
  const claims = ctx.informers.informerFor(REFS.pvcs);
  const pods = ctx.informers.informerFor(REFS.pods);
  const controller = new Controller({
    name: 'persistentvolumeclaim-protection-controller',
    reconcile,
    onError: ctx.onError,
  });
  claims.addHandler({
    onAdd: (c) => controller.enqueue(objectKey(c)),
    onUpdate: (_o, c) => controller.enqueue(objectKey(c)),
  });
  const enqueueClaimsOf = (pod: KubeObject): void => {
    for (const name of podClaimNames(pod)) controller.enqueue(`${pod.metadata.namespace}/${name}`);
  };
  pods.addHandler({ onUpdate: (_o, p) => enqueueClaimsOf(p), onDelete: enqueueClaimsOf });

  async function reconcile(key: string): Promise<void> {
    const claim = claims.get(key);
    if (!claim) return;
    const has = claim.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER) ?? false;
    if (!claim.metadata.deletionTimestamp) {
      if (!has) await setFinalizer(ctx.client, REFS.pvcs, claim, PVC_PROTECTION_FINALIZER, true);
      return;
    }
    if (!has) return;
    const inUse = pods
      .list((p) => p.metadata.namespace === claim.metadata.namespace && !isPodTerminal(p))
      .some((p) => podClaimNames(p).includes(claim.metadata.name!));
    if (!inUse) await setFinalizer(ctx.client, REFS.pvcs, claim, PVC_PROTECTION_FINALIZER, false);
  }

  return managedController(controller, [claims, pods]);
}

export function newPvProtectionController(ctx: ControllerContext): ManagedController {
  const volumes = ctx.informers.informerFor(REFS.pvs);
  const controller = new Controller({
    name: 'persistentvolume-protection-controller',
    reconcile,
    onError: ctx.onError,
  });
  volumes.addHandler({
    onAdd: (v) => controller.enqueue(objectKey(v)),
    onUpdate: (_o, v) => controller.enqueue(objectKey(v)),
  });

  async function reconcile(key: string): Promise<void> {
    const volume = volumes.get(key);
    if (!volume) return;
    const has = volume.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER) ?? false;
    if (!volume.metadata.deletionTimestamp) {
      if (!has) await setFinalizer(ctx.client, REFS.pvs, volume, PV_PROTECTION_FINALIZER, true);
      return;
    }
    const phase = (volume.status as { phase?: string } | undefined)?.phase;
    if (has && phase !== 'Bound')
      await setFinalizer(ctx.client, REFS.pvs, volume, PV_PROTECTION_FINALIZER, false);
  }

  return managedController(controller, [volumes]);
}
