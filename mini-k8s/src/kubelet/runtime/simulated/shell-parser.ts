/**
 * Parser of the small POSIX shell language the simulated containers understand: simple commands with
 * redirections, pipelines, `&&`/`||`, `;`/newline/`&` lists, `while`/`until`, `for`, `if`/`elif`/`else`,
 * `{ ...; }` and `( ... )` groups. Words are kept raw (quotes included) and expanded at run time.
 */

/** Redirect is `[fd]>file`, `[fd]>>file`, `<file` or `2>&1`/`>&2`. */
export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** target is a raw word, or the fd number for `>&`. */
  target: string;
}

/** ShellNode is the syntax tree. */
export type ShellNode =
  | { type: 'simple'; words: string[]; redirects: Redirect[] }
  | { type: 'pipeline'; commands: ShellNode[]; negate: boolean }
  | { type: 'and' | 'or'; left: ShellNode; right: ShellNode }
  | { type: 'list'; items: { node: ShellNode; background: boolean }[] }
  | { type: 'loop'; until: boolean; condition: ShellNode; body: ShellNode }
  | { type: 'for'; name: string; words: string[] | undefined; body: ShellNode }
  | { type: 'if'; clauses: { condition: ShellNode; body: ShellNode }[]; otherwise?: ShellNode }
  | { type: 'group'; body: ShellNode; subshell: boolean };

/** ShellSyntaxError carries the shell's own message (`syntax error: unexpected "done"`). */
export class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(token === '' ? 'syntax error: unexpected end of file' : `syntax error: unexpected "${token}"`);
    this.name = 'ShellSyntaxError';
  }
}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string };

const OPERATORS = ['&&', '||', ';;', '>>', '>&', '|', '&', ';', '(', ')', '>', '<', '\n'];

