/**
 * Storage failures as StatusErrors with kube-apiserver's exact texts. The stores know only keys, so the
 * GroupResource and name of a message come from the key (keys.ts `describeKey`): a key built by `keyFor`
 * yields exactly the message kubectl prints (`pods "web" not found`,
 * `deployments.apps "web" already exists`). The registry may still catch and rewrite them.
 */
import type { KubeObject } from '../api/object';
import { errors, StatusError } from '../machinery/errors';
import { describeKey, etcdStyleKey } from './keys';
import type { Preconditions } from './interface';

/** OPTIMISTIC_LOCK_MESSAGE is apiserver's OptimisticLockErrorMsg. */
export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** notFoundForKey is the 404 for a missing key. */
export function notFoundForKey(key: string): StatusError {
  const { resource, name } = describeKey(key);
  return errors.notFound(resource, name);
}

/** alreadyExistsForKey is the 409 AlreadyExists for a create on an existing key. */
export function alreadyExistsForKey(key: string): StatusError {
  const { resource, name } = describeKey(key);
  return errors.alreadyExists(resource, name);
}

/** conflictForKey is the 409 Conflict `Operation cannot be fulfilled on <resource> "<name>": <why>`. */
export function conflictForKey(key: string, why: string): StatusError {
  const { resource, name } = describeKey(key);
  return errors.conflict(resource, name, why);
}

/** storageInvalidObject renders storage.StorageError's ErrCodeInvalidObj text, as wrapped by the registry. */
function storageInvalidObject(key: string, detail: string): string {
  return `StorageError: invalid object, Code: 4, Key: ${etcdStyleKey(key)}, ResourceVersion: 0, AdditionalErrorMsg: ${detail}`;
}

function uidMismatch(key: string, wanted: string, current: KubeObject): StatusError {
  return conflictForKey(
    key,
    storageInvalidObject(
      key,
      `Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${current.metadata.uid ?? ''}`,
    ),
  );
}

/**
 * checkUpdatePreconditions enforces Preconditions for guaranteedUpdate. A uid mismatch gives the storage
 * precondition text; a resourceVersion mismatch gives the optimistic-lock text, because the registry
 * passes the PUT body's resourceVersion here and kube-apiserver answers a stale update with
 * `...: the object has been modified; please apply your changes to the latest version and try again`.
 */
export function checkUpdatePreconditions(
  key: string,
  current: KubeObject,
  preconditions: Preconditions | undefined,
): void {
  if (!preconditions) return;
  if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) {
    throw uidMismatch(key, preconditions.uid, current);
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw conflictForKey(key, OPTIMISTIC_LOCK_MESSAGE);
  }
}

/**
 * checkDeletePreconditions enforces DeleteOptions.preconditions exactly as kube-apiserver reports them
 * (storage.Preconditions.Check wrapped by InterpretDeleteError).
 */
export function checkDeletePreconditions(
  key: string,
  current: KubeObject,
  preconditions: Preconditions | undefined,
): void {
  if (!preconditions) return;
  if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) {
    throw uidMismatch(key, preconditions.uid, current);
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw conflictForKey(
      key,
      storageInvalidObject(
        key,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
      ),
    );
  }
}

/** tooOldResourceVersion is the 410 of a watch from a compacted revision (`too old resource version: 5 (20)`). */
export function tooOldResourceVersion(requested: number, oldestRevision: number): StatusError {
  return errors.gone(`too old resource version: ${requested} (${oldestRevision - 1})`);
}

/** continueTooOld is the 410 of a continue token whose snapshot revision was compacted. */
export function continueTooOld(): StatusError {
  return errors.gone(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the 410 response to perform an inconsistent list.',
  );
}

/** storageClosed is the error of any call on a closed store. */
export function storageClosed(): StatusError {
  return new StatusError(503, 'ServiceUnavailable', 'storage is closed');
}
