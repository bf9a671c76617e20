/**
 * Helpers shared by the validators: typed reads of plain JSON and the Go `%#v` renderings that
 * Kubernetes puts in messages (`v1.LabelSelector{...}`, `intstr.IntOrString{...}`).
 */
import { GoLiteral, goMapLiteral, goQuote } from '../../machinery/field-errors';
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';

/** Json is a plain JSON object. */
export type Json = Record<string, unknown>;

/** obj returns value as an object, or undefined. */
export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** list returns the elements of an array value (objects only), or []. */
export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map((v) => obj(v) ?? {}) : [];
}

/** str returns a string value, or '' (Go's zero string). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** num returns a number value, or 0 (Go's zero int). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** stringMap returns a map[string]string value (non-string values become their JSON text). */
export function stringMap(value: unknown): Record<string, string> | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** validateNonnegative is ValidateNonnegativeField: `Invalid value: -1: must be greater than or equal to 0`. */
export function validateNonnegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [fieldErrors.invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** labelSelectorLiteral renders a metav1.LabelSelector as %#v prints the dereferenced struct. */
export function labelSelectorLiteral(selector: unknown): GoLiteral | null {
  const sel = obj(selector);
  if (!sel) return null;
  const matchLabels = stringMap(sel.matchLabels);
  const expressions = Array.isArray(sel.matchExpressions) ? list(sel.matchExpressions) : undefined;
  const exprText = expressions
    ? `[]v1.LabelSelectorRequirement{${expressions
        .map((e) => {
          const values = Array.isArray(e.values)
            ? `[]string{${(e.values as unknown[]).map((v) => goQuote(String(v))).join(', ')}}`
            : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${goQuote(str(e.key))}, Operator:${goQuote(str(e.operator))}, Values:${values}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(
    `v1.LabelSelector{MatchLabels:${goMapLiteral(matchLabels).text}, MatchExpressions:${exprText}}`,
  );
}

/** intOrStringLiteral renders an intstr.IntOrString value as %#v does. */
export function intOrStringLiteral(value: unknown): GoLiteral {
  if (typeof value === 'string')
    return new GoLiteral(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
  return new GoLiteral(`intstr.IntOrString{Type:0, IntVal:${num(value)}, StrVal:""}`);
}

/** deepEqual compares JSON values structurally (apiequality.Semantic.DeepEqual for plain data). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const oa = obj(a);
  const ob = obj(b);
  if (!oa || !ob) return false;
  const ka = Object.keys(oa).filter((k) => oa[k] !== undefined);
  const kb = Object.keys(ob).filter((k) => ob[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual(oa[k], ob[k]));
}

/**
 * jsonDiff lists the changed leaves between two JSON values as `-`/`+` lines, indented like the
 * cmp.Diff report Kubernetes appends to some Forbidden messages. It is a readable summary, not
 * go-cmp's exact output.
 */
export function jsonDiff(typeName: string, before: unknown, after: unknown): string {
  const lines: string[] = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (deepEqual(a, b)) return;
    const oa = obj(a);
    const ob = obj(b);
    if (oa && ob) {
      for (const key of [...new Set([...Object.keys(oa), ...Object.keys(ob)])]) {
        walk(path ? `${path}.${key}` : key, oa[key], ob[key]);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((v, i) => walk(`${path}[${i}]`, v, b[i]));
      return;
    }
    if (a !== undefined) lines.push(`- \t${path}: ${JSON.stringify(a)},`);
    if (b !== undefined) lines.push(`+ \t${path}: ${JSON.stringify(b)},`);
  };
  walk('', before, after);
  return [`  ${typeName}{`, ...lines, '  }', ''].join('\n');
}
