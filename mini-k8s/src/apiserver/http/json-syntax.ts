/**
 * Go-compatible JSON syntax errors. The real API server decodes bodies with Go's encoding/json scanner,
 * and its error texts reach the user verbatim (`invalid character 'b' looking for beginning of object key
 * string`). JavaScript's JSON.parse messages differ, so this module re-scans a body that failed to
 * parse and reports the first error exactly as Go's scanner words it.
 */

/** goQuoteChar renders a character as Go's scanner quoteChar does: `'x'`, `'\''`, `'"'`, `'\n'`. */
function goQuoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  const quoted = JSON.stringify(ch);
  return `'${quoted.slice(1, -1)}'`;
}

class SyntaxFailure extends Error {}

/** goJsonSyntaxError returns Go's error message for the first syntax error in text, or undefined when text is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  let pos = 0;
  const fail = (context: string): never => {
    if (pos >= text.length) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${goQuoteChar(text[pos])} ${context}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };
  const literal = (word: string): void => {
    for (let i = 0; i < word.length; i++, pos++) {
      if (text[pos] !== word[i]) fail(`in literal ${word} (expecting ${goQuoteChar(word[i])})`);
    }
  };
  const string = (): void => {
    pos++; // opening quote
    for (;;) {
      if (pos >= text.length) fail('');
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return;
      }
      if (ch < ' ') fail('in string literal');
      if (ch === '\\') {
        pos++;
        if (pos >= text.length) fail('');
        if ('"\\/bfnrt'.includes(text[pos])) pos++;
        else if (text[pos] === 'u') {
          pos++;
          for (let i = 0; i < 4; i++, pos++)
            if (!/[0-9a-fA-F]/.test(text[pos] ?? '')) fail('in \\u hexadecimal character escape');
        } else fail('in string escape code');
        continue;
      }
      pos++;
    }
  };
  const digits = (context: string): void => {
    if (!/[0-9]/.test(text[pos] ?? '')) fail(context);
    while (/[0-9]/.test(text[pos] ?? '')) pos++;
  };
  const number = (): void => {
    if (text[pos] === '-') {
      pos++;
      if (!/[0-9]/.test(text[pos] ?? '')) fail('in numeric literal');
    }
    if (text[pos] === '0') pos++;
    else digits('in numeric literal');
    if (text[pos] === '.') {
      pos++;
      digits('after decimal point in numeric literal');
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      digits('in exponent of numeric literal');
    }
  };
  const value = (): void => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail('looking for beginning of object key string');
        string();
        skipSpace();
        if (text[pos] !== ':') fail('after object key');
        pos++;
        value();
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (ch === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        fail('after array element');
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail('looking for beginning of value');
  };
  try {
    value();
    skipSpace();
    if (pos < text.length) fail('after top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxFailure) return err.message;
    throw err;
  }
}
