/**
 * Types, annotation names and small predicates shared by the PersistentVolume controllers and the
 * provisioner (pkg/controller/volume/persistentvolume/util and component-helpers/storage/volume).
 */
import type { KubeObject } from '../../api/object';
import type { LabelSelectorMeta } from '../../machinery/labels';

/** ANN_BIND_COMPLETED marks a claim whose binding the controller finished. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** ANN_BOUND_BY_CONTROLLER marks a binding made by the controller (not pre-bound by the user). */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** ANN_STORAGE_PROVISIONER names the provisioner expected to create a volume for a claim. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
/** ANN_BETA_STORAGE_PROVISIONER is the deprecated twin of ANN_STORAGE_PROVISIONER, still set. */
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** ANN_DYNAMICALLY_PROVISIONED names the provisioner that created a PV. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** ANN_SELECTED_NODE is set by the scheduler on WaitForFirstConsumer claims to provision. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** ANN_BETA_STORAGE_CLASS is the deprecated class annotation that wins over spec.storageClassName. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** ANN_DEFAULT_CLASS marks the default StorageClass. */
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

export interface ClaimRef {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PersistentVolumeSpec {
  capacity?: Record<string, string>;
  accessModes?: string[];
  claimRef?: ClaimRef | null;
  persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
  storageClassName?: string;
  volumeMode?: string;
  hostPath?: { path: string; type?: string };
  nfs?: { server: string; path: string };
  local?: { path: string };
  nodeAffinity?: unknown;
  [field: string]: unknown;
}

export interface PersistentVolume extends KubeObject {
  spec: PersistentVolumeSpec;
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  selector?: LabelSelectorMeta | null;
  storageClassName?: string | null;
  volumeName?: string;
  volumeMode?: string;
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec: PersistentVolumeClaimSpec;
  status?: {
    phase?: string;
    accessModes?: string[];
    capacity?: Record<string, string>;
    [field: string]: unknown;
  };
}

export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Retain' | 'Delete';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  mountOptions?: string[];
}

/** claimClass is the claim's class: the beta annotation first, then spec.storageClassName ("" if none). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? claim.spec.storageClassName ?? '';
}

/** volumeClass is the PV's class: the beta annotation first, then spec.storageClassName. */
export function volumeClass(volume: PersistentVolume): string {
  return volume.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? volume.spec.storageClassName ?? '';
}

/** isVolumeBoundToClaim tells whether the PV's claimRef names the claim (an empty claimRef UID matches any). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** volumeModeMismatch tells whether claim and PV volume modes differ (both default to Filesystem). */
export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec.volumeMode ?? 'Filesystem') !== (volume.spec.volumeMode ?? 'Filesystem');
}

/** claimKeyOf is `namespace/name` of a claim reference. */
export function claimRefKey(ref: ClaimRef): string {
  return `${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

/** isDefaultClass tells whether a StorageClass carries the default-class annotation. */
export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[ANN_DEFAULT_CLASS] === 'true' || a[ANN_BETA_DEFAULT_CLASS] === 'true';
}

/** podClaimNames lists the claim names a pod's volumes reference. */
export function podClaimNames(pod: KubeObject): string[] {
  const volumes = (pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined)
    ?.volumes;
  return (volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => !!n);
}
