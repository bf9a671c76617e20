/**
 * JSONPath evaluates kubectl's JSONPath dialect (client-go util/jsonpath): templates mixing text and
 * `{…}` actions with fields (`.a.b`, `['k']`), indexes and slices (`[0]`, `[-1]`, `[0:2]`, `[*]`),
 * recursive descent (`..name`), filters (`[?(@.type=="Ready")]`), unions (`[a,b]`), `{range …}{end}`
 * and string literals (`{"\n"}`). Missing keys print nothing (kubectl enables AllowMissingKeys).
 */
import { toGoJsonCompact } from './go-json';

type Node =
  | { type: 'text'; text: string }
  | { type: 'path'; steps: Step[] }
  | { type: 'literal'; text: string }
  | { type: 'range'; steps: Step[]; body: Node[] };

type Step =
  | { kind: 'field'; names: string[] }
  | { kind: 'recursive' }
  | { kind: 'index'; start?: number; end?: number; step?: number; single: boolean; all: boolean }
  | { kind: 'filter'; left: Step[]; op?: string; right?: Step[] | string | number };

/** JsonPathError is a parse or evaluation error (`error parsing jsonpath …` is added by callers). */
export class JsonPathError extends Error {}

/** relaxedTemplate is kubectl's RelaxedJSONPathExpression: `.a.b` or `a.b` becomes `{.a.b}`. */
export function relaxedTemplate(expr: string): string {
  if (expr.includes('{')) return expr;
  const inner = expr.startsWith('.') ? expr : `.${expr}`;
  return `{${inner}}`;
}

/** evaluateTemplate runs a template against data and returns the printed text. */
export function evaluateTemplate(template: string, data: unknown): string {
  return execute(parseTemplate(template), data);
}

/** findResults returns the values one path expression (`{.a.b}` or `.a.b`) selects. */
export function findResults(expr: string, data: unknown): unknown[] {
  const nodes = parseTemplate(relaxedTemplate(expr));
  const out: unknown[] = [];
  for (const n of nodes) if (n.type === 'path') out.push(...walk(n.steps, [data], data));
  return out;
}

function execute(nodes: Node[], data: unknown): string {
  let out = '';
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type === 'text' || n.type === 'literal') out += n.text;
    else if (n.type === 'path') out += printResults(walk(n.steps, [data], data));
    else {
      // `{range .items[*]}` iterates the selected values; `{range .items}` the elements of the one list.
      const results = walk(n.steps, [data], data);
      const values = results.length === 1 && Array.isArray(results[0]) ? results[0] : results;
      for (const v of values) out += execute(n.body, v);
    }
  }
  return out;
}

function printResults(values: unknown[]): string {
  return values.map((v) => (typeof v === 'object' && v !== null ? toGoJsonCompact(v) : textOf(v))).join(' ');
}

function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

function walk(steps: Step[], current: unknown[], root: unknown): unknown[] {
  let values = current;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) next.push(...applyStep(step, v, root));
    values = next;
  }
  return values;
}

function applyStep(step: Step, v: unknown, root: unknown): unknown[] {
  switch (step.kind) {
    case 'field': {
      if (step.names.length === 1 && step.names[0] === '*') {
        if (Array.isArray(v)) return v;
        return typeof v === 'object' && v !== null ? Object.values(v) : [];
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
      const out: unknown[] = [];
      for (const name of step.names) {
        if (name in (v as object)) out.push((v as Record<string, unknown>)[name]);
      }
      return out;
    }
    case 'recursive':
      return descendants(v);
    case 'index': {
      if (!Array.isArray(v)) return [];
      if (step.all) return v;
      const len = v.length;
      const norm = (i: number) => (i < 0 ? i + len : i);
      if (step.single) {
        const i = norm(step.start ?? 0);
        if (i < 0 || i >= len)
          throw new JsonPathError(`array index out of bounds: index ${step.start}, length ${len}`);
        return [v[i]];
      }
      const start = Math.max(0, Math.min(len, norm(step.start ?? 0)));
      const end = Math.max(0, Math.min(len, step.end === undefined ? len : norm(step.end)));
      const inc = step.step ?? 1;
      const out: unknown[] = [];
      for (let i = start; i < end; i += inc) out.push(v[i]);
      return out;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? Object.values(v) : [];
      return items.filter((item) => {
        const left = walk(step.left, [item], root);
        if (step.op === undefined) return left.length > 0;
        const right =
          typeof step.right === 'object'
            ? walk(step.right, [item], root)
            : step.right === undefined
              ? []
              : [step.right];
        if (left.length === 0 || right.length === 0) return false;
        return compare(left[0], step.op, right[0]);
      });
    }
  }
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) for (const x of v) out.push(...descendants(x));
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) out.push(...descendants(x));
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const an = typeof a === 'number' ? a : Number(a);
  const bn = typeof b === 'number' ? b : Number(b);
  const numeric = (typeof a === 'number' || typeof b === 'number') && !Number.isNaN(an) && !Number.isNaN(bn);
  const x = numeric ? an : String(a);
  const y = numeric ? bn : String(b);
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
  throw new JsonPathError(`unrecognized filter operator ${op}`);
}

