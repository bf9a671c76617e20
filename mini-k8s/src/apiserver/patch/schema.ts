/**
 * PatchSchema: the per-field merge metadata that strategic merge patch and server-side apply need,
 * i.e. what k8s.io/api carries as struct tags (`patchStrategy`, `patchMergeKey`) and OpenAPI extensions
 * (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`). The facts live in
 * one table of named types (schema-types.ts) so a type reused by several kinds (PodSpec, ObjectMeta,
 * LabelSelector…) is described once.
 */
import { KIND_ROOTS, TYPES, type FieldDef } from './schema-types';

/** FieldMeta is the merge metadata of one field. Absent facts mean Kubernetes' defaults. */
export interface FieldMeta {
  /** SMP patchStrategy: 'merge' merges a list by mergeKey (or unions a primitive list); lists are replaced otherwise. */
  strategy?: 'merge' | 'replace';
  /** SMP `retainKeys` strategy: a `$retainKeys` directive clears the keys it does not list. */
  retainKeys?: boolean;
  /** SMP patchMergeKey of a list of objects. */
  mergeKey?: string;
  /** SSA list semantics (x-kubernetes-list-type); lists without it are atomic. */
  listType?: 'atomic' | 'set' | 'map';
  /** SSA keys of a `map` list (x-kubernetes-list-map-keys). */
  listMapKeys?: readonly string[];
  /** Values the API server defaults for list-map keys absent from an item (container port protocol: TCP). */
  keyDefaults?: Readonly<Record<string, unknown>>;
  /** SSA: the struct or map is owned and replaced as a whole (structType/mapType atomic). */
  atomic?: boolean;
  /**
   * The zero value of the parent already holds the field: a non-pointer struct in Go (as `{}`), or a list
   * without `omitempty` (as null, e.g. PodSpec.containers).
   */
  zero?: boolean;
}

/** FieldLookup is the answer of PatchSchema.field: the field's metadata and the schema of its value. */
export interface FieldLookup {
  meta: FieldMeta;
  /** Schema of the field's value, or of each item when the field is a list. */
  schema: PatchSchema;
}

/** PatchSchema describes one struct type; `field` navigates to the types of its fields. */
export interface PatchSchema {
  /** field returns the metadata of a field of this struct (empty metadata for fields it does not know). */
  field(name: string): FieldLookup;
  /** zeroValue returns the JSON of the Go zero value of this struct (non-pointer struct fields as `{}`). */
  zeroValue(): Record<string, unknown>;
}

const EMPTY_META: FieldMeta = Object.freeze({});

/** NamedSchema resolves field definitions against the TYPES table lazily (types refer to each other). */
class NamedSchema implements PatchSchema {
  constructor(private readonly fields: Readonly<Record<string, FieldDef>>) {}

  field(name: string): FieldLookup {
    const def = Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
    if (!def) return { meta: EMPTY_META, schema: EMPTY_SCHEMA };
    return { meta: def, schema: def.type ? schemaOfType(def.type) : EMPTY_SCHEMA };
  }

  zeroValue(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(this.fields)) {
      // Go serialises a nil slice without omitempty as null, and a non-pointer struct as its zero value.
      if (def.zero) out[name] = def.listType ? null : def.type ? schemaOfType(def.type).zeroValue() : {};
    }
    return out;
  }
}

/** EMPTY_SCHEMA knows no field: SMP then merges maps and replaces lists, SSA treats lists as atomic. */
export const EMPTY_SCHEMA: PatchSchema = new NamedSchema({});

const cache = new Map<string, PatchSchema>();

/** schemaOfType returns the schema of a named type of the table (e.g. `PodSpec`). */
export function schemaOfType(typeName: string): PatchSchema {
  let schema = cache.get(typeName);
  if (!schema) {
    const fields = TYPES[typeName];
    if (!fields) throw new Error(`patch schema: unknown type ${typeName}`);
    schema = new NamedSchema(fields);
    cache.set(typeName, schema);
  }
  return schema;
}

/**
 * patchSchemaFor returns the schema of a kind's top-level object. Kinds without special merge rules get a
 * schema that knows ObjectMeta only (labels, annotations, finalizers, ownerReferences). The version does
 * not change any merge rule among the served resources, so it is accepted for the contract's sake.
 */
export function patchSchemaFor(group: string, _version: string, kind: string): PatchSchema {
  const root = KIND_ROOTS[`${group}/${kind}`];
  return schemaOfType(root ?? 'ObjectOnly');
}
