/**
 * The protobuf encoding of the Swagger 2.0 document (`GET /openapi/v2` with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`): the `openapi.v2.Document`
 * message of gnostic's OpenAPIv2.proto, which kube-openapi serves and kubectl decodes (for
 * `explain --output=plaintext-openapiv2`, and for group versions missing from `/openapi/v3`).
 *
 * Field numbers are those of OpenAPIv2.proto. As in proto3, empty strings, false booleans and empty
 * lists are not written; JSON objects become repeated `Named*` (name, value) pairs in document order;
 * free values (vendor extensions, enum members) are `Any` messages carrying their YAML text. Only the
 * parts of Swagger 2.0 that mini-k8s's document uses are mapped; any other key throws, so a change of
 * the JSON document cannot silently drop data from this encoding.
 */
import { stringify } from 'yaml';
import { ProtoWriter, WireType } from '../protobuf/wire';

type Json = Record<string, unknown>;

function asObject(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`OpenAPI v2 protobuf: ${where} is not an object`);
  }
  return value as Json;
}

function checkKeys(obj: Json, known: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key) && !key.startsWith('x-')) {
      throw new Error(`OpenAPI v2 protobuf: unsupported key ${JSON.stringify(key)} in ${where}`);
    }
  }
}

function str(w: ProtoWriter, field: number, value: unknown): void {
  if (typeof value === 'string' && value !== '') w.stringField(field, value);
}

function strings(w: ProtoWriter, field: number, value: unknown): void {
  if (Array.isArray(value)) for (const item of value) w.stringField(field, String(item));
}

function bool(w: ProtoWriter, field: number, value: unknown): void {
  if (value === true) w.key(field, WireType.Varint).varint(1);
}

/** any writes an `Any` whose `yaml` (field 2) holds the value. */
function any(w: ProtoWriter, field: number, value: unknown): void {
  w.message(field, (a) => a.stringField(2, stringify(value)));
}

/** vendorExtensions writes the `x-` keys of an object as repeated NamedAny. */
function vendorExtensions(w: ProtoWriter, field: number, obj: Json): void {
  for (const [key, value] of Object.entries(obj)) {
    if (!key.startsWith('x-')) continue;
    w.message(field, (n) => {
      n.stringField(1, key);
      any(n, 2, value);
    });
  }
}

const SCHEMA_KEYS = [
  '$ref',
  'format',
  'description',
  'required',
  'enum',
  'additionalProperties',
  'type',
  'items',
  'properties',
] as const;

/** schema writes an `openapi.v2.Schema`. */
function schema(w: ProtoWriter, value: unknown, where: string): void {
  const s = asObject(value, where);
  checkKeys(s, SCHEMA_KEYS, where);
  str(w, 1, s.$ref);
  str(w, 2, s.format);
  str(w, 4, s.description);
  strings(w, 19, s.required);
  if (Array.isArray(s.enum)) for (const member of s.enum) any(w, 20, member);
  if (s.additionalProperties !== undefined) {
    const extra = s.additionalProperties;
    w.message(21, (a) => {
      if (typeof extra === 'boolean') a.key(2, WireType.Varint).varint(extra ? 1 : 0);
      else a.message(1, (inner) => schema(inner, extra, `${where}.additionalProperties`));
    });
  }
  if (s.type !== undefined) {
    w.message(22, (t) => strings(t, 1, Array.isArray(s.type) ? s.type : [s.type]));
  }
  if (s.items !== undefined) {
    const items = Array.isArray(s.items) ? s.items : [s.items];
    w.message(23, (i) =>
      items.forEach((item, n) => i.message(1, (x) => schema(x, item, `${where}.items[${n}]`))),
    );
  }
  if (s.properties !== undefined) {
    const properties = asObject(s.properties, `${where}.properties`);
    w.message(25, (p) => {
      for (const [name, property] of Object.entries(properties)) {
        p.message(1, (n) => {
          n.stringField(1, name);
          n.message(2, (x) => schema(x, property, `${where}.properties.${name}`));
        });
      }
    });
  }
  vendorExtensions(w, 31, s);
}

const PARAMETER_KEYS = [
  'name',
  'in',
  'description',
  'required',
  'type',
  'format',
  'uniqueItems',
  'schema',
] as const;

/** parametersItem writes a `ParametersItem` holding a body, query or path parameter. */
function parametersItem(w: ProtoWriter, value: unknown, where: string): void {
  const p = asObject(value, where);
  checkKeys(p, PARAMETER_KEYS, where);
  w.message(1, (parameter) => {
    if (p.in === 'body') {
      parameter.message(1, (b) => {
        str(b, 1, p.description);
        str(b, 2, p.name);
        str(b, 3, p.in);
        bool(b, 4, p.required);
        if (p.schema !== undefined) b.message(5, (x) => schema(x, p.schema, `${where}.schema`));
        vendorExtensions(b, 6, p);
      });
      return;
    }
    // NonBodyParameter: query (3) and path (4) sub-schemas; their field numbers differ after `name`.
    const query = p.in === 'query';
    if (!query && p.in !== 'path')
      throw new Error(`OpenAPI v2 protobuf: unsupported parameter location in ${where}`);
    parameter.message(2, (nonBody) =>
      nonBody.message(query ? 3 : 4, (q) => {
        bool(q, 1, p.required);
        str(q, 2, p.in);
        str(q, 3, p.description);
        str(q, 4, p.name);
        str(q, query ? 6 : 5, p.type);
        str(q, query ? 7 : 6, p.format);
        bool(q, query ? 20 : 19, p.uniqueItems);
        vendorExtensions(q, query ? 23 : 22, p);
      }),
    );
  });
}

