/**
 * The OpenAPI documents the API server publishes: the v3 index (`GET /openapi/v3`), one v3 document
 * per served group version (`GET /openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`, ...) and a Swagger
 * 2.0 JSON rendering of the same schemas (`GET /openapi/v2`).
 *
 * Documents are built on first request and cached as serialized strings only (no second copy of the
 * object tree), once per process: they depend on nothing but the resource catalogue and the schema
 * package, so every cluster in the process shares them. Like upstream, each v3 document is addressed
 * in the index with the uppercase hex SHA-512 of its body, which kubectl uses as an HTTP cache key.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, groupVersions } from '../../api/resources';
import type { GroupVersionKind } from '../../api/object';
import { buildPaths, gvPrefix } from './paths';
import { REF_PREFIX, collectRefs, schemaCatalog } from './schema-catalog';
import type { OpenApiSchema } from './schema-catalog';
import { encodeOpenApiV2Protobuf } from './v2-protobuf';

/** SERVER_VERSION is the Kubernetes version the documents describe (it matches `/version`). */
export const SERVER_VERSION = 'v1.32.4';

/** OpenApiDocument is a serialized document and the hash that addresses it. */
export interface OpenApiDocument {
  body: string;
  hash: string;
}

/** Meta types every group version document carries, as upstream's do (operations reference them). */
const META_ROOTS = ['APIResourceList', 'DeleteOptions', 'Patch', 'Status', 'WatchEvent'];

let v3Documents: Map<string, OpenApiDocument> | undefined;
let v2Document: string | undefined;

/** gvPath is the index key of a group version: `api/v1` or `apis/apps/v1`. */
function gvPath(group: string, version: string): string {
  return gvPrefix(group, version).slice(1);
}

function lookupKind(gvk: GroupVersionKind): string | undefined {
  return schemaCatalog().kindSchemaName(gvk.group, gvk.version, gvk.kind);
}

/** buildV3 builds the document object of one group version, or undefined if no kind of it has a schema. */
function buildV3(group: string, version: string): OpenApiSchema | undefined {
  const catalog = schemaCatalog();
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  // A group version whose kinds the schema package does not describe (metrics.k8s.io) is left out of
  // the index, as kubectl then treats it like an aggregated API without OpenAPI.
  if (!resources.some((r) => lookupKind(r))) return undefined;
  const paths = buildPaths(group, version, resources, lookupKind);
  const roots = new Set(META_ROOTS.map((kind) => catalog.metaSchemaName(kind)));
  const refs: string[] = [];
  collectRefs(paths, refs);
  for (const name of refs) roots.add(name);
  const schemas: Record<string, OpenApiSchema> = {};
  for (const name of catalog.closure(roots)) schemas[name] = catalog.schema(name);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION },
    paths,
    components: {
      schemas,
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
}

function sha512Upper(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

/** allV3Documents builds (once) the documents of every served group version, in discovery order. */
function allV3Documents(): Map<string, OpenApiDocument> {
  if (v3Documents) return v3Documents;
  const docs = new Map<string, OpenApiDocument>();
  for (const { group, version } of groupVersions()) {
    const doc = buildV3(group, version);
    if (!doc) continue;
    const body = JSON.stringify(doc);
    docs.set(gvPath(group, version), { body, hash: sha512Upper(body) });
  }
  v3Documents = docs;
  return docs;
}

/** openapiV3Index returns the `GET /openapi/v3` body: every group version's document URL with its hash. */
export function openapiV3Index(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, doc] of allV3Documents()) {
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
  }
  return { paths };
}

/**
 * openapiV3Document returns the document of a group version path (`api/v1`, `apis/apps/v1`; a leading
 * slash is accepted), or undefined if that group version is not published.
 */
export function openapiV3Document(groupVersionPath: string): OpenApiDocument | undefined {
  return allV3Documents().get(groupVersionPath.replace(/^\/+|\/+$/g, ''));
}

/**
 * openapiV2Document returns the Swagger 2.0 JSON document of every served group version (the answer
 * to `GET /openapi/v2` with `Accept: application/json`); openapiV2Protobuf is its protobuf encoding.
 */
