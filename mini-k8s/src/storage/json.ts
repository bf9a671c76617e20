/**
 * JSON value helpers the stores use to keep stored state private: stored objects are deep-frozen
 * clones (shared safely with watchers), and callers of get/list/writes receive fresh mutable clones.
 *
 * Why hand-written recursion instead of structuredClone or a JSON round trip: objects in storage are plain
 * JSON (KubeObject); a direct recursive copy of plain objects and arrays is the cheapest correct deep copy
 * in V8 (no serialisation, no string allocation), which matters for 10,000-object lists.
 */
import type { KubeObject } from '../api/object';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** cloneJson returns a deep, mutable copy of a JSON value. Object properties whose value is undefined are dropped, as JSON would. */
export function cloneJson<T>(value: T): T {
  return copy(value, false) as T;
}

/** freezeClone returns a deep copy of a JSON value in which every object and array is frozen. */
export function freezeClone<T>(value: T): T {
  return copy(value, true) as T;
}

function copy(value: unknown, freeze: boolean): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      out[i] = item === undefined || typeof item === 'function' ? null : copy(item, freeze);
    }
    return freeze ? Object.freeze(out) : out;
  }
  if (!isPlainObject(value)) {
    // Dates, class instances and the like: keep JSON semantics (toJSON / own enumerable fields).
    return copy(JSON.parse(JSON.stringify(value)) as Json, freeze);
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    out[key] = copy(item, freeze);
  }
  return freeze ? Object.freeze(out) : out;
}

/** jsonEqual compares two JSON values structurally; properties whose value is undefined count as absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}

function objectsEqual(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  skip: string | undefined,
): boolean {
  let countA = 0;
  for (const key in a) {
    if (key === skip || a[key] === undefined) continue;
    countA++;
    if (!jsonEqual(a[key], b[key])) return false;
  }
  let countB = 0;
  for (const key in b) {
    if (key === skip || b[key] === undefined) continue;
    countB++;
  }
  return countA === countB;
}

/**
 * sameStoredContent tells whether two objects are equal apart from metadata.resourceVersion: the test
 * GuaranteedUpdate uses to treat an update as a no-op (kube-apiserver compares the encoded objects,
 * whose stored form carries no resourceVersion).
 */
export function sameStoredContent(a: KubeObject, b: KubeObject): boolean {
  if (a === b) return true;
  const ma = a.metadata as unknown as Record<string, unknown> | undefined;
  const mb = b.metadata as unknown as Record<string, unknown> | undefined;
  if (!ma || !mb || typeof ma !== 'object' || typeof mb !== 'object') return jsonEqual(a, b);
  return (
    objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, 'metadata') &&
    objectsEqual(ma, mb, 'resourceVersion')
  );
}

/**
 * withResourceVersion returns a frozen object equal to a frozen stored object except for
 * metadata.resourceVersion. Only the top level and metadata are rebuilt; nested parts are shared.
 */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  const metadata = Object.freeze({ ...obj.metadata, resourceVersion: String(revision) });
  return Object.freeze({ ...obj, metadata });
}

/**
 * prepareForWrite validates that a value is an object with metadata and returns a deep-frozen copy whose
 * metadata.resourceVersion is the given revision.
 */
export function prepareForWrite(obj: KubeObject, revision: number): KubeObject {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new TypeError('storage: object to write must be a JSON object');
  }
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    throw new TypeError('storage: object to write must have a metadata object');
  }
  return freezeClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } });
}
