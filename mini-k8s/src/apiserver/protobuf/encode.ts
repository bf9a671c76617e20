/**
 * encodeKubernetesProtobuf is the inverse of decodeKubernetesProtobuf: it writes a JSON object as the
 * protobuf body a Go client would send, mimicking gogo-protobuf (non-pointer fields always written, even
 * when zero; pointer fields only when set; map entries sorted by key; fields in number order). It lets
 * tests and in-process clients produce protobuf bodies without kubectl.
 */
import type { KubeObject } from '../../api/object';
import { PROTOBUF_MAGIC } from './decode';
import { kindMessage } from './kinds';
import { type FieldSchema, type MessageSchema, type ValueType, messageSchema } from './schema';
import { encodeSpecial } from './special';
import { ProtoWriter, WireError, WireType } from './wire';

/**
 * encodeKubernetesProtobuf encodes a KubeObject of a supported kind (see kinds.ts). It throws a WireError
 * for an unsupported kind, a JSON field the schema does not know, or a value of the wrong JSON type.
 */
export function encodeKubernetesProtobuf(obj: KubeObject): Uint8Array {
  const ref = kindMessage(obj.apiVersion, obj.kind);
  if (!ref) throw new WireError(`no protobuf message for ${obj.apiVersion} ${obj.kind}`);
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  const raw = encodeMessage(messageSchema(ref), rest, obj.kind);
  const envelope = new ProtoWriter()
    .message(1, (w) => w.stringField(1, obj.apiVersion).stringField(2, obj.kind))
    .bytesField(2, raw)
    .stringField(3, '')
    .stringField(4, '')
    .finish();
  const body = new Uint8Array(PROTOBUF_MAGIC.length + envelope.length);
  body.set(PROTOBUF_MAGIC);
  body.set(envelope, PROTOBUF_MAGIC.length);
  return body;
}

function encodeMessage(schema: MessageSchema, value: unknown, path: string): Uint8Array {
  const w = new ProtoWriter();
  if (schema.listWrapper) {
    const items = value === null || value === undefined ? [] : expectArray(value, path);
    const field = schema.fields[0];
    items.forEach((item, i) => writeValue(w, field.number, field.type, item, `${path}[${i}]`));
    return w.finish();
  }
  const obj = value === null || value === undefined ? {} : expectObject(value, path);
  checkKnownFields(schema, obj, path);
  for (const field of [...schema.fields].sort((a, b) => a.number - b.number)) {
    writeField(w, field, obj, `${path}.${field.name}`);
  }
  return w.finish();
}

/** checkKnownFields rejects JSON keys that no field (direct or inlined) of the schema accounts for. */
function checkKnownFields(schema: MessageSchema, obj: Record<string, unknown>, path: string): void {
  const known = jsonNames(schema);
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new WireError(`${path}: unknown field ${JSON.stringify(key)}`);
  }
}

/** jsonNames lists the JSON keys of a message, including those of its inlined structs. */
function jsonNames(schema: MessageSchema, into = new Set<string>()): Set<string> {
  for (const f of schema.fields) {
    if (f.inline && f.type.kind === 'message') jsonNames(messageSchema(f.type.ref), into);
    else into.add(f.name);
  }
  return into;
}

function writeField(w: ProtoWriter, field: FieldSchema, obj: Record<string, unknown>, path: string): void {
  if (field.inline) {
    // The embedded struct's fields live in the parent JSON object; only fields it knows are passed down.
    if (field.type.kind !== 'message') throw new WireError(`${path}: inline field is not a message`);
    const inner = messageSchema(field.type.ref);
    const names = jsonNames(inner);
    const subset = Object.fromEntries(Object.entries(obj).filter(([k]) => names.has(k)));
    if (field.pointer && Object.keys(subset).length === 0) return;
    w.bytesField(field.number, encodeMessage(inner, subset, path));
    return;
  }
  const value = obj[field.name];
  if (field.mapKey) {
    if (value === undefined || value === null) return;
    const entries = Object.entries(expectObject(value, path)).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    for (const [key, item] of entries) {
      w.message(field.number, (entry) => {
        writeValue(
          entry,
          1,
          { kind: 'scalar', scalar: field.mapKey! },
          field.mapKey === 'string' ? key : Number(key),
          path,
        );
        writeValue(entry, 2, field.type, item, `${path}[${JSON.stringify(key)}]`);
      });
    }
    return;
  }
  if (field.repeated) {
    if (value === undefined || value === null) return;
    expectArray(value, path).forEach((item, i) =>
      writeValue(w, field.number, field.type, item, `${path}[${i}]`),
    );
    return;
  }
  const isBytes = field.type.kind === 'scalar' && field.type.scalar === 'bytes';
  if ((field.pointer || isBytes) && (value === undefined || value === null)) return;
  writeValue(w, field.number, field.type, value ?? zeroJson(field.type), path);
}

function zeroJson(type: ValueType): unknown {
  if (type.kind !== 'scalar') return null;
  if (type.scalar === 'string') return '';
  if (type.scalar === 'bool') return false;
  return 0;
}

function writeValue(w: ProtoWriter, number: number, type: ValueType, value: unknown, path: string): void {
  if (type.kind === 'special') {
    w.bytesField(number, encodeSpecial(type.special, value, path));
    return;
  }
  if (type.kind === 'message') {
    w.bytesField(number, encodeMessage(messageSchema(type.ref), value, path));
    return;
  }
  switch (type.scalar) {
    case 'string':
      if (typeof value !== 'string') throw new WireError(`${path}: expected a string`);
      w.stringField(number, value);
      return;
    case 'bytes':
      if (typeof value !== 'string') throw new WireError(`${path}: expected a base64 string`);
      w.bytesField(number, Buffer.from(value, 'base64'));
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new WireError(`${path}: expected a boolean`);
      w.key(number, WireType.Varint).varint(value ? 1 : 0);
      return;
    case 'double':
    case 'float': {
      if (typeof value !== 'number') throw new WireError(`${path}: expected a number`);
      const size = type.scalar === 'double' ? 8 : 4;
      const view = new DataView(new ArrayBuffer(size));
      if (size === 8) view.setFloat64(0, value, true);
      else view.setFloat32(0, value, true);
      w.key(number, size === 8 ? WireType.Fixed64 : WireType.Fixed32).raw(new Uint8Array(view.buffer));
      return;
    }
    default:
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new WireError(`${path}: expected an integer`);
      w.key(number, WireType.Varint).varint(BigInt(value));
  }
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireError(`${path}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new WireError(`${path}: expected an array`);
  return value;
}
