/**
 * The compact schema asset of the course site's editor (`dist/schemas/kubernetes.json`), built from the very
 * OpenAPI v3 documents mini-k8s serves to kubectl (`/openapi/v3/<group version>`), so the editor and the API
 * server agree on every field. `astro.config.mjs` writes it at each `astro build` and serves it in
 * `astro dev`; the editor fetches it only when it opens.
 *
 * Format (version 1), read by `site/lib/editor/schema.ts`:
 *
 *     { version: 1, kubernetes: "v1.32.4",
 *       kinds: { "<apiVersion>": { "<Kind>": "<type id>" } },
 *       types: { "<type id>": { d?: first sentence, p: { <field>: Field }, r?: [required fields] } } }
 *
 * A Field is `{ t, d?, e?, ref?, i?, v? }`: `t` is `string`, `integer`, `number`, `boolean`, `object`
 * (a type: `ref` names it), `array` (items in `i`), `map` (values in `v`), `int-or-string`, `quantity`,
 * `date-time` or `any` (free-form); `d` is the first sentence of the upstream description; `e` the enum
 * values. Type ids are upstream schema names without the `io.k8s.api.` / `io.k8s.apimachinery.pkg.` prefix.
 */
import { RESOURCES } from '../../../mini-k8s/src/api/resources';
import {
  SERVER_VERSION,
  openapiV3Document,
  openapiV3Index,
} from '../../../mini-k8s/src/apiserver/openapi/index';

/** EditorField is one property of an editor schema type. */
export interface EditorField {
  t: string;
  d?: string;
  e?: string[];
  ref?: string;
  i?: EditorField;
  v?: EditorField;
}

/** EditorType is an object type: its properties and required fields. */
export interface EditorType {
  d?: string;
  p: Record<string, EditorField>;
  r?: string[];
}

/** EditorSchemas is the whole asset. */
export interface EditorSchemas {
  version: 1;
  kubernetes: string;
  kinds: Record<string, Record<string, string>>;
  types: Record<string, EditorType>;
}

type Schema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/** Upstream scalar types that are `$ref`s in the documents but plain values in a manifest. */
const SCALAR_REFS: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'date-time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'date-time',
};

/** typeId shortens an upstream schema name (`io.k8s.api.apps.v1.Deployment` → `apps.v1.Deployment`). */
export function typeId(name: string): string {
  return name.replace(/^io\.k8s\.api\./, '').replace(/^io\.k8s\.apimachinery\.pkg\./, '');
}

/**
 * firstSentence keeps the first sentence of an upstream description (up to the first ". " or line
 * break), which is what a completion tooltip needs; the asset stays small.
 */
export function firstSentence(description: string): string {
  const text = description.trim();
  const stop = text.search(/\.(\s|$)|\n/);
  const sentence = stop === -1 ? text : text.slice(0, stop + (text[stop] === '.' ? 1 : 0));
  return sentence.length > 240 ? `${sentence.slice(0, 237)}…` : sentence;
}

/** refName returns the schema name a property points at (directly or through upstream's `allOf` wrapper). */
function refName(schema: Schema): string | undefined {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(REF_PREFIX.length);
  const allOf = schema.allOf as Schema[] | undefined;
  if (Array.isArray(allOf) && allOf.length === 1) return refName(allOf[0]!);
  return undefined;
}

/** Converter turns the documents' component schemas into editor types, following references. */
class Converter {
  readonly types: Record<string, EditorType> = {};

  constructor(private readonly schemas: Map<string, Schema>) {}

  /** type converts (once) the object schema `name` and returns its id. */
  type(name: string): string {
    const id = typeId(name);
    if (this.types[id]) return id;
    const schema = this.schemas.get(name);
    if (!schema) throw new Error(`editor schemas: ${name} is referenced but not described`);
    const out: EditorType = { p: {} };
    this.types[id] = out; // registered before the properties: types may be recursive
    if (typeof schema.description === 'string') out.d = firstSentence(schema.description);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [field, property] of Object.entries(properties)) out.p[field] = this.field(property);
    if (Array.isArray(schema.required) && schema.required.length > 0) out.r = schema.required as string[];
    return id;
  }

  field(schema: Schema): EditorField {
    const out = this.shape(schema);
    if (typeof schema.description === 'string') out.d = firstSentence(schema.description);
    return out;
  }

  private shape(schema: Schema): EditorField {
    const ref = refName(schema);
    if (ref) {
      const scalar = SCALAR_REFS[ref];
      if (scalar) return { t: scalar };
      const target = this.schemas.get(ref);
      // A referenced type with no declared property (RawExtension, FieldsV1) holds anything.
      if (target && target.properties === undefined && target.type === 'object') return { t: 'any' };
      return { t: 'object', ref: this.type(ref) };
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) return { t: 'any' };
    if (schema.format === 'int-or-string') return { t: 'int-or-string' };
    switch (schema.type) {
      case 'array':
        return { t: 'array', i: this.shape((schema.items ?? {}) as Schema) };
      case 'object':
        if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          return { t: 'map', v: this.shape(schema.additionalProperties as Schema) };
        }
        return { t: 'any' };
      case 'string':
        if (schema.format === 'date-time') return { t: 'date-time' };
        return Array.isArray(schema.enum) ? { t: 'string', e: schema.enum as string[] } : { t: 'string' };
      case 'integer':
      case 'number':
      case 'boolean':
        return { t: schema.type };
      default:
        if (Array.isArray(schema.oneOf)) return { t: 'any' };
        throw new Error(`editor schemas: unsupported schema ${JSON.stringify(schema).slice(0, 120)}`);
    }
  }
}

/** apiVersionOf writes a group version the way manifests do (`v1`, `apps/v1`). */
function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * buildEditorSchemas returns the asset: every kind mini-k8s serves that a manifest can create (the
 * resources with the `create` verb), keyed by apiVersion then kind, with the types they reach.
 */
export function buildEditorSchemas(): EditorSchemas {
  const schemas = new Map<string, Schema>();
  const index = openapiV3Index() as { paths: Record<string, unknown> };
  for (const path of Object.keys(index.paths)) {
    const document = openapiV3Document(path);
    if (!document) continue;
    const parsed = JSON.parse(document.body) as { components: { schemas: Record<string, Schema> } };
    for (const [name, schema] of Object.entries(parsed.components.schemas)) schemas.set(name, schema);
  }
  const converter = new Converter(schemas);
  const kinds: Record<string, Record<string, string>> = {};
  for (const info of RESOURCES) {
    if (!info.verbs.includes('create')) continue;
    const name = [...schemas.entries()].find(([, schema]) =>
      (schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[])?.some(
        (gvk) => gvk.group === info.group && gvk.version === info.version && gvk.kind === info.kind,
      ),
    )?.[0];
    if (!name) continue; // no schema in the package (metrics.k8s.io): the editor checks nothing there
    const apiVersion = apiVersionOf(info.group, info.version);
    (kinds[apiVersion] ??= {})[info.kind] = converter.type(name);
  }
  return { version: 1, kubernetes: SERVER_VERSION, kinds, types: converter.types };
}
