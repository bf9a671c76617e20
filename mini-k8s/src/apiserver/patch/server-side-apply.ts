/**
 * Server-side apply and managedFields bookkeeping, after k8s.io/apiserver's fieldmanager over
 * sigs.k8s.io/structured-merge-diff:
 * - serverSideApply merges an applied configuration into the live object, records the applier's fields
 *   (an `Apply` entry), removes fields the applier stopped applying unless another manager owns them,
 *   and fails with 409 Conflict when it would change a field another manager owns (unless forced).
 * - updateManagedFields records the fields a create, update or patch changed as an `Update` entry of the
 *   request's field manager, taking them away from other managers.
 * The metadata that no manager owns (name, namespace, uid, resourceVersion, generation, creationTimestamp,
 * managedFields) is stripped, and so is `status` for the main resource and `spec` for `/status` writes.
 */
import type { KubeObject } from '../../api/object';
import { StatusError, type StatusCause } from '../../machinery/errors';
import { badRequest, isPlainObject } from './errors';
import { FieldSet, pathToString, type PathElement } from './field-set';
import {
  compareObjects,
  isSame,
  mergeApplied,
  pruneFields,
  toFieldSet,
  withZeroFields,
  type Comparison,
} from './field-walk';
import {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  managerId,
  printManager,
  withManagedFields,
  type Manager,
} from './managed-fields';
import type { PatchSchema } from './schema';

/** LAST_APPLIED_ANNOTATION is the client-side apply annotation kubectl maintains. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** BEFORE_FIRST_APPLY_MANAGER owns the fields of an object that had no managedFields when first applied. */
export const BEFORE_FIRST_APPLY_MANAGER = 'before-first-apply';

/** ApplyOptions are the parameters of an apply PATCH. */
export interface ApplyOptions {
  /** fieldManager of the request (kubectl uses `kubectl`). */
  manager: string;
  /** force=true: take the conflicting fields over from their managers. */
  force: boolean;
  /** apiVersion of the request (`apps/v1`), recorded in the entry. */
  apiVersion: string;
  now: Date;
  schema: PatchSchema;
  /** Subresource written (`status`), if any. */
  subresource?: string;
}

/** UpdateOptions are the parameters of a create, update or non-apply patch. */
export interface UpdateOptions {
  manager: string;
  operation: 'Update';
  apiVersion: string;
  now: Date;
  subresource?: string;
  schema: PatchSchema;
}

const STRIPPED = FieldSet.fromPaths(
  [
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'selfLink'],
    ['metadata', 'uid'],
    ['metadata', 'clusterName'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
    ['metadata', 'resourceVersion'],
  ].map((path) => path.map((name) => `f:${name}`)),
);

/** ignoredFields are the fields the write's strategy resets, which nobody can own through it. */
function ignoredFields(subresource: string | undefined): FieldSet {
  if (subresource === 'status') return FieldSet.fromPaths([['f:spec']]);
  if (subresource) return new FieldSet();
  return FieldSet.fromPaths([['f:status']]);
}

/** ownable keeps the fields a manager can own. */
function ownable(set: FieldSet, ignored: FieldSet): FieldSet {
  return set.recursiveDifference(ignored).difference(STRIPPED);
}

function filterComparison(c: Comparison, ignored: FieldSet): Comparison {
  return {
    added: ownable(c.added, ignored),
    modified: ownable(c.modified, ignored),
    removed: ownable(c.removed, ignored),
  };
}

