// Word expansion: tilde, parameters, command substitution, field splitting and globbing (in the virtual FS).
import { ArithmeticError, evaluateArithmetic } from './arith';
import type { Word, WordPart } from './ast';
import type { VirtualFs } from './fs';
import { resolvePath } from './fs';
import { compileGlob } from './glob-match';
import { ShellSyntaxError } from './lexer';

/** ExpandContext is what expansion reads from the shell. */
export interface ExpandContext {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  home: string;
  cwd: string;
  fs: VirtualFs;
  /** substitute runs `$(source)` and returns its output (trailing newlines are stripped here). */
  substitute(source: string): Promise<string>;
}

interface Chunk {
  text: string;
  /** literal chunks typed unquoted may hold glob characters */
  glob: boolean;
}

interface Field {
  chunks: Chunk[];
  /** a quoted part (even empty) makes the field exist */
  forced: boolean;
}

const IFS_WHITESPACE = /[ \t\n]+/;

async function partValue(part: WordPart, ctx: ExpandContext): Promise<string> {
  if (part.type === 'literal') return part.text;
  if (part.type === 'command') return (await ctx.substitute(part.source)).replace(/\n+$/, '');
  if (part.type === 'arith') return arithmetic(part.source, ctx);
  const value = ctx.getVar(part.name);
  switch (part.op) {
    case '#':
      return String([...(value ?? '')].length);
    case ':-':
      return value === undefined || value === '' ? expandInline(part.arg ?? '', ctx) : value;
    case '-':
      return value === undefined ? expandInline(part.arg ?? '', ctx) : value;
    case ':?':
    case '?':
      if (value === undefined || (part.op === ':?' && value === '')) {
        const message = part.arg ? expandInline(part.arg, ctx) : 'parameter null or not set';
        throw new ShellSyntaxError(`${part.name}: ${message}`);
      }
      return value;
    case ':+':
      return value === undefined || value === '' ? '' : expandInline(part.arg ?? '', ctx);
    case '+':
      return value === undefined ? '' : expandInline(part.arg ?? '', ctx);
    case ':=': {
      if (value !== undefined && value !== '') return value;
      const fallback = expandInline(part.arg ?? '', ctx);
      ctx.setVar(part.name, fallback);
      return fallback;
    }
    default:
      return value ?? '';
  }
}

/** arithmetic evaluates `$((...))` after expanding the `$NAME` inside; errors are bash's. */
function arithmetic(source: string, ctx: ExpandContext): string {
  try {
    return String(evaluateArithmetic(expandInline(source, ctx), (name) => ctx.getVar(name)));
  } catch (error) {
    if (error instanceof ArithmeticError) throw new ShellSyntaxError(error.message);
    throw error;
  }
}

/** expandInline expands `$NAME` and `${NAME}` in a default value (`${A:-$B}`). */
function expandInline(text: string, ctx: ExpandContext): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, a: string, b: string) => {
      return ctx.getVar(a ?? b) ?? '';
    },
  );
}

/** tilde replaces a leading unquoted `~` or `~/` by the home directory (`~user` is not supported). */
function tilde(word: Word, home: string): WordPart[] {
  const [first, ...rest] = word.parts;
  if (first?.type !== 'literal' || first.quoted) return word.parts;
  if (first.text !== '~' && !first.text.startsWith('~/')) return word.parts;
  return [{ ...first, text: home + first.text.slice(1) }, ...rest];
}

