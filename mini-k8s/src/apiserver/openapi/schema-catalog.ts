/**
 * The OpenAPI v3 component schemas of the Kubernetes types mini-k8s serves, named like upstream
 * (`io.k8s.api.core.v1.Pod`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`, ...), built from the
 * `kubernetes-models` declarations plus the list/patch extensions of upstream-extensions.ts.
 *
 * Memory: nothing is read until OpenAPI or strict field validation is first used; then each type is
 * read and converted once, on demand, into a single process-wide catalog shared by every cluster.
 */
import { existsSync } from 'node:fs';
import { RESOURCES } from '../../api/resources';
import type { GroupVersionKind } from '../../api/object';
import { fileForKind, fileForMetaType, loadModelFile, schemaNameForFile } from './model-source';
import type { LoadedModel } from './model-source';
import type { ParsedProperty, ParsedType } from './dts-model-parser';
import { integerFormat } from './integer-formats';
import { SCHEMA_EXTENSIONS } from './upstream-extensions';
import type { FieldExtensions } from './upstream-extensions';

/** OpenApiSchema is one JSON schema object of an OpenAPI v3 document. */
export type OpenApiSchema = Record<string, unknown>;

/** REF_PREFIX is where component schemas live in an OpenAPI v3 document. */
export const REF_PREFIX = '#/components/schemas/';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** TYPE_META_DESCRIPTIONS are upstream's descriptions of the TypeMeta fields, which the package omits on kinds. */
const TYPE_META_DESCRIPTIONS: Record<string, string> = {
  apiVersion:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
};

/**
 * SCALAR_SCHEMAS gives the upstream schema of the types that are not plain objects on the wire; the
 * package declares them as TypeScript aliases (`string | number`) or empty interfaces.
 */
