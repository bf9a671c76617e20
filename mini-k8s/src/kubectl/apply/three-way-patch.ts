/**
 * createThreeWayMergePatch computes the strategic merge patch `kubectl apply` sends, following
 * apimachinery's strategicpatch.CreateThreeWayMergePatch: changes and additions from the live object to
 * the new manifest (deletions ignored), plus deletions of fields that the last-applied configuration had
 * and the manifest dropped; merging lists are diffed by merge key with `$setElementOrder` directives and
 * `$patch: delete` items; other lists are replaced whole.
 */
import type { PatchSchema } from './patch-schema';

type JsonMap = Record<string, unknown>;

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  setElementOrder: boolean;
}

/** createThreeWayMergePatch returns the patch (an empty object when nothing changes). */
export function createThreeWayMergePatch(
  original: JsonMap | undefined,
  modified: JsonMap,
  current: JsonMap,
  schema: PatchSchema,
): JsonMap {
  const delta = diffMaps(current, modified, schema, {
    ignoreDeletions: true,
    ignoreChangesAndAdditions: false,
    setElementOrder: true,
  });
  const deletions = diffMaps(original ?? {}, modified, schema, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: true,
    setElementOrder: false,
  });
  return mergePatches(deletions, delta, schema);
}

/** createTwoWayMergePatch is the patch from `original` to `modified` (used by edit). */
export function createTwoWayMergePatch(original: JsonMap, modified: JsonMap, schema: PatchSchema): JsonMap {
  return diffMaps(original, modified, schema, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: false,
    setElementOrder: true,
  });
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isMap(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  }
  return v;
}

function diffMaps(original: JsonMap, modified: JsonMap, schema: PatchSchema, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  for (const [key, modV] of Object.entries(modified)) {
    const origV = original[key];
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modV;
      continue;
    }
    const meta = schema.field(key);
    if (isMap(origV) && isMap(modV)) {
      if (meta.strategies.includes('replace')) {
        if (!opts.ignoreChangesAndAdditions && !deepEqual(origV, modV)) patch[key] = modV;
        continue;
      }
      const sub = diffMaps(origV, modV, meta.schema!, opts);
      if (Object.keys(sub).length > 0) patch[key] = sub;
      continue;
    }
    if (Array.isArray(origV) && Array.isArray(modV) && meta.strategies.includes('merge')) {
      diffLists(key, origV, modV, meta.mergeKey, meta.schema!, opts, patch);
      continue;
    }
    if (!deepEqual(origV, modV) && !opts.ignoreChangesAndAdditions) patch[key] = modV;
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  return patch;
}

function diffLists(
  key: string,
  original: unknown[],
  modified: unknown[],
  mergeKey: string | undefined,
  schema: PatchSchema,
  opts: DiffOptions,
  patch: JsonMap,
): void {
  const maps = modified.every(isMap) && original.every(isMap) && mergeKey !== undefined;
  if (!maps) {
    // A merging list of primitives (finalizers): additions, and deletions as $deleteFromPrimitiveList.
    const added = modified.filter((m) => !original.some((o) => deepEqual(o, m)));
    const removed = original.filter((o) => !modified.some((m) => deepEqual(o, m)));
    if (!opts.ignoreChangesAndAdditions && added.length > 0) patch[key] = added;
    if (!opts.ignoreDeletions && removed.length > 0) patch[`$deleteFromPrimitiveList/${key}`] = removed;
    if (opts.setElementOrder && (added.length > 0 || removed.length > 0))
      patch[`$setElementOrder/${key}`] = modified;
    return;
  }
  const items: unknown[] = [];
  const origMaps = original as JsonMap[];
  const modMaps = modified as JsonMap[];
  for (const m of modMaps) {
    const o = origMaps.find((x) => deepEqual(x[mergeKey], m[mergeKey]));
    if (!o) {
      if (!opts.ignoreChangesAndAdditions) items.push(m);
      continue;
    }
    const sub = diffMaps(o, m, schema, opts);
    if (Object.keys(sub).length > 0) items.push({ ...sub, [mergeKey]: m[mergeKey] });
  }
  if (!opts.ignoreDeletions) {
    for (const o of origMaps) {
      if (!modMaps.some((m) => deepEqual(m[mergeKey], o[mergeKey]))) {
        items.push({ [mergeKey]: o[mergeKey], $patch: 'delete' });
      }
    }
  }
  if (items.length === 0) return;
  patch[key] = items;
  if (opts.setElementOrder)
    patch[`$setElementOrder/${key}`] = modMaps.map((m) => ({ [mergeKey]: m[mergeKey] }));
}

/** mergePatches combines the deletions patch with the changes patch (lists merged by merge key). */
function mergePatches(a: JsonMap, b: JsonMap, schema: PatchSchema): JsonMap {
  const out: JsonMap = { ...a };
  for (const [key, bv] of Object.entries(b)) {
    const av = out[key];
    if (isMap(av) && isMap(bv)) out[key] = mergePatches(av, bv, schema.field(key).schema!);
    else if (Array.isArray(av) && Array.isArray(bv)) {
      const mergeKey = schema.field(key).mergeKey;
      const merged: unknown[] = [...av];
      for (const item of bv) {
        const idx =
          mergeKey && isMap(item)
            ? merged.findIndex((x) => isMap(x) && deepEqual(x[mergeKey], item[mergeKey]))
            : -1;
        if (idx >= 0)
          merged[idx] = mergePatches(merged[idx] as JsonMap, item as JsonMap, schema.field(key).schema!);
        else merged.push(item);
      }
      out[key] = merged;
    } else out[key] = bv;
  }
  return out;
}
