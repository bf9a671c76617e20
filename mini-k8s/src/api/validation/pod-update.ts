/**
 * ValidatePodUpdate: a Pod's spec is immutable except container images, activeDeadlineSeconds (may only
 * decrease), added tolerations and a negative terminationGracePeriodSeconds set to 1. Ephemeral
 * containers change only through the `ephemeralcontainers` subresource (validatePodEphemeralContainersUpdate).
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import type { KubeObject } from '../object';
import { deepEqual, jsonDiff, list, obj, str, type Json } from './helpers';
import { validateObjectMetaUpdate } from './meta';
import { validatePodSpec } from './pod';

/** UPDATABLE_POD_SPEC_FIELDS is updatablePodSpecFieldsNoResources (InPlacePodVerticalScaling off in 1.32). */
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** POD_UPDATE_FORBIDDEN is the start of the Forbidden detail; a diff of the specs follows it. */
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;

/** validatePodUpdate validates `next` against the stored `old` Pod. */
export function validatePodUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  const newSpec = obj(next.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  for (const key of ['containers', 'initContainers']) {
    if (list(newSpec[key]).length !== list(oldSpec[key]).length) {
      errs.push(fieldErrors.forbidden(`spec.${key}`, 'pod updates may not add or remove containers'));
      return errs;
    }
  }
  const newDeadline = newSpec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (typeof newDeadline === 'number') {
    if (newDeadline < 0 || newDeadline > 2147483647) {
      errs.push(
        fieldErrors.invalid(
          'spec.activeDeadlineSeconds',
          newDeadline,
          'must be between 0 and 2147483647, inclusive',
        ),
      );
    }
    if (typeof oldDeadline === 'number' && newDeadline > oldDeadline) {
      errs.push(
        fieldErrors.invalid(
          'spec.activeDeadlineSeconds',
          newDeadline,
          'must be less than or equal to previous value',
        ),
      );
    }
  } else if (typeof oldDeadline === 'number') {
    errs.push(
      fieldErrors.invalid(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }

  // Munge the old spec with every allowed change, then any remaining difference is forbidden.
  const munged: Json = structuredClone(oldSpec);
  for (const key of ['containers', 'initContainers']) {
    const mungedContainers = list(munged[key]);
    list(newSpec[key]).forEach((c, i) => {
      if (mungedContainers[i]) mungedContainers[i].image = c.image;
    });
  }
  munged.activeDeadlineSeconds = newSpec.activeDeadlineSeconds;
  const oldTolerations = list(oldSpec.tolerations);
  const newTolerations = list(newSpec.tolerations);
  if (oldTolerations.every((t) => newTolerations.some((n) => deepEqual(n, t))))
    munged.tolerations = newSpec.tolerations;
  if (
    typeof oldSpec.terminationGracePeriodSeconds === 'number' &&
    oldSpec.terminationGracePeriodSeconds < 0 &&
    newSpec.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = 1;
  }
  if (!deepEqual(munged, newSpec)) {
    errs.push(
      fieldErrors.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${jsonDiff('core.PodSpec', munged, newSpec)}`),
    );
  }
  return errs;
}

/** MIRROR_POD_ANNOTATION marks a static pod's mirror in the API. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * validatePodEphemeralContainersUpdate is ValidatePodEphemeralContainersUpdate: `next` differs from `old`
 * only in spec.ephemeralContainers (the strategy kept the rest).
 */
export function validatePodEphemeralContainersUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validatePodSpec(next.spec, 'spec'),
  ];
  if (old.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    return [fieldErrors.forbidden('', 'static pods do not support ephemeral containers')];
  }
  const byName = new Map<string, Json>();
  for (const c of list(obj(next.spec)?.ephemeralContainers)) byName.set(str(c.name), c);
  for (const previous of list(obj(old.spec)?.ephemeralContainers)) {
    const name = str(previous.name);
    const current = byName.get(name);
    if (!current) {
      errs.push(
        fieldErrors.forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers ${JSON.stringify(name)} may not be removed\n`,
        ),
      );
    } else if (!deepEqual(previous, current)) {
      errs.push(
        fieldErrors.forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers ${JSON.stringify(name)} may not be changed\n${jsonDiff('core.EphemeralContainer', previous, current)}`,
        ),
      );
    }
  }
  return errs;
}
