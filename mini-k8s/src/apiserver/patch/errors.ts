/**
 * Error helpers shared by the patch appliers. They reproduce how k8s.io/apiserver turns patch failures into
 * metav1.Status: bad patch documents are 400 BadRequest, failed JSON-patch operations and a few strategic
 * merge failures are 422 with apimachinery's generic message, and any other error escapes as a 500 with
 * the raw Go error text (ErrorToAPIStatus on an error that is not an APIStatus).
 */
import { StatusError } from '../../machinery/errors';

/** GENERIC_422_MESSAGE is what errors.NewGenericServerResponse(422, …) says; the server message is dropped. */
export const GENERIC_422_MESSAGE = 'the server rejected our request due to an error in our request';

/**
 * PatchError is a StatusError that also keeps the underlying library error text in `detail`, for logs and
 * tests; the wire form (toStatus) is exactly the Kubernetes one.
 */
export class PatchError extends StatusError {
  readonly detail: string;

  constructor(code: number, reason: StatusError['reason'], message: string, detail: string) {
    super(code, reason, message, code === 422 ? {} : undefined);
    this.name = 'PatchError';
    this.detail = detail;
  }
}

/** badRequest is errors.NewBadRequest(detail). */
export function badRequest(detail: string): PatchError {
  return new PatchError(400, 'BadRequest', detail, detail);
}

/** unprocessable is errors.NewGenericServerResponse(422, "", {}, "", detail, 0, false). */
export function unprocessable(detail: string): PatchError {
  return new PatchError(422, 'Invalid', GENERIC_422_MESSAGE, detail);
}

/** internal is what the API server answers for a plain Go error: 500, reason unknown, the error text. */
export function internal(detail: string): PatchError {
  return new PatchError(500, '', detail, detail);
}

/** isPlainObject tells whether a JSON value is an object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** deepClone copies a JSON value (inputs are never mutated by the appliers). */
export function deepClone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}

/** deepEqual compares two JSON values structurally (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * goFormat renders a JSON value the way Go's `%v` prints a decoded `interface{}`: maps as
 * `map[k:v k2:v2]` with sorted keys, slices as `[a b]`, nil as `<nil>`. Used in error texts such as
 * `map: map[image:nginx] does not contain declared merge key: name`.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(value[k])}`).join(' ')}]`;
  }
  return String(value);
}

/** goTypeName names the Go type encoding/json decodes a JSON value into (for `expected a …` texts). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return '[]interface {}';
  if (isPlainObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return 'float64';
  return typeof value;
}

/** jsonKindName is the JSON kind word encoding/json uses in `cannot unmarshal <kind> into …`. */
export function jsonKindName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  return typeof value;
}
