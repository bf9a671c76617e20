/**
 * The apimachinery types whose JSON form is not a plain object: metav1.Time / MicroTime / Duration /
 * FieldsV1, resource.Quantity, intstr.IntOrString and runtime.RawExtension. Each has a protobuf message
 * and a custom Go JSON marshaller; these functions convert between the two forms the way those
 * marshallers do.
 */
import type { SpecialType } from './schema';
import { ProtoReader, ProtoWriter, WireError, WireType, decodeUtf8 } from './wire';

/** decodeSpecial converts the payload of a special message to its JSON value. */
export function decodeSpecial(type: SpecialType, payload: Uint8Array): unknown {
  switch (type) {
    case 'meta.Time': {
      // Why: metav1.Time unmarshals an empty payload to the zero time (JSON null) and drops nanoseconds.
      if (payload.length === 0) return null;
      const { seconds } = readTimestamp(payload);
      return formatTime(seconds, 0, false);
    }
    case 'meta.MicroTime': {
      if (payload.length === 0) return null;
      const { seconds, nanos } = readTimestamp(payload);
      return formatTime(seconds, nanos, true);
    }
    case 'meta.Duration':
      return formatGoDuration(readFields(payload).get(1)?.varint ?? 0n);
    case 'meta.FieldsV1':
      return parseRawJson(readFields(payload).get(1)?.bytes, 'fieldsV1');
    case 'runtime.RawExtension':
      return parseRawJson(readFields(payload).get(1)?.bytes, 'RawExtension');
    case 'resource.Quantity': {
      const text = readFields(payload).get(1)?.bytes;
      return text ? decodeUtf8(text) : '0';
    }
    case 'intstr.IntOrString': {
      const fields = readFields(payload);
      const kind = fields.get(1)?.varint ?? 0n;
      if (kind === 1n) return fields.get(3)?.bytes ? decodeUtf8(fields.get(3)!.bytes!) : '';
      return Number(BigInt.asIntN(32, fields.get(2)?.varint ?? 0n));
    }
  }
}

/** zeroSpecial is the JSON of the Go zero value of a special type (a non-pointer field left unset). */
export function zeroSpecial(type: SpecialType): unknown {
  switch (type) {
    case 'meta.Time':
    case 'meta.MicroTime':
    case 'meta.FieldsV1':
    case 'runtime.RawExtension':
      return null;
    case 'meta.Duration':
      return '0s';
    case 'resource.Quantity':
      return '0';
    case 'intstr.IntOrString':
      return 0;
  }
}

/** encodeSpecial writes the protobuf payload of a special value (inverse of decodeSpecial). */
export function encodeSpecial(type: SpecialType, value: unknown, path: string): Uint8Array {
  const w = new ProtoWriter();
  switch (type) {
    case 'meta.Time':
    case 'meta.MicroTime': {
      if (value === null || value === undefined) break;
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) throw new WireError(`${path}: invalid time ${JSON.stringify(value)}`);
      const fraction = /\.(\d+)/.exec(value as string)?.[1] ?? '';
      const nanos = type === 'meta.MicroTime' ? Number(fraction.padEnd(9, '0').slice(0, 9)) : 0;
      w.key(1, WireType.Varint).varint(BigInt(Math.floor(ms / 1000)));
      w.key(2, WireType.Varint).varint(nanos);
      break;
    }
    case 'meta.Duration':
      w.key(1, WireType.Varint).varint(parseGoDuration(String(value), path));
      break;
    case 'meta.FieldsV1':
    case 'runtime.RawExtension':
      if (value !== null && value !== undefined)
        w.bytesField(1, new TextEncoder().encode(JSON.stringify(value)));
      break;
    case 'resource.Quantity':
      w.stringField(1, String(value));
      break;
    case 'intstr.IntOrString': {
      // gogo writes all three fields of the struct, whichever one is in use.
      const isInt = typeof value === 'number';
      w.key(1, WireType.Varint).varint(isInt ? 0 : 1);
      w.key(2, WireType.Varint).varint(isInt ? value : 0);
      w.stringField(3, isInt ? '' : String(value));
      break;
    }
  }
  return w.finish();
}

