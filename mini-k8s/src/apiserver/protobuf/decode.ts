/**
 * decodeKubernetesProtobuf turns an `application/vnd.kubernetes.protobuf` request body into the JSON object
 * the API server stores. The body is the magic `k8s\0` followed by a runtime.Unknown envelope whose `raw`
 * holds the object's message; the kind in the envelope picks the message schema (kinds.ts, schema.ts).
 *
 * The JSON follows what the Go API server would produce by unmarshalling into the typed struct and
 * marshalling with encoding/json: gogo-protobuf writes non-pointer zero values (`stdin: false`,
 * `generation: 0`), and omitempty drops them again, while pointer fields keep an explicit zero
 * (`replicas: 0`) and non-pointer structs are always present (`creationTimestamp: null`, `resources: {}`).
 */
import type { KubeObject } from '../../api/object';
import { StatusError, errors } from '../../machinery/errors';
import { kindMessage } from './kinds';
import { type FieldSchema, type MessageSchema, type ValueType, messageSchema } from './schema';
import { decodeSpecial, zeroSpecial } from './special';
import { ProtoReader, WireError, WireType, decodeUtf8 } from './wire';

/** PROTOBUF_MAGIC is the 4-byte prefix of every Kubernetes protobuf body: `k8s\0`. */
export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** MAX_DEPTH bounds message nesting so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

/**
 * decodeKubernetesProtobuf decodes a protobuf request body into a KubeObject (apiVersion and kind from the
 * envelope first). Any malformed input (wrong magic, truncation, wrong wire types, unknown kind, invalid
 * UTF-8, a compressed envelope) throws a 400 BadRequest StatusError; it never throws anything else.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  try {
    return decodeEnvelope(body);
  } catch (err) {
    if (err instanceof StatusError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw errors.badRequest(`unable to decode protobuf request body: ${detail}`);
  }
}

function decodeEnvelope(body: Uint8Array): KubeObject {
  if (body.length < PROTOBUF_MAGIC.length || PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) {
    // Same text as apimachinery's protobuf serializer.
    throw errors.badRequest(
      `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_MAGIC.join(' ')}]`,
    );
  }
  const reader = new ProtoReader(body.subarray(PROTOBUF_MAGIC.length));
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  while (!reader.done()) {
    const { field, wireType } = reader.key();
    if (field >= 1 && field <= 4 && wireType !== WireType.LengthDelimited) {
      throw new WireError(`wrong wireType = ${wireType} for field ${field} in runtime.Unknown`);
    }
    if (field === 1) ({ apiVersion, kind } = decodeTypeMeta(reader.bytes()));
    else if (field === 2) raw = reader.bytes();
    else if (field === 3) contentEncoding = decodeUtf8(reader.bytes());
    else if (field === 4) reader.bytes();
    else reader.skip(wireType);
  }
  if (contentEncoding !== '') {
    throw errors.badRequest(`unsupported protobuf content encoding ${JSON.stringify(contentEncoding)}`);
  }
  if (kind === '') throw errors.badRequest("Object 'Kind' is missing in the protobuf envelope");
  const ref = kindMessage(apiVersion, kind);
  if (!ref) {
    throw errors.badRequest(
      `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}`,
    );
  }
  const decoded = decodeMessage(messageSchema(ref), raw, 1);
  return { apiVersion, kind, ...(decoded as Record<string, unknown>) } as KubeObject;
}

function decodeTypeMeta(payload: Uint8Array): { apiVersion: string; kind: string } {
  const reader = new ProtoReader(payload);
  const typeMeta = { apiVersion: '', kind: '' };
  while (!reader.done()) {
    const { field, wireType } = reader.key();
    if ((field === 1 || field === 2) && wireType !== WireType.LengthDelimited) {
      throw new WireError(`wrong wireType = ${wireType} for field ${field} in runtime.TypeMeta`);
    }
    if (field === 1) typeMeta.apiVersion = decodeUtf8(reader.bytes());
    else if (field === 2) typeMeta.kind = decodeUtf8(reader.bytes());
    else reader.skip(wireType);
  }
  return typeMeta;
}

/**
 * decodeMessage decodes one message payload to its JSON value: an object, or for a Go slice type
 * (`@list`) an array or null. An empty payload yields the JSON of the Go zero value.
 */
function decodeMessage(schema: MessageSchema, payload: Uint8Array, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new WireError(`messages nested deeper than ${MAX_DEPTH} levels`);
  const values = new Map<number, unknown[]>();
  const reader = new ProtoReader(payload);
  while (!reader.done()) {
    const { field: number, wireType } = reader.key();
    const field = schema.byNumber.get(number);
    if (!field) {
      // Why: proto2 keeps unknown fields; for us they are fields of a newer API version, so ignore them.
      reader.skip(wireType);
      continue;
    }
    let list = values.get(number);
    if (!list) values.set(number, (list = []));
    readValue(reader, wireType, field, schema, depth, list);
  }
  if (schema.listWrapper) {
    const items = values.get(schema.fields[0].number) ?? [];
    return items.length > 0 ? items : null;
  }
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) emitField(out, field, values.get(field.number), depth);
  return out;
}

