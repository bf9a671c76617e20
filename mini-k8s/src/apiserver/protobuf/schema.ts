/**
 * The message schemas the protobuf codec works from. Each API package has a compact table (schema/*.ts)
 * written in the notation below; `messageSchema()` parses an entry once and caches it.
 *
 * Notation: a message is a list of strings holding space-separated fields `jsonName=number:type[marks]`.
 * - type: a scalar (`string bool int32 int64 uint32 uint64 double float bytes`), a message (`Name` in the
 *   same package, `pkg.Name` elsewhere), `[]T` for a repeated field, `{K:V}` for a map.
 * - marks (Go struct facts that decide the JSON form): `?` the Go field is a pointer (an explicit zero is
 *   kept), `!` its JSON tag has no omitempty (a zero value is still written), `^` it is an embedded struct
 *   inlined into the parent JSON object (`json:",inline"`).
 * - a message whose first token is `@list` is a Go slice type (e.g. ExtraValue): its JSON is the array
 *   held in its only field.
 */
import { APPS_MESSAGES } from './schema/apps';
import { AUTHENTICATION_MESSAGES } from './schema/authentication';
import { AUTHORIZATION_MESSAGES } from './schema/authorization';
import { AUTOSCALING_MESSAGES } from './schema/autoscaling';
import { BATCH_MESSAGES } from './schema/batch';
import { CERTIFICATES_MESSAGES } from './schema/certificates';
import { CORE_OBJECTS_MESSAGES } from './schema/core-objects';
import { CORE_POD_MESSAGES } from './schema/core-pod';
import { CORE_VOLUME_MESSAGES } from './schema/core-volume';
import { META_MESSAGES } from './schema/meta';
import { NETWORKING_MESSAGES } from './schema/networking';
import { POLICY_MESSAGES } from './schema/policy';
import { RBAC_MESSAGES } from './schema/rbac';
import { SCHEDULING_MESSAGES } from './schema/scheduling';

/** MessageTable maps message names of one package to their field lists in the notation above. */
export type MessageTable = Readonly<Record<string, readonly string[]>>;

export type ScalarType =
  'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes';

/** SpecialType lists the apimachinery messages whose JSON form is not an object (see special.ts). */
export type SpecialType =
  | 'meta.Time'
  | 'meta.MicroTime'
  | 'meta.Duration'
  | 'meta.FieldsV1'
  | 'resource.Quantity'
  | 'intstr.IntOrString'
  | 'runtime.RawExtension';

const SPECIAL_TYPES: ReadonlySet<string> = new Set<SpecialType>([
  'meta.Time',
  'meta.MicroTime',
  'meta.Duration',
  'meta.FieldsV1',
  'resource.Quantity',
  'intstr.IntOrString',
  'runtime.RawExtension',
]);

const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'double',
  'float',
  'bytes',
]);

/** ValueType is the type of one value: a scalar, a special apimachinery type or a message `pkg.Name`. */
export type ValueType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'special'; special: SpecialType }
  | { kind: 'message'; ref: string };

/** FieldSchema describes one field of a message. */
export interface FieldSchema {
  name: string;
  number: number;
  /** Element type for repeated fields, value type for maps. */
  type: ValueType;
  repeated: boolean;
  /** Key type when the field is a map. */
  mapKey?: ScalarType;
  pointer: boolean;
  omitEmpty: boolean;
  inline: boolean;
}

/** MessageSchema is a parsed message: fields in Go struct order plus a lookup by field number. */
export interface MessageSchema {
  /** `pkg.Name`, e.g. `apps.Deployment`. */
  ref: string;
  /** Fully qualified protobuf name, e.g. `k8s.io.api.apps.v1.Deployment`. */
  protoName: string;
  listWrapper: boolean;
  fields: readonly FieldSchema[];
  byNumber: ReadonlyMap<number, FieldSchema>;
}