const OPERATION_KEYS = [
  'tags',
  'summary',
  'description',
  'operationId',
  'produces',
  'consumes',
  'parameters',
  'responses',
  'schemes',
  'deprecated',
] as const;

/** operation writes an `Operation`. */
function operation(w: ProtoWriter, value: unknown, where: string): void {
  const op = asObject(value, where);
  checkKeys(op, OPERATION_KEYS, where);
  strings(w, 1, op.tags);
  str(w, 2, op.summary);
  str(w, 3, op.description);
  str(w, 5, op.operationId);
  strings(w, 6, op.produces);
  strings(w, 7, op.consumes);
  if (Array.isArray(op.parameters)) {
    op.parameters.forEach((p, i) => w.message(8, (x) => parametersItem(x, p, `${where}.parameters[${i}]`)));
  }
  if (op.responses !== undefined) {
    const responses = asObject(op.responses, `${where}.responses`);
    w.message(9, (r) => {
      for (const [code, response] of Object.entries(responses)) {
        const resp = asObject(response, `${where}.responses.${code}`);
        checkKeys(resp, ['description', 'schema'], `${where}.responses.${code}`);
        r.message(1, (named) => {
          named.stringField(1, code);
          named.message(2, (responseValue) =>
            responseValue.message(1, (x) => {
              str(x, 1, resp.description);
              if (resp.schema !== undefined) {
                x.message(2, (item) =>
                  item.message(1, (s) => schema(s, resp.schema, `${where}.responses.${code}`)),
                );
              }
              vendorExtensions(x, 5, resp);
            }),
          );
        });
      }
    });
  }
  strings(w, 10, op.schemes);
  bool(w, 11, op.deprecated);
  vendorExtensions(w, 13, op);
}

/** PATH_ITEM_FIELDS are the `PathItem` field numbers of the HTTP methods. */
const PATH_ITEM_FIELDS: Record<string, number> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  options: 6,
  head: 7,
  patch: 8,
};

function pathItem(w: ProtoWriter, value: unknown, where: string): void {
  const item = asObject(value, where);
  checkKeys(item, [...Object.keys(PATH_ITEM_FIELDS), 'parameters'], where);
  for (const [method, field] of Object.entries(PATH_ITEM_FIELDS)) {
    if (item[method] !== undefined) w.message(field, (x) => operation(x, item[method], `${where}.${method}`));
  }
  if (Array.isArray(item.parameters)) {
    item.parameters.forEach((p, i) => w.message(9, (x) => parametersItem(x, p, `${where}.parameters[${i}]`)));
  }
  vendorExtensions(w, 10, item);
}

/** securityDefinitions writes the API-key schemes (the only kind the apiserver publishes: BearerToken). */
function securityDefinitions(w: ProtoWriter, value: unknown): void {
  const defs = asObject(value, 'securityDefinitions');
  for (const [name, def] of Object.entries(defs)) {
    const d = asObject(def, `securityDefinitions.${name}`);
    checkKeys(d, ['type', 'name', 'in', 'description'], `securityDefinitions.${name}`);
    if (d.type !== 'apiKey') throw new Error(`OpenAPI v2 protobuf: unsupported security scheme ${name}`);
    w.message(1, (named) => {
      named.stringField(1, name);
      named.message(2, (item) =>
        item.message(2, (k) => {
          str(k, 1, d.type);
          str(k, 2, d.name);
          str(k, 3, d.in);
          str(k, 4, d.description);
          vendorExtensions(k, 5, d);
        }),
      );
    });
  }
}

/** encodeOpenApiV2Protobuf encodes a Swagger 2.0 JSON document as gnostic's `openapi.v2.Document`. */
export function encodeOpenApiV2Protobuf(documentJson: string): Uint8Array {
  const doc = asObject(JSON.parse(documentJson), 'document');
  checkKeys(doc, ['swagger', 'info', 'paths', 'definitions', 'securityDefinitions', 'security'], 'document');
  const w = new ProtoWriter();
  str(w, 1, doc.swagger);
  if (doc.info !== undefined) {
    const info = asObject(doc.info, 'info');
    checkKeys(info, ['title', 'version', 'description'], 'info');
    w.message(2, (i) => {
      str(i, 1, info.title);
      str(i, 2, info.version);
      str(i, 3, info.description);
      vendorExtensions(i, 7, info);
    });
  }
  if (doc.paths !== undefined) {
    const paths = asObject(doc.paths, 'paths');
    w.message(8, (p) => {
      vendorExtensions(p, 1, paths);
      for (const [path, item] of Object.entries(paths)) {
        if (path.startsWith('x-')) continue;
        p.message(2, (named) => {
          named.stringField(1, path);
          named.message(2, (x) => pathItem(x, item, path));
        });
      }
    });
  }
  if (doc.definitions !== undefined) {
    const definitions = asObject(doc.definitions, 'definitions');
    w.message(9, (d) => {
      for (const [name, def] of Object.entries(definitions)) {
        d.message(1, (named) => {
          named.stringField(1, name);
          named.message(2, (x) => schema(x, def, name));
        });
      }
    });
  }
  if (Array.isArray(doc.security)) {
    for (const requirement of doc.security) {
      w.message(12, (r) => {
        for (const [name, scopes] of Object.entries(asObject(requirement, 'security'))) {
          r.message(1, (named) => {
            named.stringField(1, name);
            named.message(2, (list) => strings(list, 1, scopes));
          });
        }
      });
    }
  }
  if (doc.securityDefinitions !== undefined)
    w.message(13, (s) => securityDefinitions(s, doc.securityDefinitions));
  vendorExtensions(w, 16, doc);
  return w.finish();
}
