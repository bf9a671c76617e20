/**
 * Small helpers for defaulting plain JSON objects in place (the defaulters work on a private deep copy).
 */
import { Quantity } from '../../machinery/quantity';

/** JsonObject is a mutable JSON object. */
export type JsonObject = Record<string, unknown>;

/** isObject tells whether a value is a non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** child returns obj[key] as an object, creating `{}` when absent (like defaulting a nil pointer struct). */
export function child(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  if (isObject(value)) return value;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** existing returns obj[key] when it is an object, without creating it. */
export function existing(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isObject(value) ? value : undefined;
}

/** objects returns the object elements of obj[key] when it is an array. */
export function objects(obj: JsonObject | undefined, key: string): JsonObject[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** isUnset tells whether a field counts as unset for defaulting: absent, null, or Go's zero string. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** setDefault assigns obj[key] = value when the field is unset. */
export function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (isUnset(obj[key])) obj[key] = value;
}

/** setDefaultPointer assigns only when absent or null: for pointer fields where "" is a real value. */
export function setDefaultPointer(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/**
 * defaultResourceList canonicalises every quantity of a ResourceList and rounds it up to milli precision
 * (SetDefaults_ResourceList), e.g. `0.5` → `500m`, `1024Mi` → `1Gi`. Unparsable values are left for
 * validation to report.
 */
export function defaultResourceList(list: unknown): void {
  if (!isObject(list)) return;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    try {
      list[name] = Quantity.parse(value).roundUp(-3).toString();
    } catch {
      // Keep the raw value: validation reports it with the field path.
    }
  }
}