interface RawField {
  varint?: bigint;
  bytes?: Uint8Array;
}

/** readFields reads a small flat message into field number → last value (proto "last one wins"). */
function readFields(payload: Uint8Array): Map<number, RawField> {
  const reader = new ProtoReader(payload);
  const fields = new Map<number, RawField>();
  while (!reader.done()) {
    const { field, wireType } = reader.key();
    if (wireType === WireType.Varint) fields.set(field, { varint: reader.varint() });
    else if (wireType === WireType.LengthDelimited) fields.set(field, { bytes: reader.bytes() });
    else reader.skip(wireType);
  }
  return fields;
}

function readTimestamp(payload: Uint8Array): { seconds: bigint; nanos: number } {
  const fields = readFields(payload);
  return {
    seconds: BigInt.asIntN(64, fields.get(1)?.varint ?? 0n),
    nanos: Number(BigInt.asIntN(32, fields.get(2)?.varint ?? 0n)),
  };
}

/** formatTime renders Go's RFC3339 (`…T15:04:05Z`) or, for MicroTime, `…T15:04:05.000000Z` in UTC. */
function formatTime(seconds: bigint, nanos: number, micro: boolean): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    throw new WireError(`time out of range: ${seconds} seconds`);
  }
  const base = date.toISOString().slice(0, 19);
  if (!micro) return `${base}Z`;
  const micros = Math.floor(Math.min(Math.max(nanos, 0), 999_999_999) / 1000);
  return `${base}.${String(micros).padStart(6, '0')}Z`;
}

function parseRawJson(raw: Uint8Array | undefined, what: string): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(decodeUtf8(raw));
  } catch {
    throw new WireError(`${what} does not hold JSON`);
  }
}

const UNITS: readonly [string, bigint][] = [
  ['h', 3_600_000_000_000n],
  ['m', 60_000_000_000n],
  ['s', 1_000_000_000n],
  ['ms', 1_000_000n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ns', 1n],
];

/** formatGoDuration renders nanoseconds like Go's time.Duration.String (`1h2m3.5s`, `150ms`, `0s`). */
export function formatGoDuration(nanoseconds: bigint): string {
  const ns = BigInt.asIntN(64, nanoseconds);
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  if (abs === 0n) return '0s';
  if (abs < 1_000_000_000n) {
    // Why: Go switches to ns/µs/ms units below one second, with a fractional part in that unit.
    const [unit, size] = abs < 1_000n ? ['ns', 1n] : abs < 1_000_000n ? ['µs', 1_000n] : ['ms', 1_000_000n];
    return `${sign}${withFraction(abs, size as bigint)}${unit}`;
  }
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = withFraction(abs % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** parseGoDuration parses Go duration syntax (`1h30m`, `-1.5s`, `300ms`) into nanoseconds. */
export function parseGoDuration(text: string, path = 'duration'): bigint {
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:h|m|s|ms|us|µs|μs|ns))+$/.exec(text);
  if (text === '0' || text === '-0' || text === '+0') return 0n;
  if (!match) throw new WireError(`${path}: invalid duration ${JSON.stringify(text)}`);
  let total = 0n;
  for (const part of text.slice(match[1].length).matchAll(/(\d*)(?:\.(\d*))?(ms|us|µs|μs|ns|h|m|s)/g)) {
    const size = UNITS.find(([unit]) => unit === part[3])![1];
    const fraction = part[2] ?? '';
    total += BigInt(part[1] || '0') * size;
    if (fraction) total += (BigInt(fraction) * size) / 10n ** BigInt(fraction.length);
  }
  return match[1] === '-' ? -total : total;
}
