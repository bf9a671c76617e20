/**
 * Object checks: an object exists or is absent, one of its fields equals or matches a value (partial-object
 * match with a readable path), and how many objects a label selector selects.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { expectedFound } from '../result';
import {
  type CheckBase,
  type Check,
  describeObject,
  fail,
  getOrUndefined,
  makeCheck,
  namespaceFor,
  pass,
  readPath,
  resolveKind,
  show,
  listObjects,
} from './check';

/** ObjectRef names one object: its kind (`Deployment`, `deploy`…), name and optional namespace. */
export interface ObjectRef {
  kind: string;
  name: string;
  /** Defaults to the learner's namespace (ignored for cluster-scoped kinds). */
  namespace?: string;
}

/** objectExists passes when the object exists. */
export function objectExists(base: CheckBase & ObjectRef): Check {
  return makeCheck(base, async (ctx) => {
    const object = await getOrUndefined(ctx, base.kind, base.name, base.namespace);
    const what = describeObject(resolveKind(base.kind), base.name);
    return object ? pass(`${what} existe`) : fail(expectedFound(`${what} présent`, 'aucun objet de ce nom'));
  });
}

/** objectAbsent passes when the object does not exist (or is being deleted). */
export function objectAbsent(base: CheckBase & ObjectRef): Check {
  return makeCheck(base, async (ctx) => {
    const object = await getOrUndefined(ctx, base.kind, base.name, base.namespace);
    const what = describeObject(resolveKind(base.kind), base.name);
    if (!object || object.metadata.deletionTimestamp) return pass(`${what} est absent`);
    return fail(expectedFound(`${what} absent`, 'il existe encore'));
  });
}

/** fieldEquals passes when the field at `path` (e.g. `spec.replicas`) deep-equals `value`. */
export function fieldEquals(base: CheckBase & ObjectRef & { path: string; value: unknown }): Check {
  return makeCheck(base, async (ctx) => {
    const object = await getOrUndefined(ctx, base.kind, base.name, base.namespace);
    const what = describeObject(resolveKind(base.kind), base.name);
    if (!object) return fail(expectedFound(`${what} présent`, 'aucun objet de ce nom'));
    const found = readPath(object, base.path);
    if (deepEqual(found, base.value)) return pass(`${base.path} = ${show(base.value)}`);
    return fail(expectedFound(`${base.path} = ${show(base.value)}`, show(found)));
  });
}

/**
 * fieldMatches passes when the object contains `expected` (a partial object: every given field must match,
 * arrays element by element, strings may be RegExps); the message names the first mismatching path.
 */
export function fieldMatches(base: CheckBase & ObjectRef & { expected: Record<string, unknown> }): Check {
  return makeCheck(base, async (ctx) => {
    const object = await getOrUndefined(ctx, base.kind, base.name, base.namespace);
    const what = describeObject(resolveKind(base.kind), base.name);
    if (!object) return fail(expectedFound(`${what} présent`, 'aucun objet de ce nom'));
    const mismatch = firstMismatch(base.expected, object, '');
    if (!mismatch) return pass(`${what} correspond`);
    return fail(expectedFound(`${mismatch.path} = ${showExpected(mismatch.expected)}`, show(mismatch.found)));
  });
}

/** Mismatch is where a partial match failed. */
export interface Mismatch {
  path: string;
  expected: unknown;
  found: unknown;
}

/** firstMismatch compares a partial expectation with a value and returns the first difference, if any. */
export function firstMismatch(expected: unknown, found: unknown, path: string): Mismatch | undefined {
  if (expected instanceof RegExp) {
    return typeof found === 'string' && expected.test(found) ? undefined : { path, expected, found };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(found)) return { path, expected, found };
    for (const [i, item] of expected.entries()) {
      const m = firstMismatch(item, found[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    // Why descend when absent: « spec.a.b = x ; trouvé : absent » names the leaf a learner must set.
    if (found === undefined || found === null) {
      const [key, value] = Object.entries(expected)[0] ?? [];
      if (key === undefined) return { path, expected, found };
      return firstMismatch(value, undefined, path ? `${path}.${key}` : key);
    }
    if (typeof found !== 'object') return { path, expected, found };
    for (const [key, value] of Object.entries(expected)) {
      const m = firstMismatch(value, (found as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (m) return m;
    }
    return undefined;
  }
  return expected === found ? undefined : { path, expected, found };
}

function showExpected(value: unknown): string {
  return value instanceof RegExp ? `/${value.source}/` : show(value);
}

/** deepEqual compares JSON values structurally: map keys in any order, arrays in order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  // Why not JSON.stringify: the API server (and kubectl) may serialize a map's keys in another order.
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  if (keys.length !== Object.keys(right).filter((k) => right[k] !== undefined).length) return false;
  return keys.every((k) => Object.hasOwn(right, k) && deepEqual(left[k], right[k]));
}

/** CountOptions bound how many objects a selector must select. */
export interface CountOptions {
  kind: string;
  /** Label selector, as kubectl's `-l` takes it. */
  selector: string;
  namespace?: string;
  /** Exact count; or a range with min/max. */
  count?: number;
  min?: number;
  max?: number;
  /** Extra predicate each object must satisfy to be counted (e.g. not being deleted). */
  where?: (object: KubeObject) => boolean;
}

/** countForSelector passes when the number of selected objects is within the bounds. */
export function countForSelector(base: CheckBase & CountOptions): Check {
  return makeCheck(base, async (ctx) => {
    const info = resolveKind(base.kind);
    const list = await listObjects(ctx, info, namespaceFor(info, ctx, base.namespace), {
      labelSelector: base.selector,
    });
    const items = list.items.filter((o) => !o.metadata.deletionTimestamp && (base.where?.(o) ?? true));
    const n = items.length;
    const min = base.count ?? base.min ?? 0;
    const max = base.count ?? base.max ?? Number.POSITIVE_INFINITY;
    const wanted =
      base.count !== undefined
        ? `${base.count}`
        : max === Number.POSITIVE_INFINITY
          ? `au moins ${min}`
          : `entre ${min} et ${max}`;
    const label = `${wanted} ${info.resource} avec ${base.selector}`;
    return n >= min && n <= max
      ? pass(`${n} ${info.resource} avec ${base.selector}`)
      : fail(expectedFound(label, `${n}`));
  });
}
