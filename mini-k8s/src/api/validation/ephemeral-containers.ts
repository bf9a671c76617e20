/**
 * Ephemeral container validation (pkg/apis/core/validation: validateEphemeralContainers and
 * ValidatePodEphemeralContainersUpdate): the common container checks, names unique across every container
 * type, a target that names a regular or init container, no field that would make the container part of
 * the workload (ports, resources, probes, lifecycle…). Updates through the `ephemeralcontainers`
 * subresource are checked by pod-update.ts.
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import { validateContainerCommon } from './container';
import { list, str } from './helpers';

/** EPHEMERAL_FORBIDDEN is upstream's detail for a field an ephemeral container may not set. */
export const EPHEMERAL_FORBIDDEN = 'cannot be set for an Ephemeral Container';

/**
 * CONTAINER_FIELDS is core.Container's field order (the order validateFieldAllowList reports in), with
 * whether an ephemeral container may set the field (allowedEphemeralContainerFields).
 */
const CONTAINER_FIELDS: [string, boolean][] = [
  ['name', true],
  ['image', true],
  ['command', true],
  ['args', true],
  ['workingDir', true],
  ['ports', false],
  ['envFrom', true],
  ['env', true],
  ['resources', false],
  ['resizePolicy', false],
  ['restartPolicy', false],
  ['volumeMounts', true],
  ['volumeDevices', true],
  ['livenessProbe', false],
  ['readinessProbe', false],
  ['startupProbe', false],
  ['lifecycle', false],
  ['terminationMessagePath', true],
  ['terminationMessagePolicy', true],
  ['imagePullPolicy', true],
  ['securityContext', true],
  ['stdin', true],
  ['stdinOnce', true],
  ['tty', true],
];

/** isZero tells whether a JSON value is Go's zero value of its field (unset, empty struct, list or string). */
function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isZero);
  return false;
}

/**
 * validateEphemeralContainers validates spec.ephemeralContainers at `path`; `otherNames` are the names of
 * the regular and init containers, `volumes` the pod's volume names.
 */
export function validateEphemeralContainers(
  containers: unknown,
  volumes: Set<string>,
  path: string,
  otherNames: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  const allNames = new Set(otherNames);
  list(containers).forEach((container, i) => {
    const cPath = `${path}[${i}]`;
    errs.push(...validateContainerCommon(container, volumes, cPath));
    const name = str(container.name);
    if (allNames.has(name)) errs.push(fieldErrors.duplicate(`${cPath}.name`, name));
    else allNames.add(name);
    const target = str(container.targetContainerName);
    if (target && !otherNames.has(target))
      errs.push(fieldErrors.notFound(`${cPath}.targetContainerName`, target));
    for (const [field, allowed] of CONTAINER_FIELDS) {
      if (!allowed && !isZero(container[field]))
        errs.push(fieldErrors.forbidden(`${cPath}.${field}`, EPHEMERAL_FORBIDDEN));
    }
    list(container.volumeMounts).forEach((mount, j) => {
      for (const field of ['subPath', 'subPathExpr']) {
        if (str(mount[field]))
          errs.push(fieldErrors.forbidden(`${cPath}.volumeMounts[${j}].${field}`, EPHEMERAL_FORBIDDEN));
      }
    });
  });
  return errs;
}
