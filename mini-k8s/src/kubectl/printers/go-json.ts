/**
 * toGoJson renders a JSON value as kubectl's JSON printer does: Go's json.MarshalIndent with four spaces
 * over an unstructured object, so map keys are sorted, `<`, `>`, `&`, U+2028 and U+2029 are escaped as
 * `\u003c`-style sequences, and empty maps and lists print as `{}` and `[]`.
 */

/** toGoJson returns the indented JSON followed by a newline. */
export function toGoJson(value: unknown, indent = '    ', sortKeys = true): string {
  return encode(value, '', indent, sortKeys) + '\n';
}

/** toGoJsonCompact returns Go's json.Marshal output (no spaces, keys sorted, HTML-escaped). */
export function toGoJsonCompact(value: unknown): string {
  return encode(value, '', '');
}

function encode(v: unknown, prefix: string, indent: string, sortKeys = true): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return goQuote(v);
  const inner = prefix + indent;
  const nl = indent === '' ? '' : '\n';
  const sep = indent === '' ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return (
      '[' + nl + v.map((x) => inner + encode(x, inner, indent, sortKeys)).join(',' + nl) + nl + prefix + ']'
    );
  }
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (!sortKeys ? 0 : a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  return (
    '{' +
    nl +
    entries.map(([k, x]) => inner + goQuote(k) + sep + encode(x, inner, indent, sortKeys)).join(',' + nl) +
    nl +
    prefix +
    '}'
  );
}

/** goQuote is Go's JSON string encoding with HTML escaping (encoding/json's default). */
export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || c === '<' || c === '>' || c === '&' || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else out += c;
  }
  return out + '"';
}