/** tokenize splits source text into raw words and operators (quotes and `$(...)` kept inside words). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: word });
    word = '';
    inWord = false;
  };
  const skipBalanced = (open: string, close: string, start: number): number => {
    // Returns the index just after the matching `close`, honouring quotes inside.
    let depth = 0;
    let j = start;
    while (j < source.length) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === "'") j = source.indexOf("'", j + 1) + 1 || source.length;
      else if (c === '"') j = skipDouble(j);
      else {
        if (c === open) depth++;
        else if (c === close && --depth === 0) return j + 1;
        j++;
      }
    }
    throw new ShellSyntaxError('');
  };
  const skipDouble = (start: number): number => {
    let j = start + 1;
    while (j < source.length && source[j] !== '"') {
      if (source[j] === '\\') j += 2;
      else if (source[j] === '$' && source[j + 1] === '(') j = skipBalanced('(', ')', j + 1);
      else j++;
    }
    if (j >= source.length) throw new ShellSyntaxError('');
    return j + 1;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
    } else if (c === '#' && !inWord) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
    } else if (c === '\\') {
      word += source.slice(i, i + 2);
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('');
      word += source.slice(i, end + 1);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const end = skipDouble(i);
      word += source.slice(i, end);
      inWord = true;
      i = end;
    } else if (c === '$' && source[i + 1] === '(') {
      const end = skipBalanced('(', ')', i + 1);
      word += source.slice(i, end);
      inWord = true;
      i = end;
    } else if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new ShellSyntaxError('');
      word += source.slice(i, end + 1);
      inWord = true;
      i = end + 1;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('');
      word += source.slice(i, end + 1);
      inWord = true;
      i = end + 1;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) {
        word += c;
        inWord = true;
        i++;
        continue;
      }
      // `2>file`, `2>&1`: a word made only of digits right before a redirection is its fd.
      if ((op[0] === '>' || op === '<') && inWord && /^\d$/.test(word)) {
        const fd = word;
        word = '';
        inWord = false;
        tokens.push({ kind: 'op', value: fd + op });
      } else {
        flush();
        tokens.push({ kind: 'op', value: op });
      }
      i += op.length;
    }
  }
  flush();
  return tokens;
}

const RESERVED_END = new Set(['do', 'done', 'then', 'fi', 'else', 'elif', '}', 'esac']);

/** parseShell parses a whole script. Throws ShellSyntaxError. */
export function parseShell(source: string): ShellNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (value: string): boolean => peek()?.kind === 'word' && peek()?.value === value;
  const isOp = (value: string): boolean => peek()?.kind === 'op' && peek()?.value === value;
  const skipNewlines = (): void => {
    while (isOp('\n')) pos++;
  };
  const expectWord = (value: string): void => {
    skipSeparators();
    if (!isWord(value)) throw new ShellSyntaxError(peek()?.value ?? '');
    pos++;
  };
  const skipSeparators = (): void => {
    while (isOp('\n') || isOp(';')) pos++;
  };

  const list = (): ShellNode => {
    const items: { node: ShellNode; background: boolean }[] = [];
    skipSeparators();
    while (pos < tokens.length) {
      const token = peek() as Token;
      if (token.kind === 'word' && RESERVED_END.has(token.value)) break;
      if (token.kind === 'op' && (token.value === ')' || token.value === ';;')) break;
      const node = andOr();
      let background = false;
      if (isOp('&')) {
        background = true;
        pos++;
      }
      items.push({ node, background });
      if (!(isOp(';') || isOp('\n') || background)) break;
      skipSeparators();
    }
    if (items.length === 0) throw new ShellSyntaxError(peek()?.value ?? '');
    return items.length === 1 && !items[0].background ? items[0].node : { type: 'list', items };
  };

  const andOr = (): ShellNode => {
    let left = pipeline();
    while (isOp('&&') || isOp('||')) {
      const type = (peek() as Token).value === '&&' ? 'and' : 'or';
      pos++;
      skipNewlines();
      left = { type, left, right: pipeline() };
    }
    return left;
  };

  const pipeline = (): ShellNode => {
    let negate = false;
    if (isWord('!')) {
      negate = true;
      pos++;
    }
    const commands = [command()];
    while (isOp('|')) {
      pos++;
      skipNewlines();
      commands.push(command());
    }
    return commands.length === 1 && !negate ? commands[0] : { type: 'pipeline', commands, negate };
  };

  const command = (): ShellNode => {
    const token = peek();
    if (!token) throw new ShellSyntaxError('');
    if (token.kind === 'word') {
      if (token.value === 'while' || token.value === 'until') {
        pos++;
        const condition = list();
        expectWord('do');
        const body = list();
        expectWord('done');
        return { type: 'loop', until: token.value === 'until', condition, body };
      }
      if (token.value === 'for') {
        pos++;
        const name = peek();
        if (name?.kind !== 'word') throw new ShellSyntaxError(name?.value ?? '');
        pos++;
        let words: string[] | undefined;
        skipNewlines();
        if (isWord('in')) {
          pos++;
          words = [];
          while (peek()?.kind === 'word') words.push((tokens[pos++] as Token).value);
        }
        expectWord('do');
        const body = list();
        expectWord('done');
        return { type: 'for', name: name.value, words, body };
      }
      if (token.value === 'if') {
        pos++;
        const clauses: { condition: ShellNode; body: ShellNode }[] = [];
        let otherwise: ShellNode | undefined;
        const condition = list();
        expectWord('then');
        clauses.push({ condition, body: list() });
        for (;;) {
          skipSeparators();
          if (isWord('elif')) {
            pos++;
            const c = list();
            expectWord('then');
            clauses.push({ condition: c, body: list() });
          } else if (isWord('else')) {
            pos++;
            otherwise = list();
          } else break;
        }
        expectWord('fi');
        return { type: 'if', clauses, otherwise };
      }
      if (token.value === '{') {
        pos++;
        const body = list();
        expectWord('}');
        return { type: 'group', body, subshell: false };
      }
      if (RESERVED_END.has(token.value)) throw new ShellSyntaxError(token.value);
    } else if (token.value === '(') {
      pos++;
      const body = list();
      skipSeparators();
      if (!isOp(')')) throw new ShellSyntaxError(peek()?.value ?? '');
      pos++;
      return { type: 'group', body, subshell: true };
    }
    return simple();
  };

  const simple = (): ShellNode => {
    const words: string[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const token = peek();
      if (!token) break;
      if (token.kind === 'word') {
        words.push(token.value);
        pos++;
        continue;
      }
      const match = /^(\d?)(>>|>&|>|<)$/.exec(token.value);
      if (!match) break;
      pos++;
      const target = peek();
      if (target?.kind !== 'word') throw new ShellSyntaxError(target?.value ?? 'newline');
      pos++;
      const op = match[2] as Redirect['op'];
      const fd = match[1] !== '' ? Number(match[1]) : op === '<' ? 0 : 1;
      redirects.push({ fd, op, target: target.value });
    }
    if (words.length === 0 && redirects.length === 0) throw new ShellSyntaxError(peek()?.value ?? '');
    return { type: 'simple', words, redirects };
  };

  skipSeparators();
  if (pos >= tokens.length) return { type: 'list', items: [] };
  const tree = list();
  skipSeparators();
  if (pos < tokens.length) throw new ShellSyntaxError((peek() as Token).value);
  return tree;
}
