// The parser: tokens to a syntax tree, with bash's alias expansion and bash's syntax error texts.
import type { AndOr, Assignment, CommandNode, List, Pipeline, Redirect, Word } from './ast';
import { IncompleteInputError, ShellSyntaxError, isPlainWord, lex } from './lexer';
import type { Token } from './lexer';

/** ParseResult is a tree, a request for more input (`> ` prompt), or bash's syntax error text. */
export type ParseResult =
  { kind: 'ok'; list: List } | { kind: 'incomplete' } | { kind: 'error'; message: string };

const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'until',
  'do',
  'done',
  'for',
  'in',
  '{',
  '}',
  '!',
]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * parse turns a whole command line (possibly several lines) into a List. Aliases are expanded in command
 * position as bash does, before the command is parsed (an alias value ending with a blank makes the next
 * word a candidate too).
 */
export function parse(source: string, aliases: ReadonlyMap<string, string> = new Map()): ParseResult {
  try {
    return { kind: 'ok', list: new Parser(lex(source), aliases).program() };
  } catch (error) {
    if (error instanceof IncompleteInputError) return { kind: 'incomplete' };
    if (error instanceof ShellSyntaxError) return { kind: 'error', message: error.message };
    throw error;
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'word':
      return token.raw;
    case 'op':
      return token.op;
    case 'redirect':
      return token.op;
    case 'newline':
      return 'newline';
    case 'eof':
      return 'newline';
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  program(): List {
    const list = this.list(new Set());
    const token = this.peek();
    if (token.type !== 'eof') throw ShellSyntaxError.nearToken(describe(token));
    return list;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    if (token.type !== 'eof') this.pos += 1;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return isPlainWord(token) && token.raw === keyword;
  }

  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.pos += 1;
  }

  /** Need more input at the end of the text, or an error on any other unexpected token. */
  private unexpected(token: Token): never {
    if (token.type === 'eof') throw new IncompleteInputError('command');
    throw ShellSyntaxError.nearToken(describe(token));
  }

  private expectKeyword(keyword: string): void {
    this.skipNewlines();
    const token = this.peek();
    if (!this.isKeyword(token, keyword)) this.unexpected(token);
    this.pos += 1;
  }

  /** list parses and-or lists until the end, a `)`, or one of the `terminators` keywords. */
  private list(terminators: ReadonlySet<string>): List {
    const list: List = { items: [] };
    while (true) {
      this.skipNewlines();
      const token = this.peek();
      if (token.type === 'eof') break;
      if (token.type === 'op' && token.op === ')') break;
      if (isPlainWord(token) && terminators.has(token.raw)) break;
      const andOr = this.andOr();
      const separator = this.peek();
      if (separator.type === 'op' && (separator.op === ';' || separator.op === '&')) {
        this.pos += 1;
        list.items.push({ andOr, background: separator.op === '&' });
      } else if (separator.type === 'newline' || separator.type === 'eof') {
        list.items.push({ andOr, background: false });
      } else if (separator.type === 'op' && separator.op === ')') {
        list.items.push({ andOr, background: false });
      } else if (isPlainWord(separator) && terminators.has(separator.raw)) {
        // `if true; then echo; fi`: reserved words need a separator before them.
        throw ShellSyntaxError.nearToken(separator.raw);
      } else {
        this.unexpected(separator);
      }
    }
    return list;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    while (true) {
      const token = this.peek();
      if (token.type !== 'op' || (token.op !== '&&' && token.op !== '||')) break;
      this.pos += 1;
      this.skipNewlines();
      rest.push({ op: token.op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.isKeyword(this.peek(), '!')) {
      negate = true;
      this.pos += 1;
    }
    const commands = [this.command()];
    while (true) {
      const token = this.peek();
      if (token.type !== 'op' || token.op !== '|') break;
      this.pos += 1;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): CommandNode {
    this.expandAlias();
    const token = this.peek();
    if (token.type === 'op' && token.op === '(') {
      this.pos += 1;
      const body = this.list(new Set());
      const close = this.next();
      if (close.type !== 'op' || close.op !== ')') this.unexpected(close);
      if (body.items.length === 0) throw ShellSyntaxError.nearToken(')');
      return { type: 'subshell', body, redirects: this.redirects() };
    }
    if (isPlainWord(token)) {
      switch (token.raw) {
        case 'if':
          return this.ifCommand();
        case 'while':
        case 'until':
          return this.loopCommand(token.raw);
        case 'for':
          return this.forCommand();
        case '{': {
          this.pos += 1;
          const body = this.nonEmptyList(new Set(['}']));
          this.expectKeyword('}');
          return { type: 'group', body, redirects: this.redirects() };
        }
        case 'then':
        case 'elif':
        case 'else':
        case 'fi':
        case 'do':
        case 'done':
        case '}':
          throw ShellSyntaxError.nearToken(token.raw);
      }
    }
    return this.simpleCommand();
  }

  private nonEmptyList(terminators: ReadonlySet<string>): List {
    const list = this.list(terminators);
    if (list.items.length === 0) this.unexpected(this.peek());
    return list;
  }

  private ifCommand(): CommandNode {
    this.pos += 1;
    const clauses: { condition: List; body: List }[] = [];
    let elseBody: List | undefined;
    while (true) {
      const condition = this.nonEmptyList(new Set(['then']));
      this.expectKeyword('then');
      const body = this.nonEmptyList(new Set(['elif', 'else', 'fi']));
      clauses.push({ condition, body });
      const token = this.next();
      if (this.isKeyword(token, 'elif')) continue;
      if (this.isKeyword(token, 'else')) {
        elseBody = this.nonEmptyList(new Set(['fi']));
        this.expectKeyword('fi');
      } else if (!this.isKeyword(token, 'fi')) {
        this.unexpected(token);
      }
      break;
    }
    return { type: 'if', clauses, elseBody, redirects: this.redirects() };
  }

  private loopCommand(kind: 'while' | 'until'): CommandNode {
    this.pos += 1;
    const condition = this.nonEmptyList(new Set(['do']));
    this.expectKeyword('do');
    const body = this.nonEmptyList(new Set(['done']));
    this.expectKeyword('done');
    return { type: kind, condition, body, redirects: this.redirects() };
  }

  private forCommand(): CommandNode {
    this.pos += 1;
    const nameToken = this.next();
    if (!isPlainWord(nameToken) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameToken.raw)) {
      if (nameToken.type === 'eof') this.unexpected(nameToken);
      throw new ShellSyntaxError(`\`${describe(nameToken)}': not a valid identifier`);
    }
    const items: Word[] = [];
    this.skipNewlines();
    if (this.isKeyword(this.peek(), 'in')) {
      this.pos += 1;
      while (this.peek().type === 'word') {
        const token = this.next() as Extract<Token, { type: 'word' }>;
        items.push(token.word);
      }
    }
    const separator = this.peek();
    if (separator.type === 'op' && separator.op === ';') this.pos += 1;
    else if (separator.type !== 'newline' && !this.isKeyword(separator, 'do')) this.unexpected(separator);
    this.expectKeyword('do');
    const body = this.nonEmptyList(new Set(['done']));
    this.expectKeyword('done');
    return { type: 'for', name: nameToken.raw, items, body, redirects: this.redirects() };
  }

  private redirects(): Redirect[] {
    const redirects: Redirect[] = [];
    while (this.peek().type === 'redirect') redirects.push(this.redirect());
    return redirects;
  }

  private redirect(): Redirect {
    const token = this.next() as Extract<Token, { type: 'redirect' }>;
    const target = this.next();
    if (target.type !== 'word') {
      if (target.type === 'eof') throw ShellSyntaxError.nearToken('newline');
      this.unexpected(target);
    }
    const input =
      token.op === '<' || token.op === '<&' || token.op === '<<' || token.op === '<<-' || token.op === '<<<';
    const redirect: Redirect = { fd: token.fd ?? (input ? 0 : 1), op: token.op, target: target.word };
    if (token.heredoc) redirect.heredoc = token.heredoc;
    return redirect;
  }

  private simpleCommand(): CommandNode {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    while (true) {
      const token = this.peek();
      if (token.type === 'redirect') {
        redirects.push(this.redirect());
      } else if (token.type === 'word') {
        const match = words.length === 0 ? ASSIGNMENT.exec(token.raw) : null;
        if (match) {
          this.pos += 1;
          assignments.push({ name: match[1], value: stripPrefix(token.word, match[0].length) });
        } else {
          if (words.length === 0 && assignments.length > 0) this.expandAlias();
          const current = this.next() as Extract<Token, { type: 'word' }>;
          words.push(current.word);
        }
      } else {
        break;
      }
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0)
      this.unexpected(this.peek());
    return { type: 'simple', assignments, words, redirects };
  }

  /** expandAlias replaces an alias name in command position by the tokens of its value. */
  private expandAlias(): void {
    for (let guard = 0; guard < 100; guard += 1) {
      const token = this.peek();
      if (!isPlainWord(token) || RESERVED.has(token.raw)) return;
      const value = this.aliases.get(token.raw);
      if (value === undefined || token.aliases?.includes(token.raw)) return;
      const chain = [...(token.aliases ?? []), token.raw];
      const replacement = lex(value).filter((t) => t.type !== 'eof');
      for (const t of replacement) if (t.type === 'word') t.aliases = chain;
      this.tokens.splice(this.pos, 1, ...replacement);
      if (replacement.length === 0) continue;
      // An alias ending with a blank makes the following word an alias candidate too (`alias sudo='sudo '`).
      if (/[ \t]$/.test(value)) {
        const after = this.tokens[this.pos + replacement.length];
        if (after && isPlainWord(after) && this.aliases.has(after.raw) && !chain.includes(after.raw)) {
          const saved = this.pos;
          this.pos += replacement.length;
          this.expandAlias();
          this.pos = saved;
        }
      }
      // The first word of the replacement may itself be an alias (`ll` → `ls -l` → `ls --color=auto -l`).
    }
  }
}

/** stripPrefix drops `NAME=` from the first literal part of an assignment word. */
function stripPrefix(word: Word, length: number): Word {
  const [first, ...rest] = word.parts;
  if (first?.type !== 'literal' || first.quoted || first.text.length < length) return word;
  const text = first.text.slice(length);
  return { parts: text === '' ? rest : [{ ...first, text }, ...rest] };
}
