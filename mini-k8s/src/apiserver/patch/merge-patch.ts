/**
 * JSON merge patch (RFC 7386), the `application/merge-patch+json` PATCH body used by `kubectl label`,
 * `kubectl annotate`, `kubectl scale` and `kubectl patch --type=merge`.
 */
import { deepClone, isPlainObject } from './errors';

/**
 * applyMergePatch returns `doc` with `patch` merged in: objects merge key by key, `null` deletes a key,
 * anything else (arrays included) replaces. A patch that is not an object replaces the whole document.
 * Neither argument is mutated.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return deepClone(patch);
  const out: Record<string, unknown> = isPlainObject(doc) ? { ...doc } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = applyMergePatch(out[key], value);
    }
  }
  // Keys copied from `doc` are shared with it until here; clone them so the result owns its data.
  for (const key of Object.keys(out)) {
    if (!Object.hasOwn(patch, key)) out[key] = deepClone(out[key]);
  }
  return out;
}
