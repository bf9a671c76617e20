/**
 * Validation of ConfigMaps, Secrets, PersistentVolumeClaims and PersistentVolumes (create and update),
 * with Kubernetes' key, size, type and immutability rules.
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import { nameIsDnsSubdomain, validateConfigMapKey, validateDns1123Subdomain } from '../../machinery/names';
import { Quantity, QuantityError } from '../../machinery/quantity';
import type { KubeObject } from '../object';
import { deepEqual, jsonDiff, obj, str } from './helpers';
import { validateImmutable, validateLabelSelector, validateObjectMeta } from './meta';

/** MAX_SECRET_SIZE is core.MaxSecretSize (1 MiB), also the ConfigMap limit. */
export const MAX_SECRET_SIZE = 1024 * 1024;
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const IMMUTABLE_SET = 'field is immutable when `immutable` is set';

const META = { namespaced: true, nameFn: nameIsDnsSubdomain };

function validateKeys(data: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(obj(data) ?? {}).sort()) {
    errs.push(...validateConfigMapKey(key).map((msg) => fieldErrors.invalid(`${path}[${key}]`, key, msg)));
  }
  return errs;
}

/** validateConfigMap is ValidateConfigMap. */
export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, META);
  const data = obj(cm.data) ?? {};
  const binaryData = obj(cm.binaryData) ?? {};
  errs.push(...validateKeys(data, 'data'));
  for (const key of Object.keys(data).sort()) {
    if (key in binaryData)
      errs.push(fieldErrors.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
  }
  errs.push(...validateKeys(binaryData, 'binaryData'));
  for (const key of Object.keys(binaryData).sort()) {
    if (key in data)
      errs.push(fieldErrors.invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
  }
  let total = 0;
  for (const value of Object.values(data)) total += Buffer.byteLength(String(value), 'utf8');
  for (const value of Object.values(binaryData)) total += Buffer.from(String(value), 'base64').length;
  if (total > MAX_SECRET_SIZE) errs.push(fieldErrors.tooLong('', MAX_SECRET_SIZE));
  return errs;
}

function validateImmutableData(next: KubeObject, old: KubeObject, keys: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (next.immutable !== true) errs.push(fieldErrors.forbidden('immutable', IMMUTABLE_SET));
  for (const key of keys) {
    if (!deepEqual(next[key] ?? {}, old[key] ?? {})) errs.push(fieldErrors.forbidden(key, IMMUTABLE_SET));
  }
  return errs;
}

/** validateConfigMapUpdate is ValidateConfigMapUpdate: immutable ConfigMaps keep their data. */
export function validateConfigMapUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  return validateImmutableData(next, old, ['data', 'binaryData']);
}

