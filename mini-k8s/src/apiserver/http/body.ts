/**
 * Request body reading and decoding: the size limit, content-type negotiation (JSON, YAML, protobuf,
 * the four patch types) and the apiserver's texts for undecodable bodies.
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../api/object';
import type { PatchType } from '../registry/interface';
import { errors, StatusError } from '../../machinery/errors';
import { goJsonSyntaxError } from './json-syntax';
import { isCarried, requestBytes } from '../../machinery/carried-body';

/** MAX_BODY_BYTES is the apiserver's default request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** BodyFormat is how a request body is encoded. */
export type BodyFormat = 'json' | 'yaml' | 'protobuf';

/** PROTOBUF_MAGIC starts every Kubernetes protobuf envelope (`k8s\0`). */
const PROTOBUF_MAGIC = [0x6b, 0x38, 0x73, 0x00];

/**
 * readBody reads the whole request body, failing with 413 as soon as it exceeds `limit` bytes so a huge
 * upload is never buffered entirely.
 */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit)
    throw errors.tooLarge(`Request entity too large: limit is ${limit}`);
  if (isCarried(request)) {
    const bytes = await requestBytes(request);
    if (bytes.byteLength > limit) throw errors.tooLarge(`Request entity too large: limit is ${limit}`);
    return bytes;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw errors.tooLarge(`Request entity too large: limit is ${limit}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** mediaType returns the lower-case media type of a Content-Type header, without parameters. */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** bodyFormatOf maps a Content-Type to a body format; an absent Content-Type means JSON (as client-go's default). */
export function bodyFormatOf(contentType: string | null | undefined): BodyFormat {
  const type = mediaType(contentType);
  switch (type) {
    case '':
    case 'application/json':
    case '*/*':
      return 'json';
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return 'yaml';
    case 'application/vnd.kubernetes.protobuf':
      return 'protobuf';
    default:
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      );
  }
}

/** PATCH_TYPES maps patch media types to the registry's PatchType. */
const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** patchTypeOf maps a PATCH Content-Type to a PatchType, 415 for anything else (the apiserver's patch handler text). */
export function patchTypeOf(contentType: string | null | undefined): PatchType {
  const type = PATCH_TYPES[mediaType(contentType)];
  if (!type) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`,
    );
  }
  return type;
}

/** summarizeData shortens a body for error messages like the apiserver's summarizeData (30 bytes then ` ...`). */
export function summarizeData(body: Uint8Array, maxLength = 30): string {
  if (body.byteLength === 0) return '<empty>';
  if (PROTOBUF_MAGIC.every((b, i) => body[i] === b)) return '<protobuf>';
  const text = new TextDecoder().decode(body);
  return body.byteLength > maxLength ? `${new TextDecoder().decode(body.subarray(0, maxLength))} ...` : text;
}

/**
 * parseJsonText parses JSON and, on failure, throws 400 with Go's scanner message prefixed by `prefix`
 * (the apiserver wraps it differently for objects and patches).
 */
export function parseJsonText(text: string, describe: (goMessage: string) => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const goMessage = goJsonSyntaxError(text) ?? 'unexpected end of JSON input';
    throw errors.badRequest(describe(goMessage));
  }
}

/** parseYamlText parses one YAML document, 400 with the parser's message on failure. */
export function parseYamlText(text: string, describe: (message: string) => string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw errors.badRequest(describe(`yaml: ${message}`));
  }
}

/** isPlainObject tells whether a decoded value is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DecodedObject is a decoded object body with the text it came from (for duplicate-field checks). */
export interface DecodedObject {
  object: KubeObject;
  /** JSON text of the body when it was JSON, for Go-style duplicate field detection. */
  jsonText?: string;
  format: BodyFormat;
}

/**
 * decodeObjectText decodes a JSON or YAML object body for a resource whose kind is `expectedKind`. The
 * messages follow the apiserver's transformDecodeError: `the object provided is unrecognized (must be of
 * type Pod): couldn't get version/kind; json parse error: ... ({bad)`.
 */
export function decodeObjectText(
  body: Uint8Array,
  format: 'json' | 'yaml',
  expectedKind: string,
): DecodedObject {
  const text = new TextDecoder().decode(body);
  const unrecognized = (cause: string) =>
    `the object provided is unrecognized (must be of type ${expectedKind}): ${cause} (${summarizeData(body)})`;
  const value =
    format === 'json'
      ? parseJsonText(text, (m) => unrecognized(`couldn't get version/kind; json parse error: ${m}`))
      : parseYamlText(text, (m) =>
          unrecognized(`couldn't get version/kind; json parse error: error converting YAML to JSON: ${m}`),
        );
  if (!isPlainObject(value)) {
    throw errors.badRequest(
      unrecognized(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
      ),
    );
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    if (value[field] !== undefined && value[field] !== null && typeof value[field] !== 'string') {
      throw errors.badRequest(
        unrecognized(
          `couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(value[field])} into Go struct field .${field} of type string`,
        ),
      );
    }
  }
  if (value.metadata !== undefined && value.metadata !== null && !isPlainObject(value.metadata)) {
    const kind = typeof value.kind === 'string' && value.kind ? value.kind : expectedKind;
    throw errors.badRequest(
      `${kind} in version ${JSON.stringify(versionOf(value))} cannot be handled as a ${expectedKind}: json: cannot unmarshal ${goTypeName(value.metadata)} into Go struct field ${kind}.metadata of type v1.ObjectMeta`,
    );
  }
  const object = value as KubeObject;
  if (!isPlainObject(object.metadata)) object.metadata = {};
  return format === 'json' ? { object, jsonText: text, format } : { object, format };
}

/** versionOf returns the version part of a body's apiVersion ('' when absent). */
function versionOf(value: Record<string, unknown>): string {
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}

/** goTypeName names a JSON value's type the way Go's json errors do. */
export function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}