/** PACKAGES maps our short package names to the protobuf package and the message table. */
const PACKAGES: Readonly<Record<string, { proto: string; table: MessageTable }>> = {
  meta: { proto: 'k8s.io.apimachinery.pkg.apis.meta.v1', table: META_MESSAGES },
  core: {
    proto: 'k8s.io.api.core.v1',
    table: { ...CORE_OBJECTS_MESSAGES, ...CORE_POD_MESSAGES, ...CORE_VOLUME_MESSAGES },
  },
  apps: { proto: 'k8s.io.api.apps.v1', table: APPS_MESSAGES },
  batch: { proto: 'k8s.io.api.batch.v1', table: BATCH_MESSAGES },
  rbac: { proto: 'k8s.io.api.rbac.v1', table: RBAC_MESSAGES },
  networking: { proto: 'k8s.io.api.networking.v1', table: NETWORKING_MESSAGES },
  policy: { proto: 'k8s.io.api.policy.v1', table: POLICY_MESSAGES },
  scheduling: { proto: 'k8s.io.api.scheduling.v1', table: SCHEDULING_MESSAGES },
  autoscaling: { proto: 'k8s.io.api.autoscaling.v1', table: AUTOSCALING_MESSAGES },
  authentication: { proto: 'k8s.io.api.authentication.v1', table: AUTHENTICATION_MESSAGES },
  authorization: { proto: 'k8s.io.api.authorization.v1', table: AUTHORIZATION_MESSAGES },
  certificates: { proto: 'k8s.io.api.certificates.v1', table: CERTIFICATES_MESSAGES },
};

const cache = new Map<string, MessageSchema>();

/** messageRefs lists every `pkg.Name` that has a table entry (used by the self-consistency tests). */
export function messageRefs(): string[] {
  return Object.entries(PACKAGES).flatMap(([pkg, { table }]) => Object.keys(table).map((n) => `${pkg}.${n}`));
}

/**
 * messageSchema returns the parsed schema of `pkg.Name`. It throws a plain Error for a reference that is
 * not in the tables or a malformed table entry: both are programming errors, not bad input.
 */
export function messageSchema(ref: string): MessageSchema {
  const cached = cache.get(ref);
  if (cached) return cached;
  const dot = ref.indexOf('.');
  const pkg = ref.slice(0, dot);
  const name = ref.slice(dot + 1);
  const entry = PACKAGES[pkg]?.table[name];
  if (dot < 0 || !entry) throw new Error(`protobuf schema: no message ${ref}`);
  let tokens = entry.join(' ').split(/\s+/).filter(Boolean);
  const listWrapper = tokens[0] === '@list';
  if (listWrapper) tokens = tokens.slice(1);
  const fields = tokens.map((token) => parseField(token, pkg, ref));
  const schema: MessageSchema = {
    ref,
    protoName: `${PACKAGES[pkg].proto}.${name}`,
    listWrapper,
    fields,
    byNumber: new Map(fields.map((f) => [f.number, f])),
  };
  cache.set(ref, schema);
  return schema;
}

function parseField(token: string, pkg: string, ref: string): FieldSchema {
  const match = /^(\w+)=(\d+):([^?!^]+)([?!^]*)$/.exec(token);
  if (!match) throw new Error(`protobuf schema: bad field "${token}" in ${ref}`);
  const [, name, number, typeText, marks] = match;
  const field: FieldSchema = {
    name,
    number: Number(number),
    type: { kind: 'scalar', scalar: 'string' },
    repeated: false,
    pointer: marks.includes('?'),
    omitEmpty: !marks.includes('!'),
    inline: marks.includes('^'),
  };
  const map = /^\{(\w+):([\w.]+)\}$/.exec(typeText);
  if (map) {
    if (!SCALAR_TYPES.has(map[1])) throw new Error(`protobuf schema: bad map key in ${ref}.${name}`);
    field.mapKey = map[1] as ScalarType;
    field.type = resolveType(map[2], pkg, ref);
  } else if (typeText.startsWith('[]')) {
    field.repeated = true;
    field.type = resolveType(typeText.slice(2), pkg, ref);
  } else {
    field.type = resolveType(typeText, pkg, ref);
  }
  return field;
}

function resolveType(text: string, pkg: string, ref: string): ValueType {
  if (SCALAR_TYPES.has(text)) return { kind: 'scalar', scalar: text as ScalarType };
  const full = text.includes('.') ? text : `${pkg}.${text}`;
  if (SPECIAL_TYPES.has(full)) return { kind: 'special', special: full as SpecialType };
  const [targetPkg, targetName] = full.split('.');
  if (!PACKAGES[targetPkg]?.table[targetName])
    throw new Error(`protobuf schema: unknown type ${text} in ${ref}`);
  return { kind: 'message', ref: full };
}
