/**
 * newVolumeProvisioner is mini-k8s' dynamic provisioner for the StorageClasses whose provisioner is
 * `atelier.local/hostpath` (the built-in class `standard`), playing the external-provisioner role:
 * - a claim the PV controller handed over (annotation `volume.kubernetes.io/storage-provisioner` naming
 *   this provisioner), still without a volume, gets a PV `pvc-<uid>` pre-bound to it: at once when its
 *   class binds Immediately, and for WaitForFirstConsumer only once the scheduler set
 *   `volume.kubernetes.io/selected-node` (the PV is then pinned to that node); events `Provisioning` and
 *   `ProvisioningSucceeded` go to the claim, the PV controller then completes the binding;
 * - a PV it provisioned that is Released with reclaim policy Delete is deleted.
 */
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from '../persistentvolume/volume-types';
import type { ControllerContext, ManagedController } from '../registry';
import { managedController } from '../workload-utils/managed';
import { REFS } from '../workload-utils/refs';
import { DEFAULT_VOLUME_BASE_PATH, newProvisionedVolume, provisionedVolumeName } from './volume';

/** HOSTPATH_PROVISIONER is the provisioner name of the built-in `standard` StorageClass (bootstrap.ts). */
export const HOSTPATH_PROVISIONER = 'atelier.local/hostpath';

export interface VolumeProvisionerOptions {
  /** provisioner is the StorageClass provisioner name served (default atelier.local/hostpath). */
  provisioner?: string;
  /** basePath is the host directory holding the volumes (default /var/lib/atelier/volumes). */
  basePath?: string;
  /** identity completes the event source `<provisioner>_<identity>`, as external provisioners report it. */
  identity?: string;
}

export function newVolumeProvisioner(
  ctx: ControllerContext,
  options: VolumeProvisionerOptions = {},
): ManagedController {
  const { client } = ctx;
  const provisioner = options.provisioner ?? HOSTPATH_PROVISIONER;
  const basePath = options.basePath ?? DEFAULT_VOLUME_BASE_PATH;
  const recorder = ctx.recorder(`${provisioner}_${options.identity ?? 'mini-k8s'}`);
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(REFS.pvcs);
  const volumes = ctx.informers.informerFor<PersistentVolume>(REFS.pvs);
  const classes = ctx.informers.informerFor<StorageClass>(REFS.storageclasses);
  const controller = new Controller({ name: 'volume-provisioner', reconcile, onError: ctx.onError });
  claims.addHandler({
    onAdd: (c) => controller.enqueue(`claim/${objectKey(c)}`),
    onUpdate: (_o, c) => controller.enqueue(`claim/${objectKey(c)}`),
  });
  volumes.addHandler({
    onAdd: (v) => controller.enqueue(`volume/${v.metadata.name}`),
    onUpdate: (_o, v) => controller.enqueue(`volume/${v.metadata.name}`),
  });

  async function reconcile(key: string): Promise<void> {
    if (key.startsWith('volume/')) return syncVolume(key.slice('volume/'.length));
    return syncClaim(key.slice('claim/'.length));
  }

  async function syncClaim(key: string): Promise<void> {
    const claim = claims.get(key);
    if (!claim || claim.metadata.deletionTimestamp || claim.spec.volumeName) return;
    const annotations = claim.metadata.annotations ?? {};
    const wanted = annotations[ANN_STORAGE_PROVISIONER] ?? annotations[ANN_BETA_STORAGE_PROVISIONER];
    if (wanted !== provisioner) return;
    const sc = classes.get(claimClass(claim));
    if (!sc || sc.provisioner !== provisioner) return;
    const selectedNode = annotations[ANN_SELECTED_NODE];
    // Why: WaitForFirstConsumer volumes are created where the pod was scheduled, not before.
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode) return;
    const name = provisionedVolumeName(claim);
    if (volumes.get(name)) return;
    await recorder.record(
      claim,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${key}"`,
    );
    try {
      await client.create(
        REFS.pvs,
        undefined,
        newProvisionedVolume(claim, sc, { provisioner, basePath, selectedNode }),
      );
    } catch (err) {
      if (isAlreadyExists(err)) return;
      await recorder.record(
        claim,
        'Warning',
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${sc.metadata.name}": ${(err as Error).message}`,
      );
      throw err;
    }
    await recorder.record(
      claim,
      'Normal',
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${name}`,
    );
  }

  async function syncVolume(name: string): Promise<void> {
    const volume = volumes.get(name);
    if (!volume || volume.metadata.deletionTimestamp) return;
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== provisioner) return;
    if (volume.status?.phase !== 'Released' || volume.spec.persistentVolumeReclaimPolicy !== 'Delete') return;
    try {
      await client.delete(REFS.pvs, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  return managedController(controller, [claims, volumes, classes]);
}
