/**
 * The `ephemeralcontainers` subresource of pods (pkg/registry/core/pod: EphemeralContainersREST and
 * podEphemeralContainersStrategy). GET answers the Pod; PUT, PATCH and server-side apply compute a new Pod
 * as usual, but only its spec.ephemeralContainers is kept (dropNonEphemeralContainerUpdates: the rest of
 * the spec, the status and the metadata stay as stored), then ValidatePodEphemeralContainersUpdate
 * refuses removed or changed ephemeral containers and anything an ephemeral container may not set.
 */
import type { KubeObject } from '../../api/object';
import { defaultPodSpec } from '../../api/defaults/pod';
import { validatePodEphemeralContainersUpdate } from '../../api/validation/pod-update';
import type { FieldError } from '../../machinery/errors';
import { asRecord, clone } from './meta';

/** EPHEMERAL_CONTAINERS is the subresource's name. */
export const EPHEMERAL_CONTAINERS = 'ephemeralcontainers';

/**
 * withEphemeralContainers returns `current` with the ephemeral containers of `desired`, defaulted as a
 * pod's containers are (imagePullPolicy, terminationMessagePath and policy).
 */
export function withEphemeralContainers(current: KubeObject, desired: KubeObject): KubeObject {
  const next = clone(current);
  const spec = { ...(asRecord(next.spec) ?? {}) };
  const wanted = asRecord(desired.spec)?.ephemeralContainers;
  if (Array.isArray(wanted) && wanted.length > 0) {
    // Default a copy holding only the ephemeral containers, so nothing else of the stored spec changes.
    const defaulted: Record<string, unknown> = { ephemeralContainers: clone(wanted) };
    defaultPodSpec(defaulted);
    spec.ephemeralContainers = defaulted.ephemeralContainers;
  } else {
    delete spec.ephemeralContainers;
  }
  next.spec = spec;
  return next;
}

/** validateEphemeralContainersWrite validates the Pod an ephemeralcontainers write produced. */
export function validateEphemeralContainersWrite(next: KubeObject, current: KubeObject): FieldError[] {
  return validatePodEphemeralContainersUpdate(next, current);
}