/** parseTemplate splits text and actions and parses each action. */
export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ type: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ type: 'text', text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
      continue;
    }
    if (action.startsWith('range ')) {
      const node: Node = { type: 'range', steps: parsePath(action.slice(6).trim()), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
      continue;
    }
    if (action.startsWith('"')) {
      stack[stack.length - 1].push({ type: 'literal', text: JSON.parse(action) as string });
      continue;
    }
    if (action.startsWith("'")) {
      stack[stack.length - 1].push({ type: 'literal', text: action.slice(1, -1) });
      continue;
    }
    stack[stack.length - 1].push({ type: 'path', steps: parsePath(action) });
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** parsePath parses `.a.b[0]..c[?(@.x=="y")]` (a leading `$` or `@` is the root or current item). */
function parsePath(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (expr[0] === '$' || expr[0] === '@') i = 1;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '.') {
      if (expr[i + 1] === '.') {
        steps.push({ kind: 'recursive' });
        i += 2;
        const m = /^[^.[\]]+/.exec(expr.slice(i));
        if (m) {
          steps.push({ kind: 'field', names: [m[0]] });
          i += m[0].length;
        }
        continue;
      }
      i++;
      const m = /^[^.[\]]*/.exec(expr.slice(i))!;
      if (m[0] !== '') steps.push({ kind: 'field', names: [m[0]] });
      i += m[0].length;
      continue;
    }
    if (c === '[') {
      const close = matchingBracket(expr, i);
      const inner = expr.slice(i + 1, close).trim();
      i = close + 1;
      steps.push(parseBracket(inner));
      continue;
    }
    const m = /^[^.[\]]+/.exec(expr.slice(i));
    if (!m) throw new JsonPathError(`unrecognized character in action: U+${c.charCodeAt(0).toString(16)}`);
    steps.push({ kind: 'field', names: [m[0]] });
    i += m[0].length;
  }
  return steps;
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'index', single: false, all: true };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    const body = inner.slice(2, -1).trim();
    const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(body);
    if (!m) return { kind: 'filter', left: parsePath(body) };
    const rightRaw = m[3].trim();
    let right: Step[] | string | number;
    if (/^['"]/.test(rightRaw)) right = rightRaw.slice(1, -1);
    else if (/^-?\d+(\.\d+)?$/.test(rightRaw)) right = Number(rightRaw);
    else right = parsePath(rightRaw);
    return { kind: 'filter', left: parsePath(m[1].trim()), op: m[2], right };
  }
  if (/^['"]/.test(inner)) {
    const names = inner.split(',').map((p) => p.trim().replace(/^['"]|['"]$/g, ''));
    return { kind: 'field', names };
  }
  if (/^-?\d*(:-?\d*){0,2}$/.test(inner)) {
    const parts = inner.split(':');
    const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
    if (parts.length === 1) return { kind: 'index', start: Number(parts[0]), single: true, all: false };
    return {
      kind: 'index',
      start: num(parts[0]),
      end: num(parts[1]),
      step: num(parts[2]),
      single: false,
      all: false,
    };
  }
  return { kind: 'field', names: inner.split(',').map((p) => p.trim()) };
}
