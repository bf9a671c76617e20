/**
 * apiserver/patch: the pure functions behind PATCH and managedFields — JSON patch, JSON merge patch,
 * strategic merge patch with its per-kind schema, server-side apply and `Update` managedFields entries.
 */
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic-merge';
export { patchSchemaFor, schemaOfType, EMPTY_SCHEMA } from './schema';
export type { FieldLookup, FieldMeta, PatchSchema } from './schema';
export {
  serverSideApply,
  updateManagedFields,
  LAST_APPLIED_ANNOTATION,
  BEFORE_FIRST_APPLY_MANAGER,
} from './server-side-apply';
export type { ApplyOptions, UpdateOptions } from './server-side-apply';
export { FieldSet, pathToString } from './field-set';
export { PatchError, GENERIC_422_MESSAGE } from './errors';
