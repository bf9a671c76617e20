/**
 * newProvisionedVolume builds the PersistentVolume the hostPath provisioner creates for a claim, the way an
 * external provisioner does (sig-storage-lib-external-provisioner): named `pvc-<claim uid>`, annotated
 * `pv.kubernetes.io/provisioned-by`, pre-bound to the claim through claimRef (with the claim's UID, so the
 * PV controller completes the binding), capacity = the claim's request, the claim's access and volume
 * modes, the class' reclaim policy (default Delete) and mount options; the data lives in a host directory
 * `<basePath>/pvc-<uid>` and, when the scheduler chose a node, node affinity pins the volume to it.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../persistentvolume/volume-types';
import { ANN_DYNAMICALLY_PROVISIONED } from '../persistentvolume/volume-types';

/** DEFAULT_VOLUME_BASE_PATH is where provisioned volumes live on the (simulated) nodes. */
export const DEFAULT_VOLUME_BASE_PATH = '/var/lib/atelier/volumes';

/** provisionedVolumeName is `pvc-<claim uid>`, the name upstream provisioners use. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid}`;
}

export function newProvisionedVolume(
  claim: PersistentVolumeClaim,
  sc: StorageClass,
  options: { provisioner: string; basePath: string; selectedNode?: string },
): PersistentVolume {
  const name = provisionedVolumeName(claim);
  const spec: PersistentVolume['spec'] = {
    capacity: { storage: claim.spec.resources?.requests?.storage ?? '0' },
    accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
    claimRef: {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata.namespace,
      name: claim.metadata.name,
      uid: claim.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: claim.metadata.resourceVersion,
    },
    persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    storageClassName: sc.metadata.name,
    volumeMode: claim.spec.volumeMode ?? 'Filesystem',
    hostPath: { path: `${options.basePath}/${name}`, type: 'DirectoryOrCreate' },
  };
  if (sc.mountOptions?.length) spec.mountOptions = sc.mountOptions;
  if (options.selectedNode) {
    spec.nodeAffinity = {
      required: {
        nodeSelectorTerms: [
          {
            matchExpressions: [
              { key: 'kubernetes.io/hostname', operator: 'In', values: [options.selectedNode] },
            ],
          },
        ],
      },
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: options.provisioner } },
    spec,
  };
}
