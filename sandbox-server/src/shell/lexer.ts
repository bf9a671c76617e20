// The lexer: shell source text to tokens (words with their quoting, operators, redirections, heredoc bodies).
import type { ParamOp, RedirectOp, Word, WordPart } from './ast';

/** Token is one lexical unit. Words keep their raw text for keyword and alias recognition. */
export type Token =
  | { type: 'word'; word: Word; raw: string; aliases?: readonly string[] }
  | { type: 'op'; op: '|' | '||' | '&&' | ';' | '&' | '(' | ')' | ';;' }
  | { type: 'redirect'; op: RedirectOp; fd?: number; heredoc?: { body: string; expand: boolean } }
  | { type: 'newline' }
  | { type: 'eof' };

/** IncompleteInputError means the input stops inside a quote, heredoc or after `|`: the shell asks for more. */
export class IncompleteInputError extends Error {
  constructor(what: string) {
    super(`incomplete input: ${what}`);
    this.name = 'IncompleteInputError';
  }
}

/** ShellSyntaxError carries bash's text, e.g. "syntax error near unexpected token `|'". */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }

  /** nearToken builds bash's usual message for an unexpected token. */
  static nearToken(token: string): ShellSyntaxError {
    return new ShellSyntaxError(`syntax error near unexpected token \`${token}'`);
  }
}

const METACHARS = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

// Longest operators first, so `>>` wins over `>` and `&&` over `&`.
const OPERATORS: { text: string; token: Token }[] = [
  { text: '&>>', token: { type: 'redirect', op: '&>>' } },
  { text: '<<<', token: { type: 'redirect', op: '<<<' } },
  { text: '<<-', token: { type: 'redirect', op: '<<-' } },
  { text: '&&', token: { type: 'op', op: '&&' } },
  { text: '||', token: { type: 'op', op: '||' } },
  { text: ';;', token: { type: 'op', op: ';;' } },
  { text: '>>', token: { type: 'redirect', op: '>>' } },
  { text: '>|', token: { type: 'redirect', op: '>|' } },
  { text: '<<', token: { type: 'redirect', op: '<<' } },
  { text: '>&', token: { type: 'redirect', op: '>&' } },
  { text: '<&', token: { type: 'redirect', op: '<&' } },
  { text: '&>', token: { type: 'redirect', op: '&>' } },
  { text: '|', token: { type: 'op', op: '|' } },
  { text: '&', token: { type: 'op', op: '&' } },
  { text: ';', token: { type: 'op', op: ';' } },
  { text: '(', token: { type: 'op', op: '(' } },
  { text: ')', token: { type: 'op', op: ')' } },
  { text: '<', token: { type: 'redirect', op: '<' } },
  { text: '>', token: { type: 'redirect', op: '>' } },
];

interface PendingHeredoc {
  token: Extract<Token, { type: 'redirect' }>;
  delimiter: string;
  expand: boolean;
  stripTabs: boolean;
}

/**
 * lex turns source text into tokens ending with `eof`. It throws IncompleteInputError when the text stops in
 * the middle of a construct (the caller then reads another line) and ShellSyntaxError on malformed text.
 */
