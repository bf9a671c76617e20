/**
 * Schema-aware walks over objects for server-side apply, after structured-merge-diff's typed package:
 * the field set an object sets (ToFieldSet), the comparison of two objects (Compare), the merge of an
 * applied configuration into a live object (Merge) and the removal of fields an applier gave up (prune).
 * Lists follow their SSA list type: `map` items are keyed by their list-map keys, `set` items by value,
 * anything else is atomic and owned as one field.
 */
import { deepClone, deepEqual, isPlainObject } from './errors';
import { FieldSet, fieldElement, type PathElement } from './field-set';
import type { FieldMeta, PatchSchema } from './schema';

type JsonMap = Record<string, unknown>;

const NO_META: FieldMeta = {};

/** listItemElement returns the path element of a list item, or undefined when the list must be atomic. */
export function listItemElement(item: unknown, meta: FieldMeta): PathElement | undefined {
  if (meta.listType === 'set')
    return isPlainObject(item) || Array.isArray(item) ? undefined : `v:${JSON.stringify(item)}`;
  if (meta.listType !== 'map' || !isPlainObject(item)) return undefined;
  const key: JsonMap = {};
  for (const name of [...(meta.listMapKeys ?? [])].sort()) {
    const value = Object.hasOwn(item, name) ? item[name] : meta.keyDefaults?.[name];
    if (value !== undefined && value !== null) key[name] = value;
  }
  return Object.keys(key).length > 0 ? `k:${JSON.stringify(key)}` : undefined;
}

/** itemElements returns the path elements of the items of a keyed or set list, or undefined when it is atomic. */
function itemElements(list: unknown[], meta: FieldMeta): PathElement[] | undefined {
  if (meta.listType !== 'map' && meta.listType !== 'set') return undefined;
  const out: PathElement[] = [];
  for (const item of list) {
    const pe = listItemElement(item, meta);
    if (pe === undefined) return undefined;
    out.push(pe);
  }
  return out;
}

/**
 * toFieldSet returns the fields `value` sets: leaves, list items, and empty or null maps, as
 * structured-merge-diff's ToFieldSet does.
 */
export function toFieldSet(value: unknown, schema: PatchSchema): FieldSet {
  const set = new FieldSet();
  collect(value, NO_META, schema, [], set);
  return set;
}

function collect(
  value: unknown,
  meta: FieldMeta,
  schema: PatchSchema,
  path: PathElement[],
  set: FieldSet,
): void {
  if (isPlainObject(value)) {
    if (meta.atomic) {
      set.insert(path);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const lookup = schema.field(key);
      const childPath = [...path, fieldElement(key)];
      collect(child, lookup.meta, lookup.schema, childPath, set);
      if (child === null || (isPlainObject(child) && Object.keys(child).length === 0)) set.insert(childPath);
    }
  } else if (Array.isArray(value)) {
    const elements = itemElements(value, meta);
    if (!elements) {
      set.insert(path);
      return;
    }
    value.forEach((item, i) => {
      const itemPath = [...path, elements[i]];
      collect(item, NO_META, schema, itemPath, set);
      set.insert(itemPath);
    });
  } else {
    set.insert(path);
  }
}

/**
 * withZeroFields returns `value` completed with the zero-value fields its Go type always has (`spec: {}`,
 * `status: {}`, `containers: null`…), so that comparing two objects treats them as the API server does.
 */
export function withZeroFields(value: unknown, schema: PatchSchema): unknown {
  if (!isPlainObject(value)) return value;
  const out: JsonMap = { ...value };
  for (const [key, zero] of Object.entries(schema.zeroValue())) {
    if (!Object.hasOwn(out, key)) out[key] = zero;
    else if (isPlainObject(out[key])) out[key] = withZeroFields(out[key], schema.field(key).schema);
  }
  return out;
}

/** Comparison lists the fields added, modified and removed between two objects. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** compareObjects compares `lhs` (before) with `rhs` (after) field by field. */
export function compareObjects(lhs: unknown, rhs: unknown, schema: PatchSchema): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(lhs, rhs, NO_META, schema, [], c);
  return c;
}