/** validateSecret is ValidateSecret: keys, 1 MiB of decoded data, per-type required keys. */
export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, META);
  const data = obj(secret.data) ?? {};
  errs.push(...validateKeys(data, 'data'));
  let total = 0;
  for (const value of Object.values(data)) total += Buffer.from(String(value), 'base64').length;
  if (total > MAX_SECRET_SIZE) errs.push(fieldErrors.tooLong('data', MAX_SECRET_SIZE));
  const has = (key: string): boolean => key in data;
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      if (!str(secret.metadata?.annotations?.['kubernetes.io/service-account.name'])) {
        errs.push(fieldErrors.required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(fieldErrors.required('data[.dockercfg]'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) {
        errs.push(fieldErrors.required('data[.dockerconfigjson]'));
        break;
      }
      try {
        JSON.parse(Buffer.from(String(data['.dockerconfigjson']), 'base64').toString('utf8'));
      } catch (err) {
        errs.push(
          fieldErrors.invalid(
            'data[.dockerconfigjson]',
            '<secret contents redacted>',
            (err as Error).message,
          ),
        );
      }
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(fieldErrors.required('data[username]'), fieldErrors.required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!str(data['ssh-privatekey'])) errs.push(fieldErrors.required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(fieldErrors.required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(fieldErrors.required('data[tls.key]'));
      break;
    default:
      break;
  }
  return errs;
}

/** validateSecretUpdate is ValidateSecretUpdate: the type and immutable data may not change. */
export function validateSecretUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateImmutable(str(next.type), str(old.type), 'type'),
    ...validateImmutableData(next, old, ['data']),
  ];
}

function validateStorageQuantity(value: unknown, path: string): FieldError[] {
  let q: Quantity;
  try {
    q = Quantity.parse(value as string);
  } catch (err) {
    return err instanceof QuantityError ? [fieldErrors.invalid(path, String(value), err.message)] : [];
  }
  if (q.sign() < 0) return [fieldErrors.invalid(path, q.toString(), 'must be greater than or equal to 0')];
  if (q.sign() === 0) return [fieldErrors.invalid(path, q.toString(), 'must be greater than zero')];
  return [];
}

function validateAccessModes(modes: unknown, path: string): FieldError[] {
  const list = Array.isArray(modes) ? modes.map(String) : [];
  if (list.length === 0) return [fieldErrors.required(path, 'at least 1 access mode is required')];
  return list
    .filter((m) => !ACCESS_MODES.includes(m))
    .map((m) => fieldErrors.notSupported(path, m, ACCESS_MODES));
}

/** validatePvcSpec is ValidatePersistentVolumeClaimSpec at `path`. */
export function validatePvcSpec(spec: unknown, path: string): FieldError[] {
  const s = obj(spec) ?? {};
  const errs = validateAccessModes(s.accessModes, `${path}.accessModes`);
  errs.push(...validateLabelSelector(s.selector, `${path}.selector`));
  const requests = obj(obj(s.resources)?.requests) ?? {};
  const hasDataSource = Boolean(obj(s.dataSource) || obj(s.dataSourceRef));
  if (!('storage' in requests)) {
    if (!hasDataSource) errs.push(fieldErrors.required(`${path}.resources[storage]`));
  } else {
    errs.push(...validateStorageQuantity(requests.storage, `${path}.resources[storage]`));
  }
  const storageClassName = str(s.storageClassName);
  if (storageClassName) {
    errs.push(
      ...validateDns1123Subdomain(storageClassName).map((msg) =>
        fieldErrors.invalid(`${path}.storageClassName`, storageClassName, msg),
      ),
    );
  }
  const volumeMode = s.volumeMode;
  if (typeof volumeMode === 'string' && !VOLUME_MODES.includes(volumeMode)) {
    errs.push(fieldErrors.notSupported(`${path}.volumeMode`, volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** validatePersistentVolumeClaim is ValidatePersistentVolumeClaim. */
export function validatePersistentVolumeClaim(pvc: KubeObject): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, META), ...validatePvcSpec(pvc.spec, 'spec')];
}

/**
 * validatePersistentVolumeClaimUpdate: the spec is immutable except resources.requests of a bound claim
 * (and volumeName and an unset storageClassName, settable once); storage may not shrink.
 */
export function validatePersistentVolumeClaimUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const n = structuredClone(obj(next.spec) ?? {});
  const o = structuredClone(obj(old.spec) ?? {});
  if (!str(o.volumeName)) o.volumeName = n.volumeName;
  // Retroactive default StorageClass (GA in 1.28): an unset class may be set once, to give class-less claims
  // the default class; changing a set class stays forbidden.
  if (o.storageClassName === undefined || o.storageClassName === null)
    o.storageClassName = n.storageClassName;
  const bound = str(obj(next.status)?.phase) === 'Bound';
  const newRequests = obj(obj(n.resources)?.requests);
  const oldRequests = obj(obj(o.resources)?.requests);
  if (bound && newRequests) newRequests.storage = oldRequests?.storage;
  const errs: FieldError[] = [];
  if (!deepEqual(n, o)) {
    errs.push(
      fieldErrors.forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${jsonDiff('core.PersistentVolumeClaimSpec', o, n)}`,
      ),
    );
  }
  const newSize = obj(obj(obj(next.spec)?.resources)?.requests)?.storage;
  const oldSize = obj(obj(obj(old.spec)?.resources)?.requests)?.storage;
  try {
    if (
      newSize !== undefined &&
      oldSize !== undefined &&
      Quantity.parse(newSize as string).cmp(Quantity.parse(oldSize as string)) < 0
    ) {
      errs.push(
        fieldErrors.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'),
      );
    }
  } catch {
    // Unparsable sizes are reported by create-time validation.
  }
  return errs;
}

/** validatePersistentVolume is ValidatePersistentVolume for the common fields. */
export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const spec = obj(pv.spec) ?? {};
  const errs = validateObjectMeta(pv.metadata, { namespaced: false, nameFn: nameIsDnsSubdomain });
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes'));
  const capacity = obj(spec.capacity);
  if (!capacity || Object.keys(capacity).length === 0) errs.push(fieldErrors.required('spec.capacity'));
  else {
    for (const key of Object.keys(capacity)) {
      if (key !== 'storage') errs.push(fieldErrors.notSupported(`spec.capacity`, key, ['storage']));
    }
    if ('storage' in capacity)
      errs.push(...validateStorageQuantity(capacity.storage, 'spec.capacity[storage]'));
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) {
    errs.push(fieldErrors.notSupported('spec.persistentVolumeReclaimPolicy', reclaim, RECLAIM_POLICIES));
  }
  const sources = [
    'hostPath',
    'local',
    'nfs',
    'csi',
    'iscsi',
    'fc',
    'cephfs',
    'rbd',
    'glusterfs',
    'awsElasticBlockStore',
    'gcePersistentDisk',
    'azureDisk',
    'azureFile',
    'cinder',
    'flexVolume',
    'portworxVolume',
    'vsphereVolume',
    'scaleIO',
    'storageos',
    'quobyte',
    'photonPersistentDisk',
    'flocker',
  ];
  const present = sources.filter((s) => obj(spec[s]));
  if (present.length === 0) errs.push(fieldErrors.required('spec', 'must specify a volume type'));
  for (const extra of present.slice(1))
    errs.push(fieldErrors.forbidden(`spec.${extra}`, 'may not specify more than 1 volume type'));
  const hostPath = obj(spec.hostPath);
  if (hostPath && !str(hostPath.path)) errs.push(fieldErrors.required('spec.hostPath.path'));
  return errs;
}
