/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the PATCH body of `kubectl apply`
 * (client-side), `set image`, `edit`, `taint`, `cordon`, `rollout restart` and `kubectl patch` by default.
 * The algorithm follows k8s.io/apimachinery pkg/util/strategicpatch (the "apply" half: mergeMap,
 * mergeSlice, $setElementOrder normalisation); merge keys and strategies come from a PatchSchema.
 *
 * Deliberate differences from upstream, all on inputs kubectl never sends: values added where the live
 * object had nothing are cleaned of directives and nulls instead of being copied verbatim, and a
 * `$deleteFromPrimitiveList` for an absent list is a no-op.
 */
import {
  badRequest,
  deepClone,
  goFormat,
  goTypeName,
  internal,
  isPlainObject,
  jsonKindName,
  unprocessable,
} from './errors';
import type { FieldLookup, PatchSchema } from './schema';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER_PREFIX = '$setElementOrder';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList';

type JsonMap = Record<string, unknown>;

/**
 * applyStrategicMergePatch returns `doc` with the strategic merge `patch` applied, using `schema` (see
 * patchSchemaFor) for merge keys and strategies. Inputs are not mutated. Throws StatusError: 400 for a
 * malformed patch (not an object, bad directive format), 422 for lists of lists, 500 with the Go error
 * text for other failures (missing merge key, unknown `$patch` value), as the API server does.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: PatchSchema): unknown {
  if (!isPlainObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  const original = isPlainObject(doc) ? deepClone(doc) : {};
  return mergeMap(original, deepClone(patch), schema);
}

/** mergeMap merges `patch` into `original` (both owned by the caller, both may be mutated). */
function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return mergeMap({}, patch, schema);
    }
    if (directive === 'delete') return {};
    throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);

  for (const [rawKey, patchValue] of Object.entries(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      key = extractKey(rawKey, DELETE_PRIMITIVE_PREFIX);
      isDeleteList = true;
    }
    // A null deletes the key; nulls for keys the original lacks are dropped (IgnoreUnmatchedNulls).
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const lookup = schema.field(key);
    if (!Object.hasOwn(original, key)) {
      if (!isDeleteList) original[key] = cleanValue(patchValue, lookup);
      continue;
    }
    const current = original[key];
    if (isPlainObject(current) && isPlainObject(patchValue)) {
      original[key] =
        lookup.meta.strategy === 'replace'
          ? cleanValue(patchValue, lookup)
          : mergeMap(current, patchValue, lookup.schema);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      original[key] =
        lookup.meta.strategy === 'merge'
          ? mergeSlice(current, patchValue, lookup.schema, lookup.meta.mergeKey ?? '', isDeleteList)
          : patchValue;
    } else if (!isDeleteList) {
      // Different JSON types, or scalars: the patch value wins.
      original[key] = cleanValue(patchValue, lookup);
    }
  }
  return original;
}

/** cleanValue prepares a patch value that has nothing to merge with: directives and nulls are removed. */
function cleanValue(value: unknown, lookup: FieldLookup): unknown {
  if (isPlainObject(value)) return mergeMap({}, value, lookup.schema);
  if (Array.isArray(value) && lookup.meta.strategy === 'merge') {
    const out: unknown[] = [];
    for (const item of value) {
      if (!isPlainObject(item)) {
        out.push(item);
      } else if (item[DIRECTIVE] !== 'delete' && item[DIRECTIVE] !== 'replace') {
        out.push(mergeMap({}, item, lookup.schema));
      }
    }
    return out;
  }
  return value;
}

/** applyRetainKeys handles `$retainKeys`: keys of `original` it does not list are cleared. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set<unknown>(list);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_PRIMITIVE_PREFIX) || key.startsWith(SET_ORDER_PREFIX))
      continue;
    // Every field the patch sets must be listed, otherwise the patch contradicts itself.
    if (!keep.has(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) delete original[key];
  }
}

/**
 * applySetElementOrder handles each `$setElementOrder/<field>`: the field's list is merged with the patch
 * list, then ordered with precedence $setElementOrder > patch order > live order (mergePatchIntoOriginal).
 */
