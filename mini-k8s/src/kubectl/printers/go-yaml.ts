/**
 * toGoYaml renders a JSON value exactly as kubectl prints YAML: sigs.k8s.io/yaml's JSONToYAML, i.e. go-yaml
 * v2 (libyaml's emitter) with map keys sorted, block sequences not indented under their key, strings that
 * would resolve to another YAML 1.1 type double-quoted (`"true"`, `"80"`, timestamps), strings with line
 * breaks as literal blocks, and long plain or quoted strings folded at spaces beyond column 80.
 */

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** toGoYaml returns the YAML document (ends with a newline; `{}` for an empty map, `null` for null). */
export function toGoYaml(value: unknown): string {
  const e = new Emitter();
  e.emitTop(value);
  return e.result();
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;

  result(): string {
    if (this.column !== 0) this.putBreak();
    return this.out;
  }

  emitTop(value: unknown): void {
    const v = value as Json;
    if (isMap(v) && Object.keys(v).length > 0) this.emitMap(v, 0);
    else if (Array.isArray(v) && v.length > 0) this.emitSeq(v, 0);
    else this.emitScalarOrEmpty(v, -1, false);
  }

  private write(s: string): void {
    this.out += s;
    this.column += [...s].length;
    this.whitespace = false;
    this.indention = false;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** writeIndent starts a new line at `indent` unless already there (libyaml yaml_emitter_write_indent). */
  private writeIndent(indent: number): void {
    const target = Math.max(indent, 0);
    if (!this.indention || this.column > target || (this.column === target && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < target) {
      this.out += ' ';
      this.column++;
    }
    this.whitespace = true;
    this.indention = true;
  }

  private emitMap(map: { [k: string]: Json }, indent: number): void {
    for (const key of sortKeys(Object.keys(map))) {
      this.writeIndent(indent);
      this.emitString(key, indent, true);
      this.write(':');
      this.emitValue(map[key], indent, true);
    }
  }

  private emitSeq(seq: Json[], indent: number): void {
    for (const item of seq) {
      this.writeIndent(indent);
      this.write('-');
      // libyaml's `-` indicator keeps the line "in indentation", so a nested map or list continues on it.
      this.indention = true;
      this.emitValue(item, indent, false);
    }
  }

  /** emitValue writes a map value (inMap) or a sequence item after its `key:` or `-`. */
  private emitValue(v: Json, indent: number, inMap: boolean): void {
    if (isMap(v) && Object.keys(v).length > 0) return this.emitMap(v, indent + BEST_INDENT);
    if (Array.isArray(v) && v.length > 0) {
      // go-yaml writes block sequences under a mapping key without extra indentation.
      return this.emitSeq(v, inMap ? indent : indent + BEST_INDENT);
    }
    this.emitScalarOrEmpty(v, indent, false);
  }

  private emitScalarOrEmpty(v: Json, indent: number, isKey: boolean): void {
    if (!this.whitespace) this.write(' ');
    if (v === null || v === undefined) this.write('null');
    else if (typeof v === 'boolean') this.write(v ? 'true' : 'false');
    else if (typeof v === 'number') this.write(formatNumber(v));
    else if (typeof v === 'string') this.emitString(v, indent, isKey, true);
    else if (Array.isArray(v)) this.write('[]');
    else this.write('{}');
  }

  /** emitString writes a string scalar in go-yaml's style; `indent` is that of the enclosing collection. */
  private emitString(s: string, indent: number, isKey: boolean, spaceWritten = false): void {
    if (!spaceWritten && !this.whitespace) this.write(' ');
    const scalarIndent = indent + BEST_INDENT;
    const a = analyze(s);
    let style: 'plain' | 'single' | 'double' | 'literal';
    if (s.includes('\n')) style = 'literal';
    else if (resolvesToNonString(s)) style = 'double';
    else style = 'plain';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (s.length === 0 && isKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || isKey)) style = 'double';
    const allowBreaks = !isKey;
    switch (style) {
      case 'plain':
        return this.writePlain(s, scalarIndent, allowBreaks);
      case 'single':
        return this.writeSingle(s, scalarIndent, allowBreaks);
      case 'double':
        return this.writeDouble(s, scalarIndent, allowBreaks);
      case 'literal':
        return this.writeLiteral(s, scalarIndent);
    }
  }

  private writePlain(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    let spaces = false;
    let buf = '';
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column + len(buf) > BEST_WIDTH && chars[i + 1] !== ' ') {
          this.write(buf);
          buf = '';
          this.writeIndent(indent);
        } else buf += c;
        spaces = true;
      } else {
        buf += c;
        spaces = false;
      }
    }
    this.write(buf);
  }

  private writeSingle(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    let buf = "'";
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column + len(buf) > BEST_WIDTH &&
          i !== 0 &&
          i !== chars.length - 1 &&
          chars[i + 1] !== ' '
        ) {
          this.write(buf);
          buf = '';
          this.writeIndent(indent);
        } else buf += c;
        spaces = true;
      } else {
        buf += c === "'" ? "''" : c;
        spaces = false;
      }
    }
    this.write(buf + "'");
  }

  private writeDouble(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    let buf = '"';
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const escaped = escapeDouble(c);
      if (escaped !== undefined) {
        buf += escaped;
        spaces = false;
      } else if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column + len(buf) > BEST_WIDTH &&
          i !== 0 &&
          i !== chars.length - 1
        ) {
          this.write(buf);
          buf = '';
          this.writeIndent(indent);
          if (chars[i + 1] === ' ') buf += '\\';
        } else buf += c;
        spaces = true;
      } else {
        buf += c;
        spaces = false;
      }
    }
    this.write(buf + '"');
  }

  private writeLiteral(s: string, indent: number): void {
    let hints = '|';
    if (s[0] === ' ' || s[0] === '\n') hints += String(BEST_INDENT);
    if (!s.endsWith('\n')) hints += '-';
    else if (s.length === 1 || s[s.length - 2] === '\n') hints += '+';
    this.write(hints);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of s) {
      if (c === '\n') {
        this.putBreak();
        this.indention = true;
        this.whitespace = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent(indent);
          breaks = false;
        }
        this.write(c);
      }
    }
  }
}

