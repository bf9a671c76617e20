/**
 * Unknown-field detection for `fieldValidation` (Strict, Warn, Ignore), using the same upstream
 * schemas as the OpenAPI documents, and the exact texts the Kubernetes API server produces:
 *
 * - paths are written like the Go decoder's: `spec.replicas`, `spec.template.spec.containers[0].imagee`
 *   (no leading dot, `[i]` for list items, `.key` inside maps);
 * - Strict create/update fails with 400 BadRequest
 *   `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`;
 *   a strategic-merge or JSON patch fails with the bare `strict decoding error: ...` text;
 * - Warn sends one `unknown field "spec.foo"` warning per field.
 *
 * Free-form parts are never reported: maps (labels, annotations, data), objects without declared
 * properties (RawExtension, FieldsV1) and `x-kubernetes-preserve-unknown-fields` schemas. Kinds
 * without a schema (custom or metrics kinds) accept every field.
 */
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import { schemaCatalog } from './schema-catalog';
import type { OpenApiSchema, SchemaCatalog } from './schema-catalog';

/** FieldProblems lists the unknown fields of an object, in document order. */
export interface FieldProblems {
  unknown: string[];
}

/** findFieldProblems returns the paths of the fields of `obj` that its kind's schema does not declare. */
export function findFieldProblems(group: string, version: string, kind: string, obj: unknown): FieldProblems {
  const unknown: string[] = [];
  const catalog = schemaCatalog();
  const name = catalog.kindSchemaName(group, version, kind);
  if (name) walk(catalog, obj, catalog.schema(name), '', unknown);
  return { unknown };
}

/** pruneUnknownFields returns a copy of `obj` without the fields its kind's schema does not declare (fieldValidation=Ignore). */
export function pruneUnknownFields(
  group: string,
  version: string,
  kind: string,
  obj: KubeObject,
): KubeObject {
  const catalog = schemaCatalog();
  const name = catalog.kindSchemaName(group, version, kind);
  if (!name) return structuredClone(obj);
  return walk(catalog, obj, catalog.schema(name), '', []) as KubeObject;
}

/** resolve follows `$ref` and single-element `allOf` wrappers to the schema that describes a value. */
function resolve(catalog: SchemaCatalog, schema: OpenApiSchema): OpenApiSchema {
  let current = schema;
  for (;;) {
    if (typeof current.$ref === 'string') current = catalog.resolveRef(current.$ref);
    else if (Array.isArray(current.allOf) && current.allOf.length === 1)
      current = current.allOf[0] as OpenApiSchema;
    else return current;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** walk records unknown fields below `path` into `unknown` and returns a copy of `value` without them. */
function walk(
  catalog: SchemaCatalog,
  value: unknown,
  schemaIn: OpenApiSchema,
  path: string,
  unknown: string[],
): unknown {
  const schema = resolve(catalog, schemaIn);
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return structuredClone(value);
  if (Array.isArray(value)) {
    const items = schema.items as OpenApiSchema | undefined;
    if (!items) return structuredClone(value);
    return value.map((item, i) => walk(catalog, item, items, `${path}[${i}]`, unknown));
  }
  if (!isPlainObject(value)) return value;
  const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
  const additional = schema.additionalProperties as OpenApiSchema | undefined;
  const out: Record<string, unknown> = {};
  if (properties) {
    for (const [key, child] of Object.entries(value)) {
      const prop = properties[key];
      if (prop) out[key] = walk(catalog, child, prop, join(path, key), unknown);
      else unknown.push(join(path, key));
    }
    return out;
  }
  if (additional && typeof additional === 'object') {
    for (const [key, child] of Object.entries(value))
      out[key] = walk(catalog, child, additional, join(path, key), unknown);
    return out;
  }
  // An object type that declares no properties (RawExtension, FieldsV1, Patch) holds arbitrary JSON.
  return structuredClone(value);
}

/** unknownFieldMessage is one strict-decoding problem: `unknown field "spec.foo"` (also the Warn warning text). */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** duplicateFieldMessage is one strict-decoding problem: `duplicate field "metadata.name"`. */
export function duplicateFieldMessage(path: string): string {
  return `duplicate field ${JSON.stringify(path)}`;
}

/**
 * strictProblemMessages lists the problems in the order the API server reports them (unknown fields,
 * then duplicate fields); with fieldValidation=Warn each entry is sent as one warning.
 */
export function strictProblemMessages(
  unknown: readonly string[],
  duplicates: readonly string[] = [],
): string[] {
  return [...unknown.map(unknownFieldMessage), ...duplicates.map(duplicateFieldMessage)];
}

/** strictDecodingMessage is `strict decoding error: <problem>, <problem>`. */
export function strictDecodingMessage(
  unknown: readonly string[],
  duplicates: readonly string[] = [],
): string {
  return `strict decoding error: ${strictProblemMessages(unknown, duplicates).join(', ')}`;
}

/**
 * strictDecodingError builds the 400 BadRequest a Strict request fails with. Bodies decoded as objects
 * (create, update) carry the decoder's `<Kind> in version "<version>" cannot be handled as a <Kind>: `
 * prefix; patches (`operation: 'patch'`) report the bare strict decoding message.
 */
export function strictDecodingError(
  gvk: { version: string; kind: string },
  problems: { unknown: readonly string[]; duplicates?: readonly string[] },
  operation: 'decode' | 'patch' = 'decode',
): StatusError {
  const message = strictDecodingMessage(problems.unknown, problems.duplicates);
  if (operation === 'patch') return new StatusError(400, 'BadRequest', message);
  return new StatusError(
    400,
    'BadRequest',
    `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${gvk.kind}: ${message}`,
  );
}