function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER_PREFIX)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order))
      throw internal(`expected a []interface {}, but received a ${goTypeName(order)}`);
    const field = extractKey(key, SET_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = foundOriginal ? asList(original[field]) : [];
    const patchList = foundPatch ? asList(patch[field]) : [];
    const lookup = schema.field(field);
    const mergeKey = lookup.meta.mergeKey ?? '';
    validatePatchWithSetOrderList(patchList, order, mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) {
      merged = originalList;
    } else if (!foundOriginal && foundPatch) {
      merged = cleanValue(patchList, lookup) as unknown[];
    } else if (foundOriginal && foundPatch) {
      merged =
        lookup.meta.strategy === 'merge'
          ? mergeSlice(originalList, patchList, lookup.schema, mergeKey, false)
          : patchList;
    } else {
      continue;
    }
    delete patch[field];
    if (originalList.length === 0 && patchList.length === 0) {
      original[field] = merged;
      continue;
    }
    const isMap = sliceElementKind(originalList, patchList) === 'map';
    const [patchItems, serverOnly] = isMap
      ? partitionMaps(merged, order, mergeKey)
      : partitionPrimitives(merged, order);
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, isMap);
  }
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw internal(`expected a []interface {}, but received a ${goTypeName(value)}`);
  return value;
}

/** extractKey strips `<prefix>/` from a directive key (`$setElementOrder/containers` → `containers`). */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(
      prefix === DELETE_PRIMITIVE_PREFIX
        ? 'invalid patch format of primitive list'
        : 'invalid patch format of setElementOrder list',
    );
  }
  return key.slice(slash + 1);
}

/** validatePatchWithSetOrderList checks the patch list is in the relative order of the $setElementOrder list. */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey
    ? patchList.filter((item) => !(isPlainObject(item) && item[DIRECTIVE] === 'delete'))
    : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    if (isPlainObject(nonDelete[p]) && Object.hasOwn(nonDelete[p] as JsonMap, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw internal(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ORDER_PREFIX} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  return mergeKeyValue(left, mergeKey) === mergeKeyValue(right, mergeKey);
}

/** mergeKeyValue returns an item's merge key value, failing like upstream when it has none. */
function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isPlainObject(item))
    throw internal(`expected a map[string]interface {}, but received a ${goTypeName(item)}`);
  if (!Object.hasOwn(item, mergeKey)) {
    throw internal(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
  }
  return item[mergeKey];
}

/** mergeSlice merges two lists with the `merge` strategy (by merge key, or as a set of primitives). */
function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemSchema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  if (kind !== 'map') {
    if (isDeleteList) {
      const remove = new Set(patch);
      return original.filter((item) => !remove.has(item));
    }
    const merged = [...new Set([...original, ...patch])];
    const [patchItems, serverOnly] = partitionPrimitives(merged, patch);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, '', false);
  }
  if (!mergeKey) throw internal('cannot merge lists without merge key for type struct');
  const [remaining, patchItemsOnly] = applyListDirectives(original, patch, mergeKey, itemSchema);
  const merged = [...remaining];
  for (const item of patchItemsOnly) {
    const value = mergeKeyValue(item, mergeKey);
    const index = merged.findIndex(
      (o) => isPlainObject(o) && Object.hasOwn(o, mergeKey) && o[mergeKey] === value,
    );
    if (index >= 0) merged[index] = mergeMap(merged[index] as JsonMap, item as JsonMap, itemSchema);
    else merged.push(mergeMap({}, item as JsonMap, itemSchema));
  }
  const [patchItems, serverOnly] = partitionMaps(merged, patchItemsOnly, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patchItemsOnly, remaining, mergeKey, true);
}

