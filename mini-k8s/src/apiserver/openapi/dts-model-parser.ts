/**
 * A parser for the TypeScript declaration files (`*.d.ts`) that the `kubernetes-models` npm packages
 * generate from the upstream Kubernetes OpenAPI document. Each file declares one API type as an
 * `export interface I<Name>` whose JSDoc comments carry the upstream descriptions, or as an
 * `export declare type I<Name> = ...` alias for the scalar types (Time, Quantity, IntOrString).
 *
 * Why parse declarations rather than load the package: the compiled JavaScript validators drop the
 * descriptions, and the declarations are the only place the package keeps them. The generated files
 * are very regular, so a small purpose-built parser is enough; it throws on anything unexpected so a
 * format change in a new package version fails loudly instead of silently losing fields.
 */

/** ParsedType is the shape of one property type in a declaration file. */
export type ParsedType =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'array'; items: ParsedType }
  | { kind: 'map'; values: ParsedType }
  | { kind: 'object'; properties: ParsedProperty[] }
  | { kind: 'ref'; ident: string };

/** ParsedProperty is one property of an interface. */
export interface ParsedProperty {
  name: string;
  description?: string;
  required: boolean;
  type: ParsedType;
}

/** ParsedModel is the content of one declaration file. */
export interface ParsedModel {
  /** Export id of the model, e.g. `IoK8sApiCoreV1Container` (from the trailing `export { ... as ... }`). */
  exportId: string;
  description?: string;
  /** `interface` for object types; `alias` for scalar aliases (the alias type is in `alias`). */
  form: 'interface' | 'alias';
  properties: ParsedProperty[];
  alias?: ParsedType;
  /** Imported identifiers mapped to their module specifiers (relative or package paths). */
  imports: Map<string, string>;
}

const IMPORT_RE = /^import \{ ([^}]+) \} from "([^"]+)";$/gm;
const EXPORT_ID_RE = /export \{ I\w+ as I(\w+)(?:, \w+ as \w+)? \};/;

/** parseDeclarationFile parses the text of one generated model declaration file; it throws on unknown syntax. */
export function parseDeclarationFile(text: string, fileName: string): ParsedModel {
  const imports = new Map<string, string>();
  for (const match of text.matchAll(IMPORT_RE)) {
    for (const ident of match[1]!.split(',')) imports.set(ident.trim(), match[2]!);
  }
  const exportId = EXPORT_ID_RE.exec(text)?.[1];
  if (!exportId) throw new Error(`${fileName}: no model export found`);

  const alias = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export declare type I\w+ = ([^;]+);/.exec(text);
  const iface = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export interface I\w+(?: extends \w+)? \{\n/.exec(
    text,
  );
  if (iface) {
    const body = interfaceBody(text, iface.index + iface[0].length, fileName);
    return {
      exportId,
      description: commentText(iface[1]),
      form: 'interface',
      properties: parseProperties(body, fileName),
      imports,
    };
  }
  if (alias) {
    return {
      exportId,
      description: commentText(alias[1]),
      form: 'alias',
      properties: [],
      alias: parseType(alias[2]!.trim(), fileName),
      imports,
    };
  }
  throw new Error(`${fileName}: neither an interface nor a type alias`);
}

/** interfaceBody returns the text between the opening line and the closing `}` of an interface. */
function interfaceBody(text: string, start: number, fileName: string): string {
  const end = text.indexOf('\n}\n', start - 1);
  if (end < 0) throw new Error(`${fileName}: unterminated interface`);
  return text.slice(start, end + 1);
}

/** commentText turns a JSDoc body into the upstream description text (paragraphs separated by blank lines). */
function commentText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const lines = raw.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  // The generator escapes `*/` and `*` so they cannot close or decorate the comment.
  const text = lines
    .join('\n')
    .replace(/\*\\\//g, '*/')
    .replace(/\\\*/g, '*');
  return text === '' ? undefined : text;
}

const PROPERTY_RE = /^( +)(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\n\1)?"([^"]+)"(\??): /gm;

/** parseProperties reads every `"name"?: type;` member of an interface (or inline object) body, with its JSDoc. */
function parseProperties(body: string, fileName: string): ParsedProperty[] {
  const props: ParsedProperty[] = [];
  const re = new RegExp(PROPERTY_RE.source, 'gm');
  for (let match = re.exec(body); match; match = re.exec(body)) {
    const typeStart = match.index + match[0].length;
    const typeText = readTypeText(body, typeStart, fileName);
    // Continue after this member's type so members of an inline object type are not read twice.
    re.lastIndex = typeStart + typeText.length;
    const name = match[3]!;
    let type = parseType(typeText, `${fileName}#${name}`);
    let required = match[4] !== '?';
    // The package pins apiVersion/kind of top-level kinds to literal types and makes them required;
    // upstream declares both as optional free strings (the server fills them in).
    if ((name === 'apiVersion' || name === 'kind') && type.kind === 'enum' && type.values.length === 1) {
      type = { kind: 'string' };
      required = false;
    }
    props.push({ name, description: commentText(match[2]), required, type });
  }
  return props;
}

/** readTypeText returns the type text starting at `start` up to its terminating `;` at bracket depth 0. */
function readTypeText(body: string, start: number, fileName: string): string {
  let depth = 0;
  for (let i = start; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') {
      i = body.indexOf('"', i + 1);
      continue;
    }
    if (ch === '{' || ch === '<' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === '>' || ch === ')' || ch === ']') depth--;
    else if (ch === ';' && depth === 0) return body.slice(start, i).trim();
  }
  throw new Error(`${fileName}: unterminated property type`);
}

/** parseType parses a type expression as the generator writes them. */
export function parseType(text: string, where: string): ParsedType {
  const t = text.trim();
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'any') return { kind: t };
  if (t === 'object' || t === 'unknown') return { kind: 'any' };
  if (t.startsWith('Array<') && t.endsWith('>'))
    return { kind: 'array', items: parseType(t.slice(6, -1), where) };
  const map = /^\{\s*\[key: string\]: ([\s\S]+?);?\s*\}$/.exec(t);
  if (map) return { kind: 'map', values: parseType(map[1]!, where) };
  if (/^"[^"]*"(\s*\|\s*"[^"]*")*$/.test(t)) {
    return { kind: 'enum', values: [...t.matchAll(/"([^"]*)"/g)].map((m) => m[1]!) };
  }
  // Scalar unions (Quantity, IntOrString aliases) are recognised by name by the schema builder.
  if (t === 'number | string' || t === 'string | number') return { kind: 'any' };
  if (/^I\w+$/.test(t)) return { kind: 'ref', ident: t };
  if (t.startsWith('{') && t.endsWith('}'))
    return { kind: 'object', properties: parseProperties(`${t.slice(1, -1)}\n`, where) };
  throw new Error(`${where}: unsupported type ${JSON.stringify(t)}`);
}