export function lex(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private pending: PendingHeredoc[] = [];
  private heredocTarget: Extract<Token, { type: 'redirect' }> | undefined;

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === ' ' || ch === '\t') {
        this.pos += 1;
      } else if (ch === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
      } else if (ch === '\n') {
        this.pos += 1;
        this.tokens.push({ type: 'newline' });
        this.readHeredocBodies();
      } else if (ch === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos += 1;
      } else if (!this.readOperator()) {
        this.readWord();
      }
    }
    if (this.pending.length > 0 || this.heredocTarget) throw new IncompleteInputError('heredoc');
    this.tokens.push({ type: 'eof' });
    return this.tokens;
  }

  private readOperator(): boolean {
    for (const { text, token } of OPERATORS) {
      if (this.src.startsWith(text, this.pos)) {
        this.pos += text.length;
        const copy = { ...token } as Token;
        this.tokens.push(copy);
        if (copy.type === 'redirect' && (copy.op === '<<' || copy.op === '<<-')) this.heredocTarget = copy;
        return true;
      }
    }
    return false;
  }

  private readWord(): void {
    const start = this.pos;
    const parts: WordPart[] = [];
    let literal = '';
    let literalQuoted = false;
    const flush = (): void => {
      if (literal !== '') parts.push({ type: 'literal', text: literal, quoted: literalQuoted });
      literal = '';
    };
    const addLiteral = (text: string, quoted: boolean): void => {
      if (quoted !== literalQuoted) flush();
      literalQuoted = quoted;
      literal += text;
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (METACHARS.has(ch)) break;
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined) throw new IncompleteInputError('backslash');
        this.pos += 2;
        if (next !== '\n') addLiteral(next, true);
      } else if (ch === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new IncompleteInputError('single quote');
        addLiteral(this.src.slice(this.pos + 1, end), true);
        // An empty '' still makes a (quoted, empty) word.
        if (end === this.pos + 1) {
          flush();
          parts.push({ type: 'literal', text: '', quoted: true });
        }
        this.pos = end + 1;
      } else if (ch === '"') {
        flush();
        this.readDoubleQuoted(parts);
      } else if (ch === '$' || ch === '`') {
        const part = this.readDollar(false);
        if (part) {
          flush();
          parts.push(part);
        } else {
          addLiteral(ch, false);
          this.pos += 1;
        }
      } else {
        addLiteral(ch, false);
        this.pos += 1;
      }
    }
    flush();
    const raw = this.src.slice(start, this.pos);
    // A word made only of digits right before `<` or `>` is a file descriptor number (IO_NUMBER).
    const next = this.src[this.pos];
    if (/^\d+$/.test(raw) && (next === '<' || next === '>') && this.readOperator()) {
      const token = this.tokens[this.tokens.length - 1];
      if (token.type === 'redirect') token.fd = Number(raw);
      return;
    }
    const word: Word = { parts };
    this.tokens.push({ type: 'word', word, raw });
    if (this.heredocTarget) {
      const quoted = parts.some((part) => part.type === 'literal' && part.quoted);
      this.pending.push({
        token: this.heredocTarget,
        delimiter: parts.map((part) => (part.type === 'literal' ? part.text : '')).join('') || raw,
        expand: !quoted,
        stripTabs: this.heredocTarget.op === '<<-',
      });
      this.heredocTarget = undefined;
    }
  }

  private readDoubleQuoted(parts: WordPart[]): void {
    this.pos += 1;
    let text = '';
    let sawPart = false;
    const flush = (): void => {
      if (text !== '') parts.push({ type: 'literal', text, quoted: true });
      text = '';
    };
    while (true) {
      if (this.pos >= this.src.length) throw new IncompleteInputError('double quote');
      const ch = this.src[this.pos];
      if (ch === '"') {
        this.pos += 1;
        break;
      }
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined) throw new IncompleteInputError('double quote');
        if (next === '\n') {
          this.pos += 2;
        } else if ('$`"\\'.includes(next)) {
          text += next;
          this.pos += 2;
        } else {
          text += '\\';
          this.pos += 1;
        }
      } else if (ch === '$' || ch === '`') {
        const part = this.readDollar(true);
        if (part) {
          flush();
          parts.push(part);
          sawPart = true;
        } else {
          text += ch;
          this.pos += 1;
        }
      } else {
        text += ch;
        this.pos += 1;
      }
    }
    // "" is an empty word, not nothing.
    if (text === '' && !sawPart) parts.push({ type: 'literal', text: '', quoted: true });
    flush();
  }

  /** readDollar reads `$NAME`, `${...}`, `$(...)`, `` `...` `` or a special parameter; undefined for a lone `$`. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const src = this.src;
    if (src[this.pos] === '`') {
      let end = this.pos + 1;
      let body = '';
      while (end < src.length && src[end] !== '`') {
        if (src[end] === '\\' && '$`\\'.includes(src[end + 1] ?? '')) {
          body += src[end + 1];
          end += 2;
        } else {
          body += src[end];
          end += 1;
        }
      }
      if (end >= src.length) throw new IncompleteInputError('backquote');
      this.pos = end + 1;
      return { type: 'command', source: body, quoted };
    }
    const next = src[this.pos + 1];
    if (next === '(' && src[this.pos + 2] === '(') {
      const end = findArithmeticEnd(src, this.pos + 3);
      const source = src.slice(this.pos + 3, end);
      this.pos = end + 2;
      return { type: 'arith', source, quoted };
    }
    if (next === '(') {
      const end = findClosingParen(src, this.pos + 2);
      const source = src.slice(this.pos + 2, end);
      this.pos = end + 1;
      return { type: 'command', source, quoted };
    }
    if (next === '{') {
      const end = src.indexOf('}', this.pos + 2);
      if (end < 0) throw new IncompleteInputError('parameter');
      const inner = src.slice(this.pos + 2, end);
      this.pos = end + 1;
      return parseBraceParameter(inner, quoted);
    }
    if (next !== undefined && '?$#!0123456789'.includes(next)) {
      this.pos += 2;
      return { type: 'param', name: next, quoted };
    }
    if (next !== undefined && NAME_START.test(next)) {
      let end = this.pos + 2;
      while (end < src.length && NAME_CHAR.test(src[end])) end += 1;
      const name = src.slice(this.pos + 1, end);
      this.pos = end;
      return { type: 'param', name, quoted };
    }
    return undefined;
  }

  private readHeredocBodies(): void {
    for (const heredoc of this.pending) {
      let body = '';
      while (true) {
        if (this.pos >= this.src.length) throw new IncompleteInputError('heredoc');
        // The delimiter may be the last line of the input, without its newline.
        const found = this.src.indexOf('\n', this.pos);
        const lineEnd = found < 0 ? this.src.length : found;
        let line = this.src.slice(this.pos, lineEnd);
        this.pos = lineEnd + 1;
        if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
        if (line === heredoc.delimiter) break;
        if (found < 0) throw new IncompleteInputError('heredoc');
        body += `${line}\n`;
      }
      heredoc.token.heredoc = { body, expand: heredoc.expand };
    }
    this.pending = [];
  }
}

function parseBraceParameter(inner: string, quoted: boolean): WordPart {
  if (inner.startsWith('#') && inner.length > 1)
    return { type: 'param', name: inner.slice(1), quoted, op: '#' };
  const match = /^([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])(:-|:=|:\+|:\?|-|\+|\?)?([\s\S]*)$/.exec(inner);
  if (!match || (match[2] === undefined && match[3] !== '')) {
    throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
  }
  const op = match[2] as ParamOp | undefined;
  return op
    ? { type: 'param', name: match[1], quoted, op, arg: match[3] }
    : { type: 'param', name: match[1], quoted };
}

/** findArithmeticEnd returns the index of the `))` closing a `$((` whose body starts at `start`. */
function findArithmeticEnd(src: string, start: number): number {
  let depth = 0;
  for (let i = start; i < src.length; i += 1) {
    if (src[i] === '(') depth += 1;
    else if (src[i] === ')') {
      if (depth === 0) {
        if (src[i + 1] === ')') return i;
        throw new ShellSyntaxError(`syntax error near unexpected token \`)'`);
      }
      depth -= 1;
    }
  }
  throw new IncompleteInputError('arithmetic expansion');
}

/** findClosingParen returns the index of the `)` closing a `$(` whose body starts at `start`. */
export function findClosingParen(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i += 1;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (ch === '(') depth += 1;
    if (ch === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
    i += 1;
  }
  throw new IncompleteInputError('command substitution');
}

/** isPlainWord tells whether a word token is unquoted literal text (candidate keyword or alias). */
export function isPlainWord(token: Token): token is Extract<Token, { type: 'word' }> {
  if (token.type !== 'word') return false;
  const parts = token.word.parts;
  return parts.length === 1 && parts[0].type === 'literal' && !parts[0].quoted && parts[0].text === token.raw;
}
