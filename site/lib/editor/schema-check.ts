/**
 * Checks one parsed manifest document against the Kubernetes schemas (schema.ts), the way the API server
 * would decode it: an apiVersion/kind pair it serves, no unknown field, the right type for each value
 * (string, integer, boolean, object, list, int-or-string, quantity), enum values, required fields. Every
 * finding carries the exact range of the key or value at fault and a French message.
 *
 * Free-form parts are never reported, like the API server: maps (labels, annotations, data) keep any key,
 * and `any` fields (RawExtension, FieldsV1, preserve-unknown-fields) hold anything. A `null` value (a key
 * left empty) is accepted: kubectl sends it and the API server treats it as absent. Aliases (`*base`) and
 * merge keys (`<<: *base`) are not followed: the anchored node is checked where it is written, and the
 * required fields of an object completed by a merge key are not checked.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { type KubernetesSchemas, type SchemaField, type SchemaType, shortName } from './schema';
import { closestName } from './suggest';

/** SchemaProblem is one finding, located by character offsets in the text. */
export interface SchemaProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

/** QUANTITY is the Kubernetes resource.Quantity syntax (`500m`, `0.5`, `128Mi`, `1Gi`, `1e3`). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

interface Context {
  schemas: KubernetesSchemas;
  /** « Deployment apps/v1 », quoted in the messages. */
  label: string;
  problems: SchemaProblem[];
}

/** checkDocument validates one document whose root is a map; it returns the problems found. */
export function checkDocument(doc: Document, schemas: KubernetesSchemas): SchemaProblem[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  return checkObjectNode(root, schemas);
}

/** checkObjectNode validates a map holding one Kubernetes object (a document, or an item of a List). */
function checkObjectNode(root: YAMLMap, schemas: KubernetesSchemas): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const apiVersionPair = findPair(root, 'apiVersion');
  const kindPair = findPair(root, 'kind');
  const apiVersion = scalarString(apiVersionPair?.value);
  const kind = scalarString(kindPair?.value);
  if (apiVersion === undefined || kind === undefined) return problems; // manifest-check reports it
  if (apiVersion === 'v1' && kind === 'List') {
    const items = findPair(root, 'items')?.value;
    if (isSeq(items)) {
      for (const item of items.items) if (isMap(item)) problems.push(...checkObjectNode(item, schemas));
    }
    return problems;
  }
  const kinds = schemas.kinds[apiVersion];
  const servedIn = Object.keys(schemas.kinds).filter((v) => schemas.kinds[v]![kind] !== undefined);
  if (!kinds) {
    const at = rangeOf(apiVersionPair!.value as Node);
    const hint =
      servedIn.length > 0
        ? ` Le type « ${kind} » est servi par ${servedIn.join(', ')}.`
        : suggestion(apiVersion, Object.keys(schemas.kinds));
    problems.push({ ...at, severity: 'error', message: `Version d’API inconnue « ${apiVersion} ».${hint}` });
    return problems;
  }
  const id = kinds[kind];
  if (id === undefined) {
    const at = rangeOf(kindPair!.value as Node);
    const hint =
      servedIn.length > 0
        ? ` Ce type est servi par ${servedIn.join(', ')}.`
        : suggestion(kind, Object.keys(kinds));
    problems.push({
      ...at,
      severity: 'error',
      message: `${apiVersion} ne contient pas de type « ${kind} ».${hint}`,
    });
    return problems;
  }
  const context: Context = { schemas, label: `${kind} ${apiVersion}`, problems };
  checkMap(context, root, schemas.types[id]!, '', undefined);
  return problems;
}

/** checkValue checks a node against a field's shape. */
function checkValue(
  context: Context,
  node: unknown,
  field: SchemaField,
  path: string,
  key: Pair | undefined,
) {
  if (node === null || node === undefined) return;
  if (isScalar(node) && node.value === null) return;
  // An alias (`*base`) stands for a node checked where its anchor is.
  if (isAlias(node)) return;
  switch (field.t) {
    case 'any':
      return;
    case 'object': {
      const type = field.ref === undefined ? undefined : context.schemas.types[field.ref];
      if (!isMap(node)) return wrongType(context, node, path, `un objet (${shortName(field.ref)})`);
      if (type) checkMap(context, node, type, path, key);
      return;
    }
    case 'map': {
      if (!isMap(node)) return wrongType(context, node, path, 'une table clé: valeur');
      for (const pair of node.items) {
        const name = keyName(pair);
        if (field.v && name !== undefined)
          checkValue(context, pair.value, field.v, joinPath(path, name), pair);
      }
      return;
    }
    case 'array': {
      if (!isSeq(node)) return wrongType(context, node, path, 'une liste');
      node.items.forEach((item, i) => {
        if (field.i) checkValue(context, item, field.i, `${path}[${i}]`, undefined);
      });
      return;
    }
    default:
      return checkScalar(context, node, field, path);
  }
}