export function openapiV2Document(): string | undefined {
  if (v2Document !== undefined) return v2Document;
  const definitions: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const doc of allV3Documents().values()) {
    const parsed = JSON.parse(doc.body) as {
      paths: Record<string, OpenApiSchema>;
      components: { schemas: Record<string, OpenApiSchema> };
    };
    for (const [name, schema] of Object.entries(parsed.components.schemas))
      definitions[name] ??= toV2(schema);
    for (const [path, item] of Object.entries(parsed.paths)) paths[path] = toV2Path(item);
  }
  v2Document = JSON.stringify({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION },
    paths,
    definitions,
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  });
  return v2Document;
}

/** toV2 rewrites a v3 schema for Swagger 2.0: `#/definitions/` refs, single-ref `allOf` flattened, no `oneOf`. */
function toV2(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV2);
  if (!value || typeof value !== 'object') return value;
  const obj = value as OpenApiSchema;
  const out: OpenApiSchema = {};
  for (const [key, item] of Object.entries(obj)) {
    if (key === '$ref' && typeof item === 'string') {
      out.$ref = `#/definitions/${item.slice(REF_PREFIX.length)}`;
    } else if (key === 'allOf' && Array.isArray(item) && item.length === 1) {
      // Swagger 2.0 allows a description next to `$ref`, which is how upstream's v2 document writes it.
      Object.assign(out, toV2(item[0]));
    } else if (key === 'oneOf') {
      // v2 has no oneOf: upstream's v2 schemas of Quantity and IntOrString are plain strings.
      out.type = 'string';
    } else {
      out[key] = toV2(item);
    }
  }
  return out;
}

/** toV2Path converts one path item: body parameters instead of requestBody, response `schema` instead of `content`. */
function toV2Path(item: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [method, value] of Object.entries(item)) {
    if (method === 'parameters') {
      out.parameters = (value as OpenApiSchema[]).map(toV2Parameter);
      continue;
    }
    const op = value as OpenApiSchema;
    const parameters = ((op.parameters as OpenApiSchema[] | undefined) ?? []).map(toV2Parameter);
    const requestBody = op.requestBody as
      { content: Record<string, { schema: unknown }>; required?: boolean } | undefined;
    if (requestBody) {
      const first = Object.values(requestBody.content)[0]!;
      parameters.unshift({
        name: 'body',
        in: 'body',
        required: requestBody.required ?? false,
        schema: toV2(first.schema),
      });
    }
    const responses: OpenApiSchema = {};
    for (const [code, response] of Object.entries(op.responses as Record<string, OpenApiSchema>)) {
      const responseContent = response.content as Record<string, { schema: unknown }> | undefined;
      responses[code] = responseContent
        ? { description: response.description, schema: toV2(Object.values(responseContent)[0]!.schema) }
        : { description: response.description };
    }
    const { requestBody: _body, parameters: _params, responses: _responses, ...rest } = op;
    out[method] = {
      ...rest,
      ...(parameters.length > 0 ? { parameters } : {}),
      consumes: requestBody ? Object.keys(requestBody.content) : ['*/*'],
      produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
      schemes: ['https'],
      responses,
    };
  }
  return out;
}

function toV2Parameter(param: OpenApiSchema): OpenApiSchema {
  const { schema, ...rest } = param as OpenApiSchema & { schema?: OpenApiSchema };
  return { ...rest, ...(schema ?? {}) };
}

let v2Protobuf: Uint8Array | undefined;

/**
 * openapiV2Protobuf returns the Swagger 2.0 document encoded as gnostic's `openapi.v2.Document`, the
 * answer to `GET /openapi/v2` with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * (what kubectl asks for). Built once, on first use.
 */
export function openapiV2Protobuf(): Uint8Array | undefined {
  if (v2Protobuf !== undefined) return v2Protobuf;
  const json = openapiV2Document();
  if (json === undefined) return undefined;
  v2Protobuf = encodeOpenApiV2Protobuf(json);
  return v2Protobuf;
}
