/**
 * Helpers for generators whose server answer kubectl decodes with a typed client: the printed object then
 * follows the Go struct field order (what `-o json` shows) and carries the Go zero values of fields without
 * omitempty.
 */

/** OBJECT_META_ORDER is metav1.ObjectMeta's field order. */
const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** ordered copies `obj` with the keys of `order` first, in that order. */
export function ordered(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in obj) out[key] = obj[key];
  for (const key of Object.keys(obj)) if (!(key in out)) out[key] = obj[key];
  return out;
}

/** typedObject orders kind, apiVersion, metadata (ObjectMeta order), then `fields`, then anything else. */
export function typedObject(obj: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out = ordered(obj, ['kind', 'apiVersion', 'metadata', ...fields]);
  out.metadata = ordered(obj.metadata as Record<string, unknown>, OBJECT_META_ORDER);
  return out;
}