/** readValue reads one occurrence of a field (several values for a packed repeated scalar). */
function readValue(
  reader: ProtoReader,
  wireType: number,
  field: FieldSchema,
  schema: MessageSchema,
  depth: number,
  into: unknown[],
): void {
  const where = `${schema.protoName}.${field.name}`;
  if (field.mapKey) {
    expectWireType(wireType, WireType.LengthDelimited, where);
    into.push(decodeMapEntry(reader.bytes(), field, where, depth));
    return;
  }
  const type = field.type;
  if (type.kind !== 'scalar' || type.scalar === 'string' || type.scalar === 'bytes') {
    expectWireType(wireType, WireType.LengthDelimited, where);
    into.push(decodeLengthDelimited(type, reader.bytes(), depth));
    return;
  }
  if (field.repeated && wireType === WireType.LengthDelimited) {
    // Packed encoding of a repeated number: the payload is a run of values without keys.
    const packed = new ProtoReader(reader.bytes());
    while (!packed.done()) into.push(readNumber(packed, type.scalar, numberWireType(type.scalar), where));
    return;
  }
  into.push(readNumber(reader, type.scalar, wireType, where));
}

function decodeLengthDelimited(type: ValueType, payload: Uint8Array, depth: number): unknown {
  if (type.kind === 'special') return decodeSpecial(type.special, payload);
  if (type.kind === 'message') return decodeMessage(messageSchema(type.ref), payload, depth + 1);
  return type.scalar === 'string' ? decodeUtf8(payload) : payload.slice();
}

function decodeMapEntry(
  payload: Uint8Array,
  field: FieldSchema,
  where: string,
  depth: number,
): [string, unknown] {
  const reader = new ProtoReader(payload);
  let key: unknown;
  let value: unknown;
  let hasValue = false;
  while (!reader.done()) {
    const { field: number, wireType } = reader.key();
    if (number === 1) {
      key =
        field.mapKey === 'string'
          ? (expectWireType(wireType, WireType.LengthDelimited, where), decodeUtf8(reader.bytes()))
          : readNumber(reader, field.mapKey!, wireType, where);
    } else if (number === 2) {
      if (field.type.kind === 'scalar' && field.type.scalar !== 'string' && field.type.scalar !== 'bytes') {
        value = readNumber(reader, field.type.scalar, wireType, where);
      } else {
        expectWireType(wireType, WireType.LengthDelimited, where);
        value = decodeLengthDelimited(field.type, reader.bytes(), depth);
      }
      hasValue = true;
    } else {
      reader.skip(wireType);
    }
  }
  return [String(key ?? zeroScalarJson(field.mapKey!)), hasValue ? value : zeroValue(field.type, depth)];
}

function readNumber(reader: ProtoReader, scalar: string, wireType: number, where: string): unknown {
  expectWireType(wireType, numberWireType(scalar), where);
  switch (scalar) {
    case 'double':
      return new DataView(copyOf(reader.fixed64()).buffer).getFloat64(0, true);
    case 'float':
      return new DataView(copyOf(reader.fixed32()).buffer).getFloat32(0, true);
    case 'bool':
      return reader.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, reader.varint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, reader.varint()));
    case 'uint64':
      return Number(reader.varint());
    default:
      return Number(BigInt.asIntN(64, reader.varint()));
  }
}

function numberWireType(scalar: string): number {
  if (scalar === 'double') return WireType.Fixed64;
  if (scalar === 'float') return WireType.Fixed32;
  return WireType.Varint;
}

function expectWireType(actual: number, expected: number, where: string): void {
  if (actual !== expected) throw new WireError(`wrong wireType = ${actual} for field ${where}`);
}

function copyOf(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

/** emitField writes one field into the parent JSON object following Go's encoding/json rules. */
function emitField(
  out: Record<string, unknown>,
  field: FieldSchema,
  values: unknown[] | undefined,
  depth: number,
) {
  const present = values !== undefined && values.length > 0;
  if (field.inline) {
    if (!present && field.pointer) return;
    const inner = present ? values[values.length - 1] : zeroValue(field.type, depth);
    if (inner && typeof inner === 'object') Object.assign(out, inner);
    return;
  }
  if (field.mapKey) {
    if (present)
      out[field.name] = Object.fromEntries((values as [string, unknown][]).map(([k, v]) => [k, toJson(v)]));
    else if (!field.omitEmpty) out[field.name] = null;
    return;
  }
  if (field.repeated) {
    if (present) out[field.name] = values.map(toJson);
    else if (!field.omitEmpty) out[field.name] = null;
    return;
  }
  const isBytes = field.type.kind === 'scalar' && field.type.scalar === 'bytes';
  if (field.pointer || isBytes) {
    // A pointer (or a []byte, which is a slice) is either set, kept even when zero, or nil.
    const value = present ? values[values.length - 1] : undefined;
    if (value !== undefined && !(isBytes && field.omitEmpty && (value as Uint8Array).length === 0)) {
      out[field.name] = toJson(value);
    } else if (!field.omitEmpty) out[field.name] = null;
    return;
  }
  const value = present ? values[values.length - 1] : zeroValue(field.type, depth);
  if (field.type.kind === 'scalar' && field.omitEmpty && (value === '' || value === 0 || value === false))
    return;
  out[field.name] = value;
}

/** zeroValue is the JSON of the Go zero value of a type. */
function zeroValue(type: ValueType, depth: number): unknown {
  if (type.kind === 'special') return zeroSpecial(type.special);
  if (type.kind === 'message') return decodeMessage(messageSchema(type.ref), new Uint8Array(0), depth + 1);
  return type.scalar === 'bytes' ? new Uint8Array(0) : zeroScalarJson(type.scalar);
}

function zeroScalarJson(scalar: string): unknown {
  if (scalar === 'string') return '';
  if (scalar === 'bool') return false;
  return 0;
}

/** toJson renders bytes as base64 (Go's encoding of []byte); other values are already JSON. */
function toJson(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}