/** expandWords expands command words into argv: one word may give zero or several fields. */
export async function expandWords(words: Word[], ctx: ExpandContext): Promise<string[]> {
  const out: string[] = [];
  for (const word of words) {
    for (const field of await fields(word, ctx)) {
      const pattern = field.chunks.map((c) => (c.glob ? c.text : escapeGlob(c.text))).join('');
      const text = field.chunks.map((c) => c.text).join('');
      const magic = field.chunks.some((c) => c.glob && /[*?[]/.test(c.text));
      const matches = magic ? glob(pattern, ctx.cwd, ctx.fs) : [];
      if (matches.length > 0) out.push(...matches);
      else out.push(text);
    }
  }
  return out;
}

async function fields(word: Word, ctx: ExpandContext): Promise<Field[]> {
  const result: Field[] = [];
  let current: Field = { chunks: [], forced: false };
  let started = false;
  for (const part of tilde(word, ctx.home)) {
    const value = await partValue(part, ctx);
    if (part.quoted) {
      current.chunks.push({ text: value, glob: false });
      current.forced = true;
      started = true;
    } else if (part.type === 'literal') {
      current.chunks.push({ text: value, glob: true });
      started = true;
    } else {
      // Unquoted expansion results are split on blanks and may glob.
      const pieces = value.split(IFS_WHITESPACE);
      pieces.forEach((piece, index) => {
        if (index > 0) {
          if (started) result.push(current);
          current = { chunks: [], forced: false };
          started = false;
        }
        if (piece !== '') {
          current.chunks.push({ text: piece, glob: true });
          started = true;
        }
      });
    }
  }
  if (started && (current.forced || current.chunks.some((c) => c.text !== ''))) result.push(current);
  return result;
}

/** expandWord expands a word to one string, without field splitting or globbing (assignments, redirections). */
export async function expandWord(
  word: Word,
  ctx: ExpandContext,
  options: { assignment?: boolean } = {},
): Promise<string> {
  let parts = tilde(word, ctx.home);
  if (options.assignment) {
    // `KUBECONFIG=~/a:~/b`: tilde after `:` in assignments too.
    parts = parts.map((part) =>
      part.type === 'literal' && !part.quoted
        ? { ...part, text: part.text.replace(/:~(?=\/|:|$)/g, `:${ctx.home}`) }
        : part,
    );
  }
  let text = '';
  for (const part of parts) text += await partValue(part, ctx);
  return text;
}

/** expandHeredoc expands `$NAME`, `${...}`, `$(...)` and `\$`, `` \` ``, `\\` in an unquoted heredoc body. */
export async function expandHeredoc(body: string, ctx: ExpandContext): Promise<string> {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '\\' && '$`\\'.includes(body[i + 1] ?? '')) {
      out += body[i + 1];
      i += 2;
    } else if (ch === '\\' && body[i + 1] === '\n') {
      i += 2;
    } else if (ch === '$' && body.startsWith('((', i + 1)) {
      const end = body.indexOf('))', i + 3);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `))'");
      out += arithmetic(body.slice(i + 3, end), ctx);
      i = end + 2;
    } else if (ch === '$' && body[i + 1] === '(') {
      let depth = 1;
      let j = i + 2;
      while (j < body.length && depth > 0) {
        if (body[j] === '(') depth += 1;
        if (body[j] === ')') depth -= 1;
        j += 1;
      }
      if (depth > 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
      out += (await ctx.substitute(body.slice(i + 2, j - 1))).replace(/\n+$/, '');
      i = j;
    } else if (ch === '$' && body[i + 1] === '{') {
      const end = body.indexOf('}', i);
      if (end < 0) throw new ShellSyntaxError(`${body.slice(i)}: bad substitution`);
      const inner = body.slice(i + 2, end);
      const match = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])(?::-(.*))?$/s.exec(inner);
      if (!match) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
      const value = ctx.getVar(match[1]);
      out += match[2] !== undefined && !value ? expandInline(match[2], ctx) : (value ?? '');
      i = end + 1;
    } else if (ch === '$' && /[A-Za-z_?$#0-9]/.test(body[i + 1] ?? '')) {
      const match = /^(?:[A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(body.slice(i + 1));
      const name = match ? match[0] : '';
      out += ctx.getVar(name) ?? '';
      i += 1 + name.length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function unescape(segment: string): string {
  return segment.replace(/\\(.)/g, '$1');
}

/** glob matches a pattern against the virtual FS; paths come back as typed (relative stays relative), sorted. */
export function glob(pattern: string, cwd: string, fs: VirtualFs): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s) => s !== '');
  let candidates: string[] = [absolute ? '/' : ''];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const next: string[] = [];
    for (const prefix of candidates) {
      const dir = resolvePath(cwd, prefix === '' ? '.' : prefix);
      if (!/(^|[^\\])[*?[]/.test(segment)) {
        const candidate = join(prefix, unescape(segment));
        if (fs.exists(resolvePath(cwd, candidate)) && (last || fs.isDir(resolvePath(cwd, candidate)))) {
          next.push(candidate);
        }
        continue;
      }
      if (!fs.isDir(dir)) continue;
      const matches = compileGlob(segment);
      for (const name of fs.readDir(dir)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (!matches(name)) continue;
        const candidate = join(prefix, name);
        if (last || fs.isDir(resolvePath(cwd, candidate))) next.push(candidate);
      }
    }
    candidates = next;
  }
  const trailing = pattern.endsWith('/') ? '/' : '';
  return candidates
    .filter((c) => c !== '' && c !== '/')
    .map((c) => c + trailing)
    .sort();
}

function join(prefix: string, name: string): string {
  if (prefix === '') return name;
  if (prefix.endsWith('/')) return prefix + name;
  return `${prefix}/${name}`;
}
