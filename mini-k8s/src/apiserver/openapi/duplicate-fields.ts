/**
 * Duplicate-key detection on raw JSON text, for `fieldValidation=Strict|Warn`: JSON.parse silently
 * keeps the last of two equal keys, so duplicates can only be found before parsing. Paths use the Go
 * decoder's notation (`metadata.name`, `spec.template.spec.containers[0].name`), and each duplicate is
 * reported once per extra occurrence, in document order, like the Kubernetes API server.
 */

/** findDuplicateFields returns the paths of duplicated object keys in `jsonText` ([] for invalid JSON). */
export function findDuplicateFields(jsonText: string): string[] {
  const scanner = new Scanner(jsonText);
  try {
    scanner.skipSpace();
    scanner.value('');
    scanner.skipSpace();
    if (scanner.pos !== jsonText.length) return [];
  } catch {
    // Syntax errors are reported by the body decoder, with its own message.
    return [];
  }
  return scanner.duplicates;
}

const LITERAL = /true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Scanner {
  pos = 0;
  readonly duplicates: string[] = [];

  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(path: string): void {
    const ch = this.text[this.pos];
    if (ch === '{') this.object(path);
    else if (ch === '[') this.array(path);
    else if (ch === '"') this.string();
    else this.literal();
  }

  private object(path: string): void {
    this.pos++;
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      const child = path === '' ? key : `${path}.${key}`;
      if (seen.has(key)) this.duplicates.push(child);
      seen.add(key);
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      this.value(child);
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(path: string): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipSpace();
      this.value(`${path}[${index}]`);
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return;
    }
  }

  /** string reads a JSON string token and returns its decoded value. */
  string(): string {
    const start = this.pos;
    this.expect('"');
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '\\') this.pos += 2;
      else if (ch === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    throw new SyntaxError('unterminated string');
  }

  private literal(): void {
    LITERAL.lastIndex = this.pos;
    const match = LITERAL.exec(this.text);
    if (!match) throw new SyntaxError(`unexpected character at ${this.pos}`);
    this.pos += match[0].length;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new SyntaxError(`expected ${ch} at ${this.pos}`);
    this.pos++;
  }
}
