/**
 * Client-side patching, for `kubectl patch --local` / `--dry-run=client` (getPatchedJSON in kubectl):
 * a JSON merge patch (RFC 7386), a JSON patch (RFC 6902) and a strategic merge patch driven by the
 * OpenAPI merge keys of PatchSchema (`$patch: delete|replace`, `$setElementOrder` and `$retainKeys`).
 */
import { PatchSchema } from './patch-schema';

type Json = unknown;
type JsonMap = Record<string, unknown>;

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** applyMergePatch is jsonpatch.MergePatch: maps merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(doc: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(doc) ? { ...doc } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

/** JsonPatchError is a failed JSON patch operation (kubectl prints its message). */
export class JsonPatchError extends Error {}

/** applyJsonPatch applies RFC 6902 operations (add, remove, replace, move, copy, test) to a copy of doc. */
export function applyJsonPatch(doc: Json, patch: Json): Json {
  if (!Array.isArray(patch)) {
    throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  let root = structuredClone(doc);
  for (const raw of patch) {
    const op = raw as { op?: string; path?: string; from?: string; value?: unknown };
    const path = op.path ?? '';
    switch (op.op) {
      case 'add':
        root = put(root, path, structuredClone(op.value), true);
        break;
      case 'remove':
        root = removeAt(root, path);
        break;
      case 'replace':
        lookup(root, path);
        root = put(root, path, structuredClone(op.value), false);
        break;
      case 'move': {
        const value = lookup(root, op.from ?? '');
        root = put(removeAt(root, op.from ?? ''), path, value, true);
        break;
      }
      case 'copy':
        root = put(root, path, structuredClone(lookup(root, op.from ?? '')), true);
        break;
      case 'test':
        if (JSON.stringify(lookup(root, path)) !== JSON.stringify(op.value)) {
          throw new JsonPatchError(`testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op ?? ''}`);
    }
  }
  return root;
}

function tokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function lookup(root: Json, path: string): Json {
  let cur = root;
  for (const t of tokens(path)) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
    else if (isMap(cur) && t in cur) cur = cur[t];
    else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function put(root: Json, path: string, value: Json, insert: boolean): Json {
  const parts = tokens(path);
  if (parts.length === 0) return value;
  const last = parts.pop()!;
  const parent = lookup(root, parts.length === 0 ? '' : '/' + parts.join('/'));
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!/^\d+$/.test(last) && last !== '-') throw new JsonPatchError(`invalid array index: ${last}`);
    if (index > parent.length || (!insert && index >= parent.length)) {
      throw new JsonPatchError(`Unable to access invalid index: ${index}: invalid index referenced`);
    }
    if (insert) parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isMap(parent)) parent[last] = value;
  else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  return root;
}

function removeAt(root: Json, path: string): Json {
  const parts = tokens(path);
  const last = parts.pop();
  if (last === undefined) throw new JsonPatchError('unable to remove the document root');
  const parent = lookup(root, parts.length === 0 ? '' : '/' + parts.join('/'));
  if (Array.isArray(parent) && /^\d+$/.test(last) && Number(last) < parent.length) {
    parent.splice(Number(last), 1);
  } else if (isMap(parent) && last in parent) delete parent[last];
  else throw new JsonPatchError(`Unable to remove nonexistent key: ${last}: missing value`);
  return root;
}

/** applyStrategicMergePatch merges `patch` into `doc`, merging lists by their merge key. */
export function applyStrategicMergePatch(doc: Json, patch: Json, schema: PatchSchema): Json {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: JsonMap = isMap(doc) ? { ...doc } : {};
  const retain = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  if (retain) for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === '$retainKeys' ||
      key.startsWith('$setElementOrder/') ||
      key.startsWith('$deleteFromPrimitiveList/')
    ) {
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const meta = schema.field(key);
    const sub = meta.schema ?? PatchSchema.empty();
    if (Array.isArray(value) && Array.isArray(out[key]) && meta.strategies.includes('merge')) {
      out[key] = mergeList(out[key] as Json[], value, meta.mergeKey, sub);
    } else if (isMap(value)) {
      const merged = applyStrategicMergePatch(out[key], value, sub);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else out[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith('$deleteFromPrimitiveList/') || !Array.isArray(value)) continue;
    const field = key.slice('$deleteFromPrimitiveList/'.length);
    if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((v) => !value.includes(v));
  }
  return out;
}

function mergeList(
  current: Json[],
  patch: Json[],
  mergeKey: string | undefined,
  schema: PatchSchema,
): Json[] {
  const key = (v: Json) => (mergeKey ? (isMap(v) ? v[mergeKey] : undefined) : JSON.stringify(v));
  const merged = [...current];
  const patchKeys: unknown[] = [];
  for (const item of patch) {
    if (mergeKey && !isMap(item)) continue;
    const index = merged.findIndex((c) => key(c) === key(item));
    if (mergeKey && isMap(item) && item.$patch === 'delete') {
      if (index >= 0) merged.splice(index, 1);
      continue;
    }
    patchKeys.push(key(item));
    if (!mergeKey) {
      if (index < 0) merged.push(item);
    } else if (index >= 0) merged[index] = applyStrategicMergePatch(merged[index], item, schema);
    else merged.push(applyStrategicMergePatch(undefined, item, schema));
  }
  // Ordering as apimachinery's normalizeElementOrder: patch items in patch order, live-only items in live
  // order, a live-only item first only when it preceded the patch item in the live list.
  const liveKeys = current.map(key);
  const rank = (order: unknown[], v: Json) => {
    const i = order.indexOf(key(v));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const byRank = (order: unknown[]) => (a: Json, b: Json) => rank(order, a) - rank(order, b);
  const fromPatch = merged.filter((v) => patchKeys.includes(key(v))).sort(byRank(patchKeys));
  const liveOnly = merged.filter((v) => !patchKeys.includes(key(v))).sort(byRank(liveKeys));
  const out: Json[] = [];
  while (fromPatch.length > 0 || liveOnly.length > 0) {
    if (fromPatch.length === 0) out.push(liveOnly.shift());
    else if (liveOnly.length === 0) out.push(fromPatch.shift());
    else {
      const li = liveKeys.indexOf(key(liveOnly[0]));
      const ri = liveKeys.indexOf(key(fromPatch[0]));
      out.push(li >= 0 && ri >= 0 && li < ri ? liveOnly.shift() : fromPatch.shift());
    }
  }
  return out;
}