const SCALAR_SCHEMAS: Record<string, OpenApiSchema> = {
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.MicroTime`]: { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
};

/**
 * extraKinds lists the (schema-package, GVK) pairs that carry `x-kubernetes-group-version-kind`
 * besides the served kinds and their lists: subresource bodies and the meta types kubectl decodes.
 */
function extraKinds(): GroupVersionKind[] {
  const out: GroupVersionKind[] = [];
  for (const info of RESOURCES) for (const sub of info.subresources ?? []) out.push(sub.responseKind);
  return out;
}

/** SchemaCatalog converts and caches component schemas; see schemaCatalog(). */
export class SchemaCatalog {
  private readonly schemas = new Map<string, OpenApiSchema>();
  private readonly files = new Map<string, string>();
  private readonly kinds = new Map<string, string | undefined>();
  private readonly gvks = new Map<string, GroupVersionKind[]>();

  constructor() {
    const seen = new Set<string>();
    const add = (gvk: GroupVersionKind): void => {
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      if (seen.has(key)) return;
      seen.add(key);
      const name = this.kindSchemaName(gvk.group, gvk.version, gvk.kind);
      if (!name) return;
      const list = this.gvks.get(name) ?? [];
      list.push({ group: gvk.group, kind: gvk.kind, version: gvk.version } as GroupVersionKind);
      this.gvks.set(name, list);
    };
    for (const info of RESOURCES) {
      add(info);
      if (info.verbs.includes('list'))
        add({ group: info.group, version: info.version, kind: `${info.kind}List` });
    }
    for (const gvk of extraKinds()) add(gvk);
    this.gvks.set(this.metaSchemaName('Status'), [
      { group: '', kind: 'Status', version: 'v1' } as GroupVersionKind,
    ]);
  }

  /** metaSchemaName registers and returns the schema name of a meta/v1 type (`Status`, `DeleteOptions`, ...). */
  metaSchemaName(kind: string): string {
    const name = `${META}.${kind}`;
    if (!this.files.has(name)) this.files.set(name, fileForMetaType(kind));
    return name;
  }

  /** kindSchemaName returns the upstream schema name of a kind, or undefined if the package lacks it. */
  kindSchemaName(group: string, version: string, kind: string): string | undefined {
    const key = `${group}/${version}/${kind}`;
    if (this.kinds.has(key)) return this.kinds.get(key);
    const file = fileForKind(group, version, kind);
    const name = existsSync(file) ? schemaNameForFile(file) : undefined;
    if (name) this.files.set(name, file);
    this.kinds.set(key, name);
    return name;
  }

  /** schema returns the converted schema of a known name (a kind or a type reachable from one). */
  schema(name: string): OpenApiSchema {
    const cached = this.schemas.get(name);
    if (cached) return cached;
    const file = this.files.get(name);
    if (!file) throw new Error(`unknown OpenAPI schema ${name}`);
    const model = loadModelFile(file);
    for (const ref of model.refs.values()) this.files.set(ref.name, ref.file);
    const schema = this.convert(model);
    this.schemas.set(name, schema);
    return schema;
  }

  /** closure returns the names of the given schemas and of every schema they reference, sorted. */
  closure(roots: Iterable<string>): string[] {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      collectRefs(this.schema(name), stack);
    }
    return [...seen].sort();
  }

  /** resolveRef returns the schema a `$ref` string points at. */
  resolveRef(ref: string): OpenApiSchema {
    return this.schema(ref.slice(REF_PREFIX.length));
  }

  private convert(model: LoadedModel): OpenApiSchema {
    const out: OpenApiSchema = {};
    if (model.description) out.description = model.description;
    const scalar = SCALAR_SCHEMAS[model.name];
    if (scalar) return { ...out, ...scalar };
    if (model.form === 'alias') return { ...out, ...this.convertType(model, model.alias!) };

    const extensions = SCHEMA_EXTENSIONS[model.name] ?? {};
    const isKind = this.gvks.has(model.name);
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const prop of model.properties) {
      const schema = withIntegerFormat(this.convertType(model, prop.type), model.name, prop.name);
      const description = prop.description ?? (isKind ? TYPE_META_DESCRIPTIONS[prop.name] : undefined);
      const field = description === undefined ? schema : describe(schema, description);
      Object.assign(field, extensionProperties(extensions[prop.name]));
      properties[prop.name] = field;
      if (prop.required) required.push(prop.name);
    }
    out.type = 'object';
    if (model.properties.length > 0) out.properties = properties;
    if (required.length > 0) out.required = required;
    Object.assign(out, extensionProperties(extensions['']));
    const gvks = this.gvks.get(model.name);
    if (gvks) out['x-kubernetes-group-version-kind'] = gvks;
    return out;
  }

  /**
   * convertInlineObject handles the one place the package inlines a kind instead of referencing it
   * (StatefulSetSpec.volumeClaimTemplates, a PersistentVolumeClaim with optional apiVersion/kind):
   * upstream references the kind, so the inline copy is turned back into a `$ref` when its `spec`
   * references `<Kind>Spec` and `<Kind>` exists; otherwise the object is described inline.
   */
  private convertInlineObject(model: LoadedModel, properties: ParsedProperty[]): OpenApiSchema {
    const spec = properties.find((p) => p.name === 'spec');
    const target = spec?.type.kind === 'ref' ? model.refs.get(spec.type.ident) : undefined;
    if (target?.name.endsWith('Spec')) {
      const file = target.file.replace(/Spec\.d\.ts$/, '.d.ts');
      if (existsSync(file)) {
        const name = schemaNameForFile(file);
        this.files.set(name, file);
        return { $ref: `${REF_PREFIX}${name}` };
      }
    }
    const props: Record<string, OpenApiSchema> = {};
    for (const prop of properties) {
      const schema = this.convertType(model, prop.type);
      props[prop.name] = prop.description === undefined ? schema : describe(schema, prop.description);
    }
    return { type: 'object', properties: props };
  }

  private convertType(model: LoadedModel, type: ParsedType): OpenApiSchema {
    switch (type.kind) {
      case 'string':
        return { type: 'string' };
      // Every numeric field of the served Kubernetes types is an int32 or int64 (upstream floats only
      // appear in apiextensions' JSONSchemaProps, which mini-k8s does not serve).
      case 'number':
        return { type: 'integer' };
      case 'boolean':
        return { type: 'boolean' };
      case 'any':
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      case 'enum':
        return { type: 'string', enum: type.values };
      case 'array':
        return { type: 'array', items: this.convertType(model, type.items) };
      case 'map':
        return { type: 'object', additionalProperties: this.convertType(model, type.values) };
      case 'object':
        return this.convertInlineObject(model, type.properties);
      case 'ref': {
        const target = model.refs.get(type.ident);
        if (!target) throw new Error(`${model.name}: unresolved reference ${type.ident}`);
        return { $ref: `${REF_PREFIX}${target.name}` };
      }
    }
  }
}

/**
 * withIntegerFormat adds upstream's `format: int32` / `int64` to an integer property, to the items of an
 * integer array or to the values of an integer map (integer-formats.ts reads it from the package).
 */
function withIntegerFormat(schema: OpenApiSchema, definition: string, property: string): OpenApiSchema {
  if (schema.type === 'integer') {
    const format = integerFormat(definition, property);
    return format ? { ...schema, format } : schema;
  }
  const items = schema.items as OpenApiSchema | undefined;
  if (schema.type === 'array' && items?.type === 'integer') {
    const format = integerFormat(definition, property, 'array');
    return format ? { ...schema, items: { ...items, format } } : schema;
  }
  const values = schema.additionalProperties as OpenApiSchema | undefined;
  if (schema.type === 'object' && typeof values === 'object' && values?.type === 'integer') {
    const format = integerFormat(definition, property, 'map');
    return format ? { ...schema, additionalProperties: { ...values, format } } : schema;
  }
  return schema;
}

/** describe adds a description to a property schema. */
function describe(schema: OpenApiSchema, description: string): OpenApiSchema {
  // OpenAPI 3.0 ignores siblings of `$ref`, so upstream wraps references in `allOf` to describe them.
  return schema.$ref ? { allOf: [schema], description } : { description, ...schema };
}

/** extensionProperties renders FieldExtensions as `x-kubernetes-*` schema keys. */
function extensionProperties(ext: FieldExtensions | undefined): OpenApiSchema {
  if (!ext) return {};
  const out: OpenApiSchema = {};
  if (ext.listMapKeys) out['x-kubernetes-list-map-keys'] = ext.listMapKeys;
  if (ext.listType) out['x-kubernetes-list-type'] = ext.listType;
  if (ext.mapType) out['x-kubernetes-map-type'] = ext.mapType;
  if (ext.patchMergeKey) out['x-kubernetes-patch-merge-key'] = ext.patchMergeKey;
  if (ext.patchStrategy) out['x-kubernetes-patch-strategy'] = ext.patchStrategy;
  return out;
}

/** collectRefs pushes the schema names referenced anywhere inside `value`. */
export function collectRefs(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.push(item.slice(REF_PREFIX.length));
      else collectRefs(item, into);
    }
  }
}

let shared: SchemaCatalog | undefined;

/** schemaCatalog returns the process-wide catalog, creating it on first use. */
export function schemaCatalog(): SchemaCatalog {
  shared ??= new SchemaCatalog();
  return shared;
}