/** content returns the object without its managedFields (they are never compared or merged). */
function content(obj: KubeObject): KubeObject {
  const metadata = { ...(obj.metadata ?? {}) };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

/**
 * serverSideApply returns the live object (undefined when the apply creates it) with the applied
 * configuration merged in and `metadata.managedFields` updated. Throws 409 Conflict (reason Conflict,
 * causes of reason FieldManagerConflict) when a changed field belongs to another manager and `force` is
 * false; for the `kubectl` manager, fields whose live value still equals the last-applied annotation are
 * taken over silently, as the API server does to upgrade client-side apply. When nothing changes, the
 * live object is returned as it was (the applier's entry keeps its time).
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  options: ApplyOptions,
): KubeObject {
  if (applied.metadata?.managedFields !== undefined && applied.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const { schema } = options;
  const ignored = ignoredFields(options.subresource);
  const managers = live ? decodeManagedFields(live.metadata?.managedFields) : new Map<string, Manager>();
  if (live && managers.size === 0) {
    // An object written before fields were tracked: its fields belong to a synthetic manager.
    const fields = ownable(toFieldSet(content(live), schema), ignored);
    const m: Manager = {
      manager: BEFORE_FIRST_APPLY_MANAGER,
      operation: 'Update',
      apiVersion: options.apiVersion,
      fields,
    };
    if (!fields.empty()) managers.set(managerId(m), m);
  }

  const liveContent = live ? content(live) : undefined;
  const appliedSet = ownable(toFieldSet(applied, schema), ignored);
  const applier: Manager = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    subresource: options.subresource,
    fields: appliedSet,
  };
  const applierId = managerId(applier);
  const lastSet = managers.get(applierId)?.fields;
  applier.time = managers.get(applierId)?.time;
  managers.set(applierId, applier);

  let merged = mergeApplied(liveContent ?? {}, applied, schema) as KubeObject;
  if (lastSet && !lastSet.empty()) {
    // Fields applied last time but not now go away, unless some manager (this one included) still owns them.
    let owned = new FieldSet();
    for (const m of managers.values()) owned = owned.union(m.fields);
    merged = pruneFields(merged, lastSet, owned, schema) as KubeObject;
  }

  const comparison = filterComparison(
    compareObjects(withZeroFields(liveContent ?? {}, schema), withZeroFields(merged, schema), schema),
    ignored,
  );
  const changed = comparison.modified.union(comparison.added);
  let conflicts = findConflicts(managers, applierId, changed);
  if (conflicts.length > 0 && !options.force) {
    conflicts = withoutLastAppliedConflicts(conflicts, live, options);
    if (conflicts.length > 0) throw conflictError(conflicts);
    conflicts = findConflicts(managers, applierId, changed);
  }
  for (const { id, fields } of conflicts) {
    const m = managers.get(id) as Manager;
    managers.set(id, { ...m, fields: m.fields.difference(fields) });
  }
  for (const [id, m] of managers) {
    if (id !== applierId && !comparison.removed.empty())
      managers.set(id, { ...m, fields: m.fields.difference(comparison.removed) });
  }

  const noop = live !== undefined && isSame(comparison);
  if (!noop) applier.time = formatTime(options.now);
  const entries = encodeManagedFields(managers);
  return withManagedFields(noop ? (liveContent as KubeObject) : merged, entries);
}

/** updateManagedFields returns `next` with the `Update` entry of the manager recording what changed from `live`. */
export function updateManagedFields(
  live: KubeObject | undefined,
  next: KubeObject,
  options: UpdateOptions,
): KubeObject {
  const { schema } = options;
  const ignored = ignoredFields(options.subresource);
  // Managed fields sent by the client replace the live ones (main resource only), as upstream allows.
  const sent = next.metadata?.managedFields;
  const managers =
    sent && sent.length > 0 && !options.subresource
      ? decodeManagedFields(sent)
      : decodeManagedFields(live?.metadata?.managedFields);

  const after = content(next);
  const comparison = filterComparison(
    compareObjects(withZeroFields(live ? content(live) : {}, schema), withZeroFields(after, schema), schema),
    ignored,
  );
  const changed = comparison.modified.union(comparison.added);
  for (const [id, m] of managers) {
    managers.set(id, { ...m, fields: m.fields.difference(changed).difference(comparison.removed) });
  }
  if (!changed.empty()) {
    const current: Manager = {
      manager: options.manager,
      operation: 'Update',
      apiVersion: options.apiVersion,
      subresource: options.subresource,
      time: formatTime(options.now),
      fields: changed,
    };
    const id = managerId(current);
    const previous = managers.get(id);
    managers.set(id, previous ? { ...current, fields: previous.fields.union(changed) } : current);
  }
  return withManagedFields(after, encodeManagedFields(managers));
}

interface ConflictSet {
  id: string;
  manager: Manager;
  fields: FieldSet;
}

function findConflicts(managers: Map<string, Manager>, applierId: string, changed: FieldSet): ConflictSet[] {
  const out: ConflictSet[] = [];
  for (const [id, m] of managers) {
    if (id === applierId) continue;
    const fields = m.fields.intersection(changed);
    if (!fields.empty()) out.push({ id, manager: m, fields });
  }
  return out;
}

/**
 * withoutLastAppliedConflicts drops the conflicts a `kubectl` applier may take over because the live value
 * still matches the client-side last-applied configuration (apiserver lastAppliedManager).
 */
function withoutLastAppliedConflicts(
  conflicts: ConflictSet[],
  live: KubeObject | undefined,
  options: ApplyOptions,
): ConflictSet[] {
  if (options.manager !== 'kubectl' || !live) return conflicts;
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return conflicts;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return conflicts;
  }
  if (!isPlainObject(lastApplied) || lastApplied.apiVersion !== options.apiVersion) return conflicts;
  const comparison = compareObjects(lastApplied, content(live), options.schema);
  const allowed = toFieldSet(lastApplied, options.schema)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
  return conflicts
    .map((c) => ({ ...c, fields: c.fields.difference(allowed) }))
    .filter((c) => !c.fields.empty());
}

/** conflictError builds the 409 the API server returns for apply conflicts (internal/conflict.go). */
function conflictError(conflicts: ConflictSet[]): StatusError {
  const sorted = [...conflicts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const flat: { manager: Manager; path: PathElement[] }[] = [];
  for (const c of sorted) for (const path of c.fields.paths()) flat.push({ manager: c.manager, path });
  const causes: StatusCause[] = flat.map(({ manager, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(manager)}`,
    field: pathToString(path),
  }));
  let message: string;
  if (flat.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(flat[0].manager)}: ${pathToString(flat[0].path)}`;
  } else {
    const lines: string[] = [];
    for (const c of sorted) {
      lines.push(`conflicts with ${printManager(c.manager)}:`);
      for (const path of c.fields.paths()) lines.push(`- ${pathToString(path)}`);
    }
    message = `Apply failed with ${flat.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}
