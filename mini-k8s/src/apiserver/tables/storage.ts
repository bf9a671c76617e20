/**
 * Storage printers: persistent volumes, claims and storage classes (printers.go
 * `printPersistentVolume`, `printPersistentVolumeClaim`, `printStorageClass`).
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { column } from './types';
import type { Printer } from './types';
import { formatQuantity } from './quantity-format';

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);

/** The deprecated annotation that still takes precedence over spec.storageClassName. */
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** accessModesText is helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, de-duplicated. */
export function accessModesText(modes: string[] | undefined): string {
  const present = new Set(modes ?? []);
  const out: string[] = [];
  if (present.has('ReadWriteOnce')) out.push('RWO');
  if (present.has('ReadOnlyMany')) out.push('ROX');
  if (present.has('ReadWriteMany')) out.push('RWX');
  if (present.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** storageClassOf reads the beta annotation first, then spec.storageClassName (helper.GetPersistentVolume[Claim]Class). */
function storageClassOf(obj: KubeObject, spec: { storageClassName?: string | null } | undefined): string {
  const annotations = obj.metadata.annotations ?? {};
  if (BETA_STORAGE_CLASS_ANNOTATION in annotations) return annotations[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  return spec?.storageClassName ?? '';
}

interface PersistentVolume {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string | null;
    volumeMode?: string | null;
  };
  status?: { phase?: string; reason?: string };
}

/**
 * persistentVolumePrinter: Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass,
 * VolumeAttributesClass, Reason, Age, VolumeMode.
 */
export const persistentVolumePrinter: Printer = {
  columns: [
    NAME,
    column('Capacity', 'string', d.PV_CAPACITY),
    column('Access Modes', 'string', d.PV_ACCESS_MODES),
    column('Reclaim Policy', 'string', d.PV_RECLAIM_POLICY),
    column('Status', 'string', d.PV_PHASE),
    column('Claim', 'string', d.PV_CLAIM_REF),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', d.PV_REASON),
    AGE,
    column('VolumeMode', 'string', d.PV_VOLUME_MODE, { priority: 1 }),
  ],
  print(obj, ctx) {
    const pv = obj as unknown as PersistentVolume;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return {
      cells: [
        obj.metadata.name ?? '',
        formatQuantity(spec.capacity?.storage),
        accessModesText(spec.accessModes),
        spec.persistentVolumeReclaimPolicy ?? '',
        phase,
        claim,
        storageClassOf(obj, spec),
        spec.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
};

interface PersistentVolumeClaim {
  spec?: {
    volumeName?: string;
    storageClassName?: string | null;
    volumeAttributesClassName?: string | null;
    volumeMode?: string | null;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[] };
}

/**
 * persistentVolumeClaimPrinter: Name, Status, Volume, Capacity, Access Modes, StorageClass,
 * VolumeAttributesClass, Age, VolumeMode. Capacity and access modes stay blank until the claim is bound.
 */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', d.PVC_PHASE),
    column('Volume', 'string', d.PVC_VOLUME_NAME),
    column('Capacity', 'string', d.PVC_CAPACITY),
    column('Access Modes', 'string', d.PVC_ACCESS_MODES),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE,
    column('VolumeMode', 'string', d.PVC_VOLUME_MODE, { priority: 1 }),
  ],
  print(obj, ctx) {
    const pvc = obj as unknown as PersistentVolumeClaim;
    const spec = pvc.spec ?? {};
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    let capacity = '';
    let accessModes = '';
    if (spec.volumeName) {
      accessModes = accessModesText(pvc.status?.accessModes);
      capacity = formatQuantity(pvc.status?.capacity?.storage);
    }
    return {
      cells: [
        obj.metadata.name ?? '',
        phase,
        spec.volumeName ?? '',
        capacity,
        accessModes,
        storageClassOf(obj, spec),
        spec.volumeAttributesClassName ?? '<unset>',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
};

/** isDefaultStorageClass is storageutil.IsDefaultAnnotation (GA or beta annotation equal to "true"). */
function isDefaultStorageClass(obj: KubeObject): boolean {
  const annotations = obj.metadata.annotations ?? {};
  return (
    annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

/**
 * storageClassPrinter: Name (with ` (default)` for the default class), Provisioner, ReclaimPolicy
 * (Delete when unset), VolumeBindingMode (Immediate when unset), AllowVolumeExpansion, Age.
 */
export const storageClassPrinter: Printer = {
  columns: [
    NAME,
    column('Provisioner', 'string', d.SC_PROVISIONER),
    column('ReclaimPolicy', 'string', d.SC_RECLAIM_POLICY),
    column('VolumeBindingMode', 'string', d.SC_VOLUME_BINDING_MODE),
    column('AllowVolumeExpansion', 'string', d.SC_ALLOW_VOLUME_EXPANSION),
    AGE,
  ],
  print(obj, ctx) {
    const name = obj.metadata.name ?? '';
    return {
      cells: [
        isDefaultStorageClass(obj) ? `${name} (default)` : name,
        (obj.provisioner as string | undefined) ?? '',
        (obj.reclaimPolicy as string | undefined) ?? 'Delete',
        (obj.volumeBindingMode as string | undefined) ?? 'Immediate',
        (obj.allowVolumeExpansion as boolean | undefined) ?? false,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};