/** isSame tells whether a comparison found no difference. */
export function isSame(c: Comparison): boolean {
  return c.added.empty() && c.modified.empty() && c.removed.empty();
}

function isEmptyish(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function compareNode(
  lhs: unknown,
  rhs: unknown,
  meta: FieldMeta,
  schema: PatchSchema,
  path: PathElement[],
  c: Comparison,
): void {
  const mapLike = (v: unknown) => v === undefined || v === null || isPlainObject(v);
  const listLike = (v: unknown) => v === undefined || v === null || Array.isArray(v);
  // Two empty or null containers compare as leaves, which keeps the null/empty distinction.
  if (!(isEmptyish(lhs) && isEmptyish(rhs))) {
    if ((isPlainObject(lhs) || isPlainObject(rhs)) && mapLike(lhs) && mapLike(rhs) && !meta.atomic) {
      const l = (isPlainObject(lhs) ? lhs : {}) as JsonMap;
      const r = (isPlainObject(rhs) ? rhs : {}) as JsonMap;
      for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
        const lookup = schema.field(key);
        const childPath = [...path, fieldElement(key)];
        const lv = Object.hasOwn(l, key) ? l[key] : undefined;
        const rv = Object.hasOwn(r, key) ? r[key] : undefined;
        compareNode(lv, rv, lookup.meta, lookup.schema, childPath, c);
        itemPresence(lv, rv, childPath, c);
      }
      return;
    }
    if ((Array.isArray(lhs) || Array.isArray(rhs)) && listLike(lhs) && listLike(rhs)) {
      const l = Array.isArray(lhs) ? lhs : [];
      const r = Array.isArray(rhs) ? rhs : [];
      const le = itemElements(l, meta);
      const re = itemElements(r, meta);
      if (le && re) {
        const lItems = new Map(le.map((pe, i) => [pe, l[i]]));
        const rItems = new Map(re.map((pe, i) => [pe, r[i]]));
        for (const pe of new Set([...le, ...re])) {
          const itemPath = [...path, pe];
          compareNode(lItems.get(pe), rItems.get(pe), NO_META, schema, itemPath, c);
          itemPresence(lItems.get(pe), rItems.get(pe), itemPath, c);
        }
        return;
      }
    }
  }
  if (lhs === undefined && rhs !== undefined) c.added.insert(path);
  else if (rhs === undefined && lhs !== undefined) c.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
}

/** itemPresence records a map entry or list item that appeared or disappeared as a whole. */
function itemPresence(lhs: unknown, rhs: unknown, path: PathElement[], c: Comparison): void {
  if (lhs === undefined && rhs !== undefined) c.added.insert(path);
  else if (rhs === undefined && lhs !== undefined) c.removed.insert(path);
}

/**
 * mergeApplied merges an applied configuration into a live object: maps and keyed lists merge item by
 * item (the applied value wins), atomic values are replaced, and a null in the configuration removes the
 * field. Neither input is mutated.
 */
export function mergeApplied(live: unknown, config: unknown, schema: PatchSchema): unknown {
  return mergeNode(live, config, NO_META, schema);
}

function mergeNode(lhs: unknown, rhs: unknown, meta: FieldMeta, schema: PatchSchema): unknown {
  if (rhs === undefined) return deepClone(lhs);
  if (isPlainObject(lhs) && isPlainObject(rhs) && !meta.atomic) {
    const out: JsonMap = { ...lhs };
    for (const [key, value] of Object.entries(rhs)) {
      if (value === null) {
        delete out[key];
        continue;
      }
      const lookup = schema.field(key);
      out[key] = mergeNode(lhs[key], value, lookup.meta, lookup.schema);
    }
    for (const key of Object.keys(out)) if (!Object.hasOwn(rhs, key)) out[key] = deepClone(out[key]);
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const le = itemElements(lhs, meta);
    const re = itemElements(rhs, meta);
    if (le && re) return mergeList(lhs, le, rhs, re, schema);
  }
  return stripNulls(rhs);
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isPlainObject(value)) return value;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}

