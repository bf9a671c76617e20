/**
 * managedFields entries as a map of managers to field sets, after k8s.io/apiserver's managedfields
 * internals: a manager is identified by name, operation, subresource and (for Update only) API version;
 * entries are encoded as `FieldsV1` and sorted Apply first, then by time, manager, version, subresource.
 */
import type { KubeObject, ManagedFieldsEntry } from '../../api/object';
import { FieldSet } from './field-set';

/** Manager is one decoded managedFields entry. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

/** managerId is the identity under which entries merge (time never counts, API version only for Update). */
export function managerId(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([
    m.manager,
    m.operation,
    m.operation === 'Update' ? m.apiVersion : '',
    m.subresource ?? '',
  ]);
}

/** decodeManagedFields reads `metadata.managedFields` into managers keyed by managerId. */
export function decodeManagedFields(
  entries: readonly ManagedFieldsEntry[] | undefined,
): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const entry of entries ?? []) {
    const m: Manager = {
      manager: entry.manager ?? '',
      operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: entry.apiVersion ?? '',
      subresource: entry.subresource || undefined,
      time: entry.time,
      fields: FieldSet.fromFieldsV1(entry.fieldsV1),
    };
    const id = managerId(m);
    const previous = out.get(id);
    out.set(id, previous ? { ...m, fields: previous.fields.union(m.fields) } : m);
  }
  return out;
}

/** encodeManagedFields writes managers back as sorted entries, dropping managers that own nothing. */
export function encodeManagedFields(managers: Map<string, Manager>): ManagedFieldsEntry[] {
  const list = [...managers.values()].filter((m) => !m.fields.empty());
  list.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const pt = p.time ? Date.parse(p.time) / 1000 : 0;
    const qt = q.time ? Date.parse(q.time) / 1000 : 0;
    if (pt !== qt) return pt - qt;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    return (p.subresource ?? '') < (q.subresource ?? '')
      ? -1
      : (p.subresource ?? '') > (q.subresource ?? '')
        ? 1
        : 0;
  });
  return list.map((m) => {
    const entry: ManagedFieldsEntry = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
    };
    if (m.time) entry.time = m.time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = m.fields.toFieldsV1();
    if (m.subresource) entry.subresource = m.subresource;
    return entry;
  });
}

/** withManagedFields returns `obj` with `metadata.managedFields` set (removed when empty). */
export function withManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): KubeObject {
  const metadata = { ...obj.metadata };
  if (entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  return { ...obj, metadata };
}

/** formatTime renders a metav1.Time (RFC 3339, whole seconds, UTC). */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** printManager renders a manager in conflict messages: `"kubectl-edit" using apps/v1`. */
export function printManager(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}