/** checkMap checks the keys of an object against its type, then each value, then the required fields. */
function checkMap(context: Context, node: YAMLMap, type: SchemaType, path: string, key: Pair | undefined) {
  const names = Object.keys(type.p);
  const present = new Set<string>();
  let merged = false;
  for (const pair of node.items) {
    const name = keyName(pair);
    // `<<: *base` (YAML 1.1 merge key) brings the anchored fields, checked where they are written.
    if (name === '<<') merged = true;
    if (name === undefined || name === '<<') continue;
    present.add(name);
    const field = type.p[name];
    if (!field) {
      const where = path === '' ? 'à la racine' : `dans ${path}`;
      context.problems.push({
        ...rangeOf(pair.key as Node),
        severity: 'error',
        message: `Champ inconnu « ${name} » ${where} (${context.label}).${suggestion(name, names)}`,
      });
      continue;
    }
    checkValue(context, pair.value, field, joinPath(path, name), pair);
  }
  if (merged) return;
  for (const required of type.r ?? []) {
    if (present.has(required) || (path === '' && (required === 'apiVersion' || required === 'kind')))
      continue;
    const anchor = key?.key ?? node.items[0]?.key ?? node;
    const where = path === '' ? 'à la racine' : `dans ${path}`;
    context.problems.push({
      ...rangeOf(anchor as Node),
      severity: 'error',
      message: `Champ obligatoire manquant : « ${required} » ${where} (${context.label}).`,
    });
  }
}

/** checkScalar checks strings, numbers, booleans, enums, int-or-string and quantities. */
function checkScalar(context: Context, node: unknown, field: SchemaField, path: string) {
  const value = isScalar(node) ? node.value : undefined;
  const fail = (expected: string, hint = '') => wrongType(context, node, path, expected, hint);
  switch (field.t) {
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') {
        return fail(
          'une chaîne',
          isScalar(node) ? ` Mettez la valeur entre guillemets : "${String(value)}".` : '',
        );
      }
      if (field.e && !field.e.includes(value)) {
        context.problems.push({
          ...rangeOf(node as Node),
          severity: 'error',
          message:
            `Valeur « ${value} » invalide pour ${path} (${context.label}). ` +
            `Valeurs possibles : ${field.e.join(', ')}.${suggestion(value, field.e)}`,
        });
      }
      return;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return;
      return fail(
        'un entier',
        typeof value === 'string' && /^\d+$/.test(value) ? ' Retirez les guillemets.' : '',
      );
    case 'number':
      if (typeof value === 'number') return;
      return fail('un nombre');
    case 'boolean':
      if (typeof value === 'boolean') return;
      return fail('un booléen (true ou false)');
    case 'int-or-string':
      if ((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'string') return;
      return fail('un entier ou une chaîne');
    case 'quantity':
      if (typeof value === 'number' || (typeof value === 'string' && QUANTITY.test(value))) return;
      if (typeof value === 'string') {
        context.problems.push({
          ...rangeOf(node as Node),
          severity: 'error',
          message: `« ${value} » n’est pas une quantité valide pour ${path} (exemples : 250m, 0.5, 128Mi, 1Gi).`,
        });
        return;
      }
      return fail('une quantité (ex. 250m, 128Mi)');
  }
}

function wrongType(context: Context, node: unknown, path: string, expected: string, hint = '') {
  const value = isScalar(node) ? node.value : undefined;
  const actual = isScalar(node) ? scalarKind(value) : isSeq(node) ? 'une liste' : 'un objet';
  context.problems.push({
    ...rangeOf(node as Node),
    severity: 'error',
    message: `${path} attend ${expected}, pas ${actual} (${context.label}).${hint}`,
  });
}

function scalarKind(value: unknown): string {
  if (typeof value === 'string') return 'une chaîne';
  if (typeof value === 'boolean') return 'un booléen';
  if (typeof value === 'number') return Number.isInteger(value) ? 'un entier' : 'un nombre décimal';
  return 'une valeur';
}

function suggestion(name: string, candidates: string[]): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : ` Vouliez-vous dire « ${best} » ?`;
}

function findPair(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((pair) => keyName(pair) === name);
}

function keyName(pair: unknown): string | undefined {
  if (!isPair(pair) || !isScalar(pair.key)) return undefined;
  const value = pair.key.value;
  // The yaml package reads the YAML 1.1 merge key `<<` as a symbol.
  if (typeof value === 'symbol') return '<<';
  return typeof value === 'string' ? value : value === null ? undefined : String(value);
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** rangeOf is the node's own text (without the comment after it). */
function rangeOf(node: Node | null | undefined): { from: number; to: number } {
  const range = node?.range;
  if (!range) return { from: 0, to: 0 };
  return { from: range[0], to: Math.max(range[0], range[1]) };
}