/**
 * mergeList merges keyed lists like structured-merge-diff: live-only items keep their place, items of
 * the configuration come in the configuration's order, and shared items are merged.
 */
function mergeList(
  lhs: unknown[],
  le: PathElement[],
  rhs: unknown[],
  re: PathElement[],
  schema: PatchSchema,
): unknown[] {
  const lhsByPe = new Map(le.map((pe, i) => [pe, lhs[i]]));
  const rhsByPe = new Map(re.map((pe, i) => [pe, rhs[i]]));
  // Shared items in configuration order: the next one to place decides whether a live item may go now.
  const shared = re.filter((pe) => lhsByPe.has(pe));
  let sharedIndex = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const take = (pe: PathElement) => {
    done.add(pe);
    out.push(mergeNode(lhsByPe.get(pe), rhsByPe.get(pe), NO_META, schema));
    if (shared[sharedIndex] === pe) sharedIndex++;
  };
  let l = 0;
  let r = 0;
  while (l < le.length || r < re.length) {
    if (l < le.length && r < re.length) {
      if (le[l] === re[r]) {
        take(le[l]);
        l++;
        r++;
        continue;
      }
      const nextShared = shared[sharedIndex];
      if (rhsByPe.has(le[l]) && nextShared !== undefined && nextShared !== le[l]) {
        l++;
        continue;
      }
    }
    if (l < le.length) {
      const pe = le[l];
      if (!rhsByPe.has(pe)) {
        out.push(deepClone(lhs[l]));
        l++;
        continue;
      }
      if (done.has(pe)) {
        l++;
        continue;
      }
    }
    if (r < re.length) {
      take(re[r]);
      r++;
    }
  }
  return out;
}

/**
 * pruneFields removes from `obj` every field of `remove` that no manager in `owned` still holds at or
 * below it; maps left empty by the removal are dropped too. Returns a new object.
 */
export function pruneFields(obj: unknown, remove: FieldSet, owned: FieldSet, schema: PatchSchema): unknown {
  return pruneNode(deepClone(obj), NO_META, schema, [], remove, owned);
}

function pruneNode(
  value: unknown,
  meta: FieldMeta,
  schema: PatchSchema,
  path: PathElement[],
  remove: FieldSet,
  owned: FieldSet,
): unknown {
  if (isPlainObject(value) && !meta.atomic) {
    for (const key of Object.keys(value)) {
      const childPath = [...path, fieldElement(key)];
      if (remove.has(childPath) && !owned.hasAtOrBelow(childPath)) {
        delete value[key];
        continue;
      }
      if (!remove.hasAtOrBelow(childPath)) continue;
      const lookup = schema.field(key);
      const before = value[key];
      const after = pruneNode(before, lookup.meta, lookup.schema, childPath, remove, owned);
      if (
        isPlainObject(before) &&
        Object.keys(before).length > 0 &&
        isPlainObject(after) &&
        !Object.keys(after).length
      ) {
        if (!owned.hasAtOrBelow(childPath)) delete value[key];
      } else {
        value[key] = after;
      }
    }
    return value;
  }
  if (Array.isArray(value)) {
    const elements = itemElements(value, meta);
    if (!elements) return value;
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const itemPath = [...path, elements[i]];
      if (remove.has(itemPath) && !owned.hasAtOrBelow(itemPath)) return;
      out.push(remove.hasAtOrBelow(itemPath) ? pruneItem(item, meta, schema, itemPath, remove, owned) : item);
    });
    return out;
  }
  return value;
}

/** pruneItem prunes inside a kept list item but never removes its key fields. */
function pruneItem(
  item: unknown,
  meta: FieldMeta,
  schema: PatchSchema,
  path: PathElement[],
  remove: FieldSet,
  owned: FieldSet,
): unknown {
  if (!isPlainObject(item)) return item;
  const keys = meta.listMapKeys ?? [];
  const kept: JsonMap = {};
  for (const k of keys) if (Object.hasOwn(item, k)) kept[k] = item[k];
  const pruned = pruneNode(item, NO_META, schema, path, remove, owned) as JsonMap;
  return { ...kept, ...pruned };
}
