/**
 * JSON patch (RFC 6902), the `application/json-patch+json` PATCH body (`kubectl rollout undo`,
 * `kubectl patch --type=json`). Behaviour and error texts follow gopkg.in/evanphx/json-patch.v4 as the
 * API server uses it: a body that is not a list of operation objects is a 400 (`error decoding patch: …`),
 * and an operation that does not apply is a 422 whose message is apimachinery's generic one; the
 * library's own text is kept in PatchError.detail.
 */
import { errors } from '../../machinery/errors';
import { badRequest, deepClone, deepEqual, isPlainObject, jsonKindName, unprocessable } from './errors';

/** MAX_JSON_PATCH_OPERATIONS is the API server's limit (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

interface Operation {
  op: string;
  path?: string;
  from?: string;
  value: unknown;
  hasValue: boolean;
}

/**
 * applyJsonPatch applies the operations in order to a copy of `doc` and returns it. Throws a 400
 * StatusError for a malformed body, 413 beyond 10000 operations, and 422 when an operation fails
 * (missing path, failed test, bad index). `doc` and `ops` are never mutated.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const operations = decodeOperations(ops);
  let current = deepClone(doc);
  for (const op of operations) current = applyOperation(current, op);
  return current;
}

function decodeOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${jsonKindName(ops)} into Go value of type []handlers.jsonPatchOp`,
    );
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw errors.tooLarge(
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  return ops.map((raw) => {
    if (!isPlainObject(raw)) {
      throw badRequest(
        `error decoding patch: json: cannot unmarshal ${jsonKindName(raw)} into Go value of type handlers.jsonPatchOp`,
      );
    }
    for (const field of ['op', 'path', 'from'] as const) {
      const value = raw[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${jsonKindName(value)} into Go struct field jsonPatchOp.${field} of type string`,
        );
      }
    }
    return {
      op: typeof raw.op === 'string' ? raw.op : '',
      path: typeof raw.path === 'string' ? raw.path : undefined,
      from: typeof raw.from === 'string' ? raw.from : undefined,
      value: raw.value,
      hasValue: Object.hasOwn(raw, 'value'),
    };
  });
}

/** parsePointer splits a JSON pointer into unescaped reference tokens (`~1` is `/`, `~0` is `~`). */
function parsePointer(pointer: string, what: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw unprocessable(`${what}: invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Container is the parent of the value a pointer designates. */
interface Located {
  parent: Record<string, unknown> | unknown[];
  key: string;
}

/** locate finds the parent container of the last token of `tokens`, or undefined when a step is missing. */
function locate(doc: unknown, tokens: string[]): Located | undefined {
  let node: unknown = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i];
    if (Array.isArray(node)) {
      const index = parseIndex(token);
      if (index === undefined || index >= node.length) return undefined;
      node = node[index];
    } else if (isPlainObject(node)) {
      if (!Object.hasOwn(node, token)) return undefined;
      node = node[token];
    } else {
      return undefined;
    }
  }
  if (!Array.isArray(node) && !isPlainObject(node)) return undefined;
  return { parent: node, key: tokens[tokens.length - 1] };
}

function parseIndex(token: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  return Number(token);
}

function getAt(loc: Located): { found: boolean; value?: unknown } {
  if (Array.isArray(loc.parent)) {
    const index = parseIndex(loc.key);
    if (index === undefined || index >= loc.parent.length) return { found: false };
    return { found: true, value: loc.parent[index] };
  }
  if (!Object.hasOwn(loc.parent, loc.key)) return { found: false };
  return { found: true, value: loc.parent[loc.key] };
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, requirePath(op), op.value, 'add');
    case 'remove':
      return remove(doc, requirePath(op), 'remove').doc;
    case 'replace':
      return replace(doc, requirePath(op), op.value);
    case 'move': {
      const from = requireFrom(op);
      const path = requirePath(op);
      if (path.startsWith(`${from}/`)) {
        throw unprocessable(
          `move operation does not apply: ${JSON.stringify(path)} is a child of ${JSON.stringify(from)}`,
        );
      }
      const removed = remove(doc, from, 'move');
      return add(removed.doc, path, removed.value, 'move');
    }
    case 'copy': {
      const from = requireFrom(op);
      const value = get(doc, from, 'copy');
      return add(doc, requirePath(op), deepClone(value), 'copy');
    }
    case 'test': {
      const path = requirePath(op);
      const tokens = parsePointer(path, 'test operation');
      let actual: unknown;
      if (tokens.length === 0) {
        actual = doc;
      } else {
        const loc = locate(doc, tokens);
        const at = loc ? getAt(loc) : { found: false };
        actual = at.found ? at.value : undefined;
      }
      const matches =
        actual === undefined ? op.value === null || op.value === undefined : deepEqual(actual, op.value);
      if (!matches) throw unprocessable(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw unprocessable(`Unexpected kind: ${op.op}`);
  }
}

function requirePath(op: Operation): string {
  if (op.path === undefined) throw unprocessable(`${op.op} operation failed to decode path: missing value`);
  return op.path;
}

function requireFrom(op: Operation): string {
  if (op.from === undefined) throw unprocessable(`${op.op} operation failed to decode from: missing value`);
  return op.from;
}

function add(doc: unknown, path: string, value: unknown, opName: string): unknown {
  const tokens = parsePointer(path, `${opName} operation`);
  if (tokens.length === 0) return deepClone(value);
  const loc = locate(doc, tokens);
  if (!loc)
    throw unprocessable(
      `${opName} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`,
    );
  const copy = deepClone(value);
  if (Array.isArray(loc.parent)) {
    const index = loc.key === '-' ? loc.parent.length : parseIndex(loc.key);
    if (index === undefined || index > loc.parent.length) {
      throw unprocessable(
        `error in ${opName} for path: '${path}': Unable to access invalid index: ${loc.key}: invalid index referenced`,
      );
    }
    loc.parent.splice(index, 0, copy);
  } else {
    loc.parent[loc.key] = copy;
  }
  return doc;
}

function remove(doc: unknown, path: string, opName: string): { doc: unknown; value: unknown } {
  const tokens = parsePointer(path, `${opName} operation`);
  const loc = tokens.length === 0 ? undefined : locate(doc, tokens);
  if (!loc)
    throw unprocessable(
      `${opName} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`,
    );
  const at = getAt(loc);
  if (!at.found) {
    if (Array.isArray(loc.parent)) {
      throw unprocessable(
        `error in remove for path: '${path}': Unable to access invalid index: ${loc.key}: invalid index referenced`,
      );
    }
    throw unprocessable(
      `error in remove for path: '${path}': Unable to remove nonexistent key: ${loc.key}: missing value`,
    );
  }
  if (Array.isArray(loc.parent)) loc.parent.splice(parseIndex(loc.key) as number, 1);
  else delete loc.parent[loc.key];
  return { doc, value: at.value };
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path, 'replace operation');
  if (tokens.length === 0) return deepClone(value);
  const loc = locate(doc, tokens);
  if (!loc)
    throw unprocessable(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  const at = getAt(loc);
  if (!at.found)
    throw unprocessable(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  if (Array.isArray(loc.parent)) loc.parent[parseIndex(loc.key) as number] = deepClone(value);
  else loc.parent[loc.key] = deepClone(value);
  return doc;
}

function get(doc: unknown, path: string, opName: string): unknown {
  const tokens = parsePointer(path, `${opName} operation`);
  if (tokens.length === 0) return doc;
  const loc = locate(doc, tokens);
  if (!loc)
    throw unprocessable(
      `${opName} operation does not apply: doc is missing from path: ${path}: missing value`,
    );
  const at = getAt(loc);
  if (!at.found)
    throw unprocessable(
      `error in ${opName} for from: '${path}': Unable to get nonexistent key: ${loc.key}: missing value`,
    );
  return at.value;
}