/**
 * applyListDirectives handles list items carrying `$patch`: `delete` removes the live items with that merge
 * key, `replace` makes the patch items the whole list. Returns the remaining live items and the plain
 * patch items.
 */
function applyListDirectives(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  itemSchema: PatchSchema,
): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let remaining = original;
  let replace = false;
  for (const item of patch) {
    const map = item as JsonMap;
    if (!Object.hasOwn(map, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    switch (map[DIRECTIVE]) {
      case 'delete': {
        const value = mergeKeyValue(map, mergeKey);
        remaining = remaining.filter(
          (o) => !(isPlainObject(o) && Object.hasOwn(o, mergeKey) && o[mergeKey] === value),
        );
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw internal('merging lists cannot yet be specified in the patch');
      default:
        throw internal(`unknown patch type: ${goFormat(map[DIRECTIVE])} in map: ${goFormat(map)}`);
    }
  }
  if (replace) return [plain.map((item) => mergeMap({}, item as JsonMap, itemSchema)), []];
  return [remaining, plain];
}

type ElementKind = 'map' | 'list' | 'string' | 'number' | 'boolean' | 'null';

/** sliceElementKind returns the common kind of the items of the lists (upstream sliceElementType). */
function sliceElementKind(...lists: unknown[][]): ElementKind {
  let kind: ElementKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k: ElementKind =
        item === null
          ? 'null'
          : Array.isArray(item)
            ? 'list'
            : isPlainObject(item)
              ? 'map'
              : (typeof item as 'string' | 'number' | 'boolean');
      if (kind === undefined) {
        if (k === 'list') throw unprocessable('lists of lists are not supported');
        kind = k;
      } else if (kind !== k) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (kind === undefined) throw internal('no elements in any of the given slices');
  return kind;
}

function partitionPrimitives(items: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const inBy = new Set(by);
  return [items.filter((v) => inBy.has(v)), items.filter((v) => !inBy.has(v))];
}

function partitionMaps(items: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const keys = new Set(by.filter(isPlainObject).map((m) => m[mergeKey]));
  const inBy: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of items) {
    (keys.has(mergeKeyValue(item, mergeKey)) ? inBy : serverOnly).push(item);
  }
  return [inBy, serverOnly];
}

/**
 * normalizeElementOrder sorts the patch items by `patchOrder` and the server-only items by `serverOrder`,
 * then interleaves them: a server-only item goes before a patch item only when it preceded it live.
 */
function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, isMap);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      out.push(right[j++]);
    } else if (j >= right.length) {
      out.push(left[i++]);
    } else {
      const li = indexIn(serverOrder, left[i], mergeKey, isMap);
      const ri = indexIn(serverOrder, right[j], mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** normalizeSliceOrder stably sorts items by their position in `order`; `$patch: delete` items go last. */
function normalizeSliceOrder(
  items: unknown[],
  order: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  let toSort = items;
  let toDelete: unknown[] = [];
  if (isMap) {
    for (const item of [...items, ...order]) mergeKeyValue(item, mergeKey);
    toSort = items.filter((item) => (item as JsonMap)[DIRECTIVE] !== 'delete');
    toDelete = items.filter((item) => (item as JsonMap)[DIRECTIVE] === 'delete');
  }
  const ranked = toSort.map((item, position) => ({
    item,
    position,
    rank: indexIn(order, item, mergeKey, isMap),
  }));
  ranked.sort((a, b) => {
    const ra = a.rank < 0 ? Number.MAX_SAFE_INTEGER : a.rank;
    const rb = b.rank < 0 ? Number.MAX_SAFE_INTEGER : b.rank;
    return ra - rb || a.position - b.position;
  });
  return [...ranked.map((r) => r.item), ...toDelete];
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, isMap: boolean): number {
  if (!isMap) return list.indexOf(item);
  const value = isPlainObject(item) ? item[mergeKey] : undefined;
  return list.findIndex((candidate) => isPlainObject(candidate) && candidate[mergeKey] === value);
}
