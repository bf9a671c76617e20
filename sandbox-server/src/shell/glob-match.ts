/**
 * Matching of one path segment against a glob pattern, as bash does for file names: `*` (any run), `?` (any one
 * character), `[…]` sets with ranges, `!` or `^` negation, a leading `]` taken literally and POSIX classes
 * (`[[:digit:]]`), and `\` escapes. The pattern is compiled to tokens and matched with the classic star
 * back-tracking loop, in time proportional to pattern × name at worst: a learner's 200,000-character word
 * never builds a giant regular expression (V8 refuses those with a SyntaxError) nor backtracks exponentially.
 */

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; char: string }
  | { kind: 'set'; negated: boolean; test: (char: string) => boolean };

/** POSIX_CLASSES are the `[:name:]` classes bash accepts inside a set (ASCII, as in the C locale). */
const POSIX_CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  alpha: (c) => /[A-Za-z]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => c >= '0' && c <= '9',
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => c >= 'a' && c <= 'z',
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  space: (c) => /[ \t\n\r\f\v]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
};

/**
 * parseSet reads the set that opens at `start` (a `[`) and returns its token and the index of its closing `]`,
 * or undefined when the set is not closed (the `[` is then an ordinary character, as in bash).
 */
function parseSet(pattern: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negated = true;
    i += 1;
  }
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  const classes: ((c: string) => boolean)[] = [];
  let first = true;
  for (; i < pattern.length; i += 1) {
    let ch = pattern[i];
    if (ch === ']' && !first) {
      const test = (c: string) =>
        singles.has(c) || ranges.some(([lo, hi]) => c >= lo && c <= hi) || classes.some((is) => is(c));
      return { token: { kind: 'set', negated, test }, end: i };
    }
    first = false;
    if (ch === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const is = close > 0 ? POSIX_CLASSES[pattern.slice(i + 2, close)] : undefined;
      if (is) {
        classes.push(is);
        i = close + 1;
        continue;
      }
    }
    if (ch === '\\' && i + 1 < pattern.length) ch = pattern[++i];
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2];
      i += 2;
      if (hi === '\\' && i + 1 < pattern.length) hi = pattern[++i];
      if (ch <= hi) ranges.push([ch, hi]);
      continue;
    }
    singles.add(ch);
  }
  return undefined;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      tokens.push({ kind: 'char', char: pattern[++i] });
    } else if (ch === '*') {
      // A run of stars matches what one star does.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[') {
      const set = parseSet(pattern, i);
      if (set) {
        tokens.push(set.token);
        i = set.end;
      } else {
        tokens.push({ kind: 'char', char: '[' });
      }
    } else {
      tokens.push({ kind: 'char', char: ch });
    }
  }
  return tokens;
}

function matchesOne(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'any':
      return true;
    case 'char':
      return token.char === char;
    case 'set':
      return token.test(char) !== token.negated;
    case 'star':
      return false;
  }
}

/** compileGlob returns the matcher of one path segment pattern, for file names (which never hold a `/`). */
export function compileGlob(pattern: string): (name: string) => boolean {
  const tokens = tokenize(pattern);
  const fixed = tokens.filter((t) => t.kind !== 'star').length;
  return (name) => {
    // Every token but `*` takes one character: a name shorter than that cannot match.
    if (name.length < fixed) return false;
    let t = 0;
    let n = 0;
    let star = -1;
    let starAt = 0;
    while (n < name.length) {
      const token = tokens[t];
      if (token !== undefined && token.kind === 'star') {
        star = t++;
        starAt = n;
      } else if (token !== undefined && matchesOne(token, name[n])) {
        t += 1;
        n += 1;
      } else if (star >= 0) {
        t = star + 1;
        n = ++starAt;
      } else {
        return false;
      }
    }
    while (tokens[t]?.kind === 'star') t += 1;
    return t === tokens.length;
  };
}