function len(s: string): number {
  return [...s].length;
}

function isMap(v: unknown): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** formatNumber prints a JSON number as go-yaml does after JSON decoding (integers plain, floats %g-like). */
function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : n < 0 ? '-.inf' : '.nan';
  const s = String(n);
  // Go's strconv 'g' with shortest precision writes exponents as e+XX / e-XX with at least two digits.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** escapeDouble returns libyaml's escape for characters that cannot appear raw in a double-quoted scalar. */
function escapeDouble(c: string): string | undefined {
  const code = c.codePointAt(0)!;
  switch (c) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\0':
      return '\\0';
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\v':
      return '\\v';
    case '\f':
      return '\\f';
    case '\r':
      return '\\r';
    case '\x1b':
      return '\\e';
    case '\u0085':
      return '\\N';
    case '\u00a0':
      return '\\_';
    case '\u2028':
      return '\\L';
    case '\u2029':
      return '\\P';
  }
  if (isPrintable(code) && code !== 0xfeff) return undefined;
  if (code <= 0xff) return '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
  if (code <= 0xffff) return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
  return '\\U' + code.toString(16).toUpperCase().padStart(8, '0');
}

function isPrintable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** analyze is libyaml's yaml_emitter_analyze_scalar for block context. */
function analyze(s: string): Analysis {
  if (s.length === 0) return { blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...s];
  let blockIndicators = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockIndicators = true;
  }
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const blankz = (i: number) =>
    i >= chars.length || chars[i] === ' ' || chars[i] === '\t' || isBreak(chars[i]);
  let followedByWhitespace = blankz(1);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        blockIndicators = true;
      }
      if (c === '?' || c === ':') {
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '-' && followedByWhitespace) {
        blockIndicators = true;
      }
    } else {
      if (c === ':') {
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '#' && precededByWhitespace) {
        blockIndicators = true;
      }
    }
    const code = c.codePointAt(0)!;
    if (!isPrintable(code) || code === 0xfeff) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = blankz(i);
    followedByWhitespace = blankz(i + 2);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

const YAML11_SPECIAL = new Set([
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
  '<<',
]);

/** resolvesToNonString tells whether go-yaml v2 would read the plain scalar back as a non-string. */
export function resolvesToNonString(s: string): boolean {
  if (YAML11_SPECIAL.has(s)) return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return true;
  if (/^[-+]?(inf|infinity|nan)$/i.test(s)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true;
  return isTimestamp(s);
}

function isTimestamp(s: string): boolean {
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:\d{2})?$/.test(s)
  );
}

/** sortKeys orders map keys as go-yaml v2 does: digit runs compare numerically, letters before others. */
export function sortKeys(keys: string[]): string[] {
  return [...keys].sort(compareKeys);
}

function compareKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const isLetter = (c: string) => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    let ai = i;
    // A digit run that started before the difference continues into it.
    while (ai > 0 && isDigit(ar[ai - 1])) ai--;
    const bi = ai;
    let j = ai;
    let aDigits = false;
    for (; j < ar.length && isDigit(ar[j]); j++) {
      an = an * 10 + Number(ar[j]);
      aDigits = true;
    }
    let k = bi;
    let bDigits = false;
    for (; k < br.length && isDigit(br[k]); k++) {
      bn = bn * 10 + Number(br[k]);
      bDigits = true;
    }
    if (aDigits && bDigits && an !== bn) return an < bn ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length - br.length;
}
