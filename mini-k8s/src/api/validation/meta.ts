/**
 * ObjectMeta, labels, annotations and label selector validation (apimachinery's api/validation and
 * apis/meta/v1/validation), with Kubernetes' field paths and messages.
 */
import type { ObjectMeta } from '../object';
import type { FieldError } from '../../machinery/errors';
import { fieldErrors, type BadValue } from '../../machinery/field-errors';
import {
  type NameValidator,
  validateDns1123Label,
  validateLabelValue,
  validateQualifiedName,
} from '../../machinery/names';
import { deepEqual, list, obj, str } from './helpers';

/** TOTAL_ANNOTATION_SIZE_LIMIT is the 256 KiB cap on all annotations of an object. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** FIELD_IMMUTABLE is apimachinery's FieldImmutableErrorMsg. */
export const FIELD_IMMUTABLE = 'field is immutable';

/** validateLabelName is ValidateLabelName: a qualified key reported at `path`. */
export function validateLabelName(key: string, path: string): FieldError[] {
  return validateQualifiedName(key).map((msg) => fieldErrors.invalid(path, key, msg));
}

/** validateLabels is ValidateLabels (keys in sorted order for deterministic output). */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const map = obj(labels);
  if (!map) return [];
  const errs: FieldError[] = [];
  for (const key of Object.keys(map).sort()) {
    errs.push(...validateLabelName(key, path));
    const value = typeof map[key] === 'string' ? (map[key] as string) : String(map[key]);
    for (const msg of validateLabelValue(value)) errs.push(fieldErrors.invalid(path, value, msg));
  }
  return errs;
}

/** validateAnnotations is ValidateAnnotations: qualified (lower-cased) keys and a 256 KiB total. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const map = obj(annotations);
  if (!map) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of Object.keys(map).sort()) {
    for (const msg of validateQualifiedName(key.toLowerCase()))
      errs.push(fieldErrors.invalid(path, key, msg));
    total += key.length + String(map[key]).length;
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErrors.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** validateLabelSelector is metav1validation.ValidateLabelSelector (nil is valid here). */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  const sel = obj(selector);
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  list(sel.matchExpressions).forEach((expr, i) => {
    const exprPath = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(expr.values) ? (expr.values as unknown[]).map(String) : [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(
            fieldErrors.required(
              `${exprPath}.values`,
              "must be specified when `operator` is 'In' or 'NotIn'",
            ),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            fieldErrors.forbidden(
              `${exprPath}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(
          fieldErrors.invalid(`${exprPath}.operator`, str(expr.operator), 'not a valid selector operator'),
        );
    }
    errs.push(...validateLabelName(str(expr.key), `${exprPath}.key`));
    values.forEach((value, j) => {
      for (const msg of validateLabelValue(value))
        errs.push(fieldErrors.invalid(`${exprPath}.values[${j}]`, value, msg));
    });
  });
  return errs;
}

/** MetaOptions tells how to validate an object's metadata. */
export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameValidator;
}

/** validateObjectMeta is ValidateObjectMeta at `metadata`. */
export function validateObjectMeta(meta: ObjectMeta | undefined, options: MetaOptions): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName) {
    for (const msg of options.nameFn(generateName, true)) {
      errs.push(fieldErrors.invalid('metadata.generateName', generateName, msg));
    }
  }
  const name = str(m.name);
  if (!name) errs.push(fieldErrors.required('metadata.name', 'name or generateName is required'));
  else
    for (const msg of options.nameFn(name, false)) errs.push(fieldErrors.invalid('metadata.name', name, msg));
  const namespace = str(m.namespace);
  if (options.namespaced) {
    if (!namespace) errs.push(fieldErrors.required('metadata.namespace'));
    else {
      for (const msg of validateDns1123Label(namespace))
        errs.push(fieldErrors.invalid('metadata.namespace', namespace, msg));
    }
  } else if (namespace) {
    errs.push(fieldErrors.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeMeta(m.generation, 'metadata.generation'));
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  (m.finalizers ?? []).forEach((finalizer) => {
    for (const msg of validateQualifiedName(finalizer))
      errs.push(fieldErrors.invalid('metadata.finalizers', finalizer, msg));
  });
  return errs;
}

function validateNonnegativeMeta(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [fieldErrors.invalid(path, value, 'must be greater than or equal to 0')]
    : [];
}

/** validateImmutable is ValidateImmutableField: `Invalid value: <new>: field is immutable` when changed. */
export function validateImmutable(
  next: unknown,
  old: unknown,
  path: string,
  rendered?: BadValue,
): FieldError[] {
  if (deepEqual(next, old)) return [];
  const value: BadValue =
    rendered !== undefined
      ? rendered
      : next !== null && typeof next === 'object'
        ? JSON.stringify(next)
        : (next as BadValue);
  return [fieldErrors.invalid(path, value, FIELD_IMMUTABLE)];
}

/** validateObjectMetaUpdate is ValidateObjectMetaUpdate for the fields users can touch. */
export function validateObjectMetaUpdate(
  next: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
): FieldError[] {
  const n = next ?? {};
  const o = old ?? {};
  return [
    ...validateImmutable(str(n.name), str(o.name), 'metadata.name'),
    ...validateImmutable(str(n.namespace), str(o.namespace), 'metadata.namespace'),
    ...(o.uid && n.uid ? validateImmutable(n.uid, o.uid, 'metadata.uid') : []),
    ...validateLabels(n.labels, 'metadata.labels'),
    ...validateAnnotations(n.annotations, 'metadata.annotations'),
  ];
}
