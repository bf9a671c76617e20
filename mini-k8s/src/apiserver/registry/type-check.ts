/**
 * JSON type checking of request bodies against the kinds' OpenAPI schemas. The real apiserver decodes a
 * body into typed Go structs, so a value of the wrong JSON type (a string for `spec.replicas`, an array
 * for `data`, a number for `metadata.name`) fails decoding with 400 BadRequest before any defaulting or
 * validation runs. mini-k8s keeps bodies as plain JSON, so this module performs that check explicitly.
 *
 * Message shape, as Go's encoding/json reports it (the path lists struct fields only, no indices or map
 * keys; the struct is the innermost Go type holding the field):
 *   `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go
 *    struct field DeploymentSpec.spec.replicas of type int32`
 * Integers are checked against their schema's `format`: an int32 past ±2^31 fails as Go's decoder does
 * (`cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32`),
 * and an int64 must be a safe JavaScript integer. The formats come from the kubernetes-models validators
 * (openapi/integer-formats.ts); an integer without one is treated as int64.
 */
import { errors } from '../../machinery/errors';
import { schemaCatalog } from '../openapi/schema-catalog';
import type { OpenApiSchema, SchemaCatalog } from '../openapi/schema-catalog';

const REF_PREFIX = '#/components/schemas/';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Resolved is a schema with the name of the definition it came from (when it came from a `$ref`). */
interface Resolved {
  schema: OpenApiSchema;
  name: string | undefined;
}

function resolve(catalog: SchemaCatalog, schemaIn: OpenApiSchema, nameIn?: string): Resolved {
  let schema = schemaIn;
  let name = nameIn;
  for (;;) {
    if (typeof schema.$ref === 'string') {
      name = schema.$ref.slice(REF_PREFIX.length);
      schema = catalog.resolveRef(schema.$ref);
    } else if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
      schema = schema.allOf[0] as OpenApiSchema;
    } else return { schema, name };
  }
}

/** goTypeName names a JSON value's kind as Go's UnmarshalTypeError does (`number 1.5` keeps the literal). */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isFinite(value) ? `number ${value}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** shortTypeName turns `io.k8s.api.apps.v1.DeploymentSpec` into Go's `v1.DeploymentSpec`. */
function shortTypeName(name: string): string {
  const parts = name.split('.');
  return parts.slice(-2).join('.');
}

/** goType renders the Go type a schema decodes into. */
function goType(catalog: SchemaCatalog, schemaIn: OpenApiSchema): string {
  const { schema, name } = resolve(catalog, schemaIn);
  if (name === QUANTITY) return 'resource.Quantity';
  if (name === INT_OR_STRING) return 'intstr.IntOrString';
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : name ? shortTypeName(name) : 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${schema.items ? goType(catalog, schema.items as OpenApiSchema) : 'interface {}'}`;
    default:
      if (name) return shortTypeName(name);
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        return `map[string]${goType(catalog, schema.additionalProperties as OpenApiSchema)}`;
      return 'map[string]interface {}';
  }
}

/** Mismatch is the first type error found: where and what. */
interface Mismatch {
  value: unknown;
  struct: string;
  path: string;
  type: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** accepts tells whether a scalar or container value has the JSON type the schema wants (null always fits). */
function accepts(schema: OpenApiSchema, name: string | undefined, value: unknown): boolean {
  // undefined is how in-process callers spell an absent field.
  if (value === null || value === undefined) return true;
  // Quantities and IntOrString decode from numbers and strings alike.
  if (name === QUANTITY || name === INT_OR_STRING || schema['x-kubernetes-int-or-string'] === true)
    return typeof value === 'string' || typeof value === 'number';
  if (schema['x-kubernetes-preserve-unknown-fields'] === true && !schema.type) return true;
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return false;
      return schema.format !== 'byte' || BASE64.test(value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return false;
      return schema.format === 'int32'
        ? value >= INT32_MIN && value <= INT32_MAX
        : Math.abs(value) <= Number.MAX_SAFE_INTEGER;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return true;
  }
}

function find(
  catalog: SchemaCatalog,
  value: unknown,
  schemaIn: OpenApiSchema,
  struct: string,
  path: string,
): Mismatch | undefined {
  const { schema, name } = resolve(catalog, schemaIn);
  if (!accepts(schema, name, value)) return { value, struct, path, type: goType(catalog, schemaIn) };
  if (value === null || value === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true)
    return undefined;
  if (Array.isArray(value)) {
    const items = schema.items as OpenApiSchema | undefined;
    if (!items) return undefined;
    for (const item of value) {
      const found = find(catalog, item, items, struct, path);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
  if (properties) {
    const owner = name ? (name.split('.').pop() ?? struct) : struct;
    for (const [key, child] of Object.entries(value)) {
      const prop = properties[key];
      // Unknown fields are fieldValidation's business, not a type error.
      if (!prop) continue;
      const found = find(catalog, child, prop, owner, path === '' ? key : `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  const additional = schema.additionalProperties as OpenApiSchema | undefined;
  if (additional && typeof additional === 'object') {
    for (const child of Object.values(value)) {
      const found = find(catalog, child, additional, struct, path);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * findTypeError returns Go's `json: cannot unmarshal ...` text for the first value of `obj` whose JSON type
 * does not match its kind's schema, or undefined when every value fits (or the kind has no schema).
 */
export function findTypeError(
  group: string,
  version: string,
  kind: string,
  obj: unknown,
): string | undefined {
  const catalog = schemaCatalog();
  const name = catalog.kindSchemaName(group, version, kind);
  if (!name) return undefined;
  const found = find(catalog, obj, { $ref: `${REF_PREFIX}${name}` }, kind, '');
  if (!found) return undefined;
  return `json: cannot unmarshal ${jsonKind(found.value)} into Go struct field ${found.struct}.${found.path} of type ${found.type}`;
}

/**
 * assertJsonTypes throws the apiserver's 400 BadRequest when `obj` does not decode into its kind:
 * `<Kind> in version "<version>" cannot be handled as a <Kind>: json: cannot unmarshal ...`.
 */
export function assertJsonTypes(group: string, version: string, kind: string, obj: unknown): void {
  const problem = findTypeError(group, version, kind, obj);
  if (problem)
    throw errors.badRequest(
      `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${problem}`,
    );
}
