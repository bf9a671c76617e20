/**
 * Field selectors (`a=b`, `a==b`, `a!=b`, comma-joined, `\` escapes) as apimachinery's fields.ParseSelector
 * parses them, checked against the fields each resource really supports (the scheme's field label
 * conversion functions) and matched against the same field sets the real registries compute (GetAttrs).
 */
import type { KubeObject } from '../api/object';
import { errors } from './errors';

/** FieldRequirement is one term of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** FieldSelector is a parsed, validated field selector for one resource. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** matches tells whether an object satisfies every term. */
  matches(obj: KubeObject): boolean;
  /** empty tells whether the selector selects everything. */
  empty(): boolean;
  /** requiresExactMatch returns the value a term `field=value` pins, if any (e.g. metadata.name). */
  requiresExactMatch(field: string): string | undefined;
  /** toString renders the terms sorted, like fields.Selector.String(). */
  toString(): string;
}

/** ResourceRef names the resource a selector applies to. */
export interface ResourceRef {
  group: string;
  resource: string;
}

type FieldGetter = (obj: KubeObject) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
const spec = (obj: KubeObject): Record<string, unknown> => rec(obj.spec);
const status = (obj: KubeObject): Record<string, unknown> => rec(obj.status);
const int = (v: unknown): string => (typeof v === 'number' ? String(v) : '0');

const META_NAME: Record<string, FieldGetter> = { 'metadata.name': (o) => str(o.metadata.name) };
const META: Record<string, FieldGetter> = {
  ...META_NAME,
  'metadata.namespace': (o) => str(o.metadata.namespace),
};

const EVENT_FIELDS: Record<string, FieldGetter> = {
  ...META,
  'involvedObject.kind': (o) => str(rec(o.involvedObject ?? o.regarding).kind),
  'involvedObject.namespace': (o) => str(rec(o.involvedObject ?? o.regarding).namespace),
  'involvedObject.name': (o) => str(rec(o.involvedObject ?? o.regarding).name),
  'involvedObject.uid': (o) => str(rec(o.involvedObject ?? o.regarding).uid),
  'involvedObject.apiVersion': (o) => str(rec(o.involvedObject ?? o.regarding).apiVersion),
  'involvedObject.resourceVersion': (o) => str(rec(o.involvedObject ?? o.regarding).resourceVersion),
  'involvedObject.fieldPath': (o) => str(rec(o.involvedObject ?? o.regarding).fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent ?? o.reportingController),
  source: (o) => str(rec(o.source).component ?? o.deprecatedSource),
  type: (o) => str(o.type),
};

/**
 * SUPPORTED maps `group/resource` to the fields its field label conversion function accepts. Resources
 * absent here use DefaultMetaV1FieldSelectorConversion (metadata.name and metadata.namespace only).
 */
const SUPPORTED: Record<string, Record<string, FieldGetter>> = {
  '/pods': {
    ...META,
    'spec.nodeName': (o) => str(spec(o).nodeName),
    'spec.restartPolicy': (o) => str(spec(o).restartPolicy),
    'spec.schedulerName': (o) => str(spec(o).schedulerName),
    'spec.serviceAccountName': (o) => str(spec(o).serviceAccountName),
    'spec.hostNetwork': (o) => String(spec(o).hostNetwork === true),
    'status.phase': (o) => str(status(o).phase),
    'status.podIP': (o) => {
      const ips = status(o).podIPs;
      if (Array.isArray(ips) && ips.length > 0) return str(rec(ips[0]).ip);
      return str(status(o).podIP);
    },
    'status.nominatedNodeName': (o) => str(status(o).nominatedNodeName),
  },
  '/nodes': { ...META_NAME, 'spec.unschedulable': (o) => String(spec(o).unschedulable === true) },
  '/replicationcontrollers': { ...META, 'status.replicas': (o) => int(status(o).replicas) },
  '/events': EVENT_FIELDS,
  'events.k8s.io/events': EVENT_FIELDS,
  '/namespaces': { ...META_NAME, 'status.phase': (o) => str(status(o).phase) },
  '/secrets': { ...META, type: (o) => str(o.type) },
  '/services': {
    ...META,
    'spec.clusterIP': (o) => str(spec(o).clusterIP),
    'spec.type': (o) => str(spec(o).type),
  },
  'apps/replicasets': { ...META, 'status.replicas': (o) => int(status(o).replicas) },
  'apps/statefulsets': { ...META, 'status.successful': (o) => int(status(o).succeeded) },
  'batch/jobs': { ...META, 'status.successful': (o) => int(status(o).succeeded) },
  'certificates.k8s.io/certificatesigningrequests': {
    ...META_NAME,
    'spec.signerName': (o) => str(spec(o).signerName),
  },
};

/** Backwards-compatible aliases the pod conversion function rewrites (old clients send spec.host). */
const ALIASES: Record<string, Record<string, string>> = { '/pods': { 'spec.host': 'spec.nodeName' } };

/** supportedFields lists the field selector labels a resource accepts. */
export function supportedFields(resource: ResourceRef): string[] {
  return Object.keys(SUPPORTED[`${resource.group}/${resource.resource}`] ?? META);
}

/** splitTerms splits on commas not escaped by a backslash (fields.splitTerms). */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let current = '';
  let escaped = false;
  for (const ch of text) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === '\\') {
      current += ch;
      escaped = true;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

/** splitTerm finds the first operator, trying `!=`, `==`, `=` at each position (fields.splitTerm). */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** unescapeValue is fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes. */
function unescapeValue(value: string): string {
  let out = '';
  let escaped = false;
  for (const ch of value) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw errors.badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === ',' || ch === '=') {
      // Go prints the rune with %v, i.e. as its code point number.
      throw errors.badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (escaped) throw errors.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** escapeValue is fields.EscapeValue (for rendering). */
function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * parseFieldSelector parses `text` and checks every field against what `resource` supports. Errors are
 * 400 BadRequest StatusErrors with the API server's texts: `field label not supported: foo` for resources
 * with their own conversion function, `"foo" is not a known field selector: only "metadata.name",
 * "metadata.namespace"` for the others.
 */
export function parseFieldSelector(resource: ResourceRef, text: string): FieldSelector {
  const key = `${resource.group}/${resource.resource}`;
  const own = SUPPORTED[key];
  const getters = own ?? META;
  const aliases = ALIASES[key] ?? {};
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [lhs, operator, rhs] = split;
    requirements.push({ field: lhs, operator, value: unescapeValue(rhs) });
  }
  for (const r of requirements) {
    r.field = aliases[r.field] ?? r.field;
    if (getters[r.field]) continue;
    if (own) throw errors.badRequest(`field label not supported: ${r.field}`);
    throw errors.badRequest(
      `${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  return {
    requirements,
    matches(obj) {
      return requirements.every((r) => {
        const actual = getters[r.field](obj);
        return r.operator === '!=' ? actual !== r.value : actual === r.value;
      });
    },
    empty() {
      return requirements.length === 0;
    },
    requiresExactMatch(field) {
      const term = requirements.find((r) => r.field === field && r.operator !== '!=');
      return term?.value;
    },
    toString() {
      // Go prints `==` terms as `=` (hasTerm.String).
      return requirements
        .map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeValue(r.value)}`)
        .join(',');
    },
  };
}
