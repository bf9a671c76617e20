/**
 * Word expansion for the simulated shell: quotes, `$VAR`, `${VAR}`, `${VAR:-default}`, `$?`, `$$`, `$#`,
 * positional parameters, `$(cmd)` and backquotes, `$((arithmetic))`, `~`, field splitting of unquoted
 * expansions and `*`/`?` globbing in one directory.
 */

/** ExpandScope gives expansion access to the shell's state. */
export interface ExpandScope {
  lookup(name: string): string | undefined;
  /** substitute runs a command substitution and returns its output. */
  substitute(source: string): Promise<string>;
  /** glob lists the names matching a pattern (relative or absolute, one level); empty = no match. */
  glob(pattern: string): string[];
}

interface Field {
  text: string;
  /** quoted is true when some part came from quotes (an empty quoted word is still a field). */
  quoted: boolean;
  /** pattern marks unquoted `*`/`?` (the field is a glob). */
  pattern: boolean;
}

/** expandWord expands one raw word into fields (`split: false` keeps one field and skips globbing). */
export async function expandWord(raw: string, scope: ExpandScope, split = true): Promise<string[]> {
  const fields: Field[] = [{ text: '', quoted: false, pattern: false }];
  const current = (): Field => fields[fields.length - 1];
  const appendSplit = (value: string): void => {
    if (!split) {
      current().text += value;
      return;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, index) => {
      if (index > 0) fields.push({ text: '', quoted: false, pattern: false });
      current().text += piece;
    });
  };
  let i = 0;
  if (raw.startsWith('~') && (raw.length === 1 || raw[1] === '/')) {
    current().text += scope.lookup('HOME') ?? '/root';
    i = 1;
  }
  while (i < raw.length) {
    const c = raw[i];
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      current().text += raw.slice(i + 1, end);
      current().quoted = true;
      i = end + 1;
    } else if (c === '"') {
      current().quoted = true;
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && '$`"\\\n'.includes(raw[i + 1])) {
          current().text += raw[i + 1];
          i += 2;
        } else if (raw[i] === '$' || raw[i] === '`') {
          const { value, end } = await expandDollar(raw, i, scope);
          current().text += value;
          i = end;
        } else current().text += raw[i++];
      }
      i++;
    } else if (c === '\\') {
      current().text += raw[i + 1] ?? '';
      current().quoted = true;
      i += 2;
    } else if (c === '$' || c === '`') {
      const { value, end, literal } = await expandDollar(raw, i, scope);
      if (literal) current().text += value;
      else appendSplit(value);
      i = end;
    } else {
      if (c === '*' || c === '?') current().pattern = true;
      current().text += c;
      i++;
    }
  }
  const result: string[] = [];
  for (const field of fields) {
    if (field.text === '' && !field.quoted) continue;
    const matches = field.pattern && split ? scope.glob(field.text) : [];
    if (matches.length > 0) result.push(...matches);
    else result.push(field.text);
  }
  return result;
}

/** expandToString expands a word without field splitting (assignments, redirection targets). */
export async function expandToString(raw: string, scope: ExpandScope): Promise<string> {
  return (await expandWord(raw, scope, false)).join('');
}

async function expandDollar(
  raw: string,
  start: number,
  scope: ExpandScope,
): Promise<{ value: string; end: number; literal?: boolean }> {
  if (raw[start] === '`') {
    const end = raw.indexOf('`', start + 1);
    return { value: trimTrailingNewlines(await scope.substitute(raw.slice(start + 1, end))), end: end + 1 };
  }
  const next = raw[start + 1];
  if (raw.startsWith('$((', start)) {
    const end = matchParen(raw, start + 1);
    const expr = raw.slice(start + 3, end - 2);
    return { value: String(evaluateArithmetic(expr, scope)), end };
  }
  if (next === '(') {
    const end = matchParen(raw, start + 1);
    return { value: trimTrailingNewlines(await scope.substitute(raw.slice(start + 2, end - 1))), end };
  }
  if (next === '{') {
    const end = raw.indexOf('}', start);
    const body = raw.slice(start + 2, end);
    const match = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*])(?:(:?[-=+?])(.*))?$/s.exec(body);
    if (!match) return { value: '', end: end + 1 };
    const value = scope.lookup(match[2]);
    if (match[1] === '#') return { value: String((value ?? '').length), end: end + 1 };
    const op = match[3];
    const word = match[4] ?? '';
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (op?.endsWith('-') || op?.endsWith('=')) {
      return { value: unset ? await expandToString(word, scope) : (value as string), end: end + 1 };
    }
    if (op?.endsWith('+')) return { value: unset ? '' : await expandToString(word, scope), end: end + 1 };
    return { value: value ?? '', end: end + 1 };
  }
  const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(raw.slice(start + 1));
  if (!name) return { value: '$', end: start + 1, literal: true };
  return { value: scope.lookup(name[1]) ?? '', end: start + 1 + name[1].length };
}

function matchParen(raw: string, open: number): number {
  let depth = 0;
  for (let j = open; j < raw.length; j++) {
    if (raw[j] === '(') depth++;
    else if (raw[j] === ')' && --depth === 0) return j + 1;
  }
  return raw.length;
}

function trimTrailingNewlines(text: string): string {
  return text.replace(/\n+$/, '');
}

/** evaluateArithmetic evaluates `$(( ))` integer expressions: + - * / % comparisons && || ! and parens. */
export function evaluateArithmetic(expr: string, scope: Pick<ExpandScope, 'lookup'>): number {
  const tokens =
    expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|&&|\|\||[<>=!]=|[-+*/%()<>!]/g) ?? [];
  let pos = 0;
  const value = (name: string): number =>
    Number.parseInt(scope.lookup(name.replace(/^\$/, '')) ?? '0', 10) || 0;
  const primary = (): number => {
    const token = tokens[pos++];
    if (token === '(') {
      const v = or();
      pos++;
      return v;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token === '!') return primary() ? 0 : 1;
    if (token === undefined) return 0;
    return /^\d/.test(token) ? Number(token) : value(token);
  };
  const binary =
    (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
      let left = next();
      while (tokens[pos] in ops) {
        const op = ops[tokens[pos++]];
        left = op(left, next());
      }
      return left;
    };
  const mul = binary(primary, {
    '*': (a, b) => a * b,
    '/': (a, b) => (b === 0 ? 0 : Math.trunc(a / b)),
    '%': (a, b) => (b === 0 ? 0 : a % b),
  });
  const add = binary(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const cmp = binary(add, {
    '<': (a, b) => Number(a < b),
    '>': (a, b) => Number(a > b),
    '<=': (a, b) => Number(a <= b),
    '>=': (a, b) => Number(a >= b),
    '==': (a, b) => Number(a === b),
    '!=': (a, b) => Number(a !== b),
  });
  const and = binary(cmp, { '&&': (a, b) => Number(Boolean(a) && Boolean(b)) });
  const or = binary(and, { '||': (a, b) => Number(Boolean(a) || Boolean(b)) });
  return or();
}
