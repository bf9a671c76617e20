/**
 * Small object helpers shared by the registry: deep copies, semantic equality, timestamps and the
 * comparisons that decide generation bumps and no-op writes.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object';

/** clone returns a deep copy of a JSON value (registry objects are plain JSON). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** rfc3339 renders a time as Kubernetes' metav1.Time: RFC 3339 with second precision, UTC (`2026-01-02T03:04:05Z`). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** rfc3339Micro renders metav1.MicroTime: RFC 3339 with six fractional digits. */
export function rfc3339Micro(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** newUid returns a fresh metadata.uid (uuid v4, as kube-apiserver generates). */
export function newUid(): string {
  return randomUUID();
}

/**
 * semanticEqual compares two JSON values the way apiequality.Semantic.DeepEqual does for decoded objects:
 * key order is irrelevant and an absent key equals an explicit undefined.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (!semanticEqual(ra[k], rb[k])) return false;
  }
  return true;
}

/** withoutKeys returns a shallow copy of obj without the listed top-level keys. */
function withoutKeys(obj: KubeObject, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

/**
 * specChanged tells whether anything outside metadata and status differs (spec, data, rules, ...): the
 * rule for bumping metadata.generation on kinds that track it.
 */
export function specChanged(next: KubeObject, old: KubeObject): boolean {
  return !semanticEqual(
    withoutKeys(next, ['metadata', 'status', 'apiVersion', 'kind']),
    withoutKeys(old, ['metadata', 'status', 'apiVersion', 'kind']),
  );
}

/**
 * sameIgnoringManagedFields tells whether two objects are equal apart from metadata.managedFields and
 * metadata.resourceVersion: such a write is a no-op and keeps the current resourceVersion (the field
 * manager does not refresh timestamps of unchanged objects either).
 */
export function sameIgnoringManagedFields(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const meta: Record<string, unknown> = { ...o.metadata };
    delete meta.managedFields;
    delete meta.resourceVersion;
    return { ...o, metadata: meta };
  };
  return semanticEqual(strip(a), strip(b));
}

/** asRecord narrows an unknown JSON value to an object map (or undefined). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** recordAt returns obj[key] as an object map, creating it when absent. */
export function ensureRecord(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = asRecord(obj[key]);
  if (existing) return existing;
  const created: Record<string, unknown> = {};
  obj[key] = created;
  return created;
}

/** specOf returns obj.spec as an object map (empty when absent). */
export function specOf(obj: KubeObject): Record<string, unknown> {
  return asRecord(obj.spec) ?? {};
}

/** statusOf returns obj.status as an object map (empty when absent). */
export function statusOf(obj: KubeObject): Record<string, unknown> {
  return asRecord(obj.status) ?? {};
}
