/**
 * explainDocument renders one OpenAPI v3 group/version document as kubectl 1.32's explain v2 `plaintext`
 * template does: the same traversal of `$ref`/`allOf`/`items`/`additionalProperties`, the same type guesses
 * (`<[]Container>`, `<map[string]string>`, `<Object>`), enums, word wrap (go-wordwrap) and indentation. Map
 * keys are visited in sorted order, as Go templates range over maps.
 */

/** Schema is an OpenAPI v3 schema object (only what explain reads). */
export type Schema = Record<string, unknown>;

/** OpenApiDocument is one `/openapi/v3/<apis/group/version>` document. */
export type OpenApiDocument = Record<string, unknown>;

/** Gvr is a group/version/resource (schema.GroupVersionResource). */
export interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/** ExplainResult is what kubectl wrote to stdout and, when the template failed, the error it printed. */
export interface ExplainResult {
  output: string;
  error?: string;
}

/** truthy is Go template truth: zero values, empty strings, maps and lists are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function asSchema(v: unknown): Schema | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : undefined;
}

/** mapSchema is `additionalProperties` when it is a schema (not a bool). */
function mapSchema(s: Schema): Schema | undefined {
  const ap = s.additionalProperties;
  return typeof ap === 'boolean' || !truthy(ap) ? undefined : asSchema(ap);
}

function itemsSchema(s: Schema): Schema | undefined {
  return truthy(s.items) ? asSchema(s.items) : undefined;
}

function allOf(s: Schema): Schema[] {
  return Array.isArray(s.allOf) ? (s.allOf as unknown[]).map((x) => asSchema(x) ?? {}) : [];
}

function properties(s: Schema): Record<string, Schema> {
  return (asSchema(s.properties) ?? {}) as Record<string, Schema>;
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** resolveRef follows a `#/…` JSON reference inside the document; undefined when it cannot. */
function resolveRef(ref: unknown, doc: OpenApiDocument): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: Schema = doc;
  for (const k of ref.slice(1).split('/')) {
    if (k === '') continue;
    const next = asSchema(cur[k.replaceAll('~1', '/').replaceAll('~0', '~')]);
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

/** wordWrap is go-wordwrap's WrapString (v1.0.1): breaks only at spaces, counts runes, keeps newlines. */
export function wordWrap(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      // Trailing spaces of a line are kept unless they would pass the limit.
      if (wordLen === 0) {
        if (current + spaceLen <= lim) buf += space;
      } else {
        buf += space + word;
      }
      space = '';
      spaceLen = 0;
      word = '';
      wordLen = 0;
      buf += ch;
      current = 0;
    } else if (/\s/u.test(ch) && ch !== '\u00a0') {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else {
    buf += space + word;
  }
  return buf;
}

/** indent is the template's indent: every line, including an empty last one, gets the pad. */
function indent(amount: number, s: string): string {
  const pad = ' '.repeat(amount);
  return pad + s.replaceAll('\n', `\n${pad}`);
}

/** goValue prints an enum element as Go's text/template does. */
function goValue(v: unknown): string {
  if (v === '') return '""';
  if (v === null) return '<nil>';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

class Renderer {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly recursive: boolean,
  ) {}

  typeGuess(s: Schema): string {
    const items = itemsSchema(s);
    if (items) return `[]${this.typeGuess(items)}`;
    const map = mapSchema(s);
    if (map) return `map[string]${this.typeGuess(map)}`;
    const all = allOf(s);
    if (all.length === 1 && !truthy(s.properties)) return this.typeGuess(all[0]);
    const ref = s.$ref;
    if (truthy(ref)) {
      const target = resolveRef(ref, this.doc);
      if (!target || !truthy(target.type) || target.type === 'object') {
        const name = String(ref).split('/').pop() ?? '';
        return name.split('.').pop() || 'Object';
      }
      return String(target.type);
    }
    if (s.type === 'object') return 'Object';
    return truthy(s.type) ? String(s.type) : 'Object';
  }

  extractEnum(s: Schema, long: boolean, limit: number, indentAmount = 0): string {
    if (!truthy(s.enum) || !Array.isArray(s.enum)) return '';
    let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
    const values = s.enum as unknown[];
    for (let i = 0; i < values.length; i++) {
      if (limit > -1 && i >= limit) {
        out += ', ....';
        break;
      }
      if (i > 0 && !long) out += ', ';
      else if (long) out += '\n    ';
      out += goValue(values[i]);
    }
    return out;
  }

  description(s: Schema): string {
    const r = resolveRef(s.$ref, this.doc) ?? s;
    let out = truthy(r.description) ? `${String(r.description)}\n` : '';
    for (const sub of allOf(r)) out += this.description(sub);
    const items = itemsSchema(r);
    if (items) out += this.description(items);
    const map = mapSchema(r);
    if (map) out += this.description(map);
    return out;
  }

  /** externalDocs is the EXTERNAL DOCS block: its title at `title` columns, its lines at `body`, wrapped at `width`. */
  externalDocs(s: Schema, title: number, body: number, width: number): string {
    const docs = asSchema(s.externalDocs);
    if (!docs || !truthy(docs)) return '';
    let out = `${indent(title, 'EXTERNAL DOCS:')}\n`;
    if (truthy(docs.description)) out += `${indent(body, wordWrap(String(docs.description), width))}\n`;
    if (truthy(docs.url)) out += `${indent(body, `URL: ${String(docs.url)}`)}\n`;
    return out;
  }

  fieldDetail(container: Schema, name: string, level: number): string {
    const amount = level * 2;
    const field = properties(container)[name] ?? {};
    let out = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if (Array.isArray(container.required) && container.required.includes(name)) out += ' -required-';
    out += this.extractEnum(field, false, 4, amount);
    out += '\n';
    if (!this.recursive) {
      const text = truthy(field.description) ? String(field.description) : '<no description>';
      out += `${indent(amount + 2, wordWrap(text, 78 - amount))}\n`;
      if (truthy(field.externalDocs))
        out += `\n${this.externalDocs(field, amount + 2, amount + 4, 76 - amount)}`;
      out += '\n';
    }
    return out;
  }

  fieldList(s: Schema, level: number, history: Record<string, true> | undefined): string {
    const ref = truthy(s.$ref) ? String(s.$ref) : '';
    if (ref && history?.[ref]) return '';
    const next = { ...history, [ref]: true as const };
    const r = resolveRef(ref, this.doc) ?? s;
    let out = '';
    const props = properties(r);
    for (const k of sortedKeys(props)) {
      out += this.fieldDetail(r, k, level);
      if (this.recursive) out += this.fieldList(props[k] ?? {}, level + 1, next);
    }
    for (const sub of allOf(r)) out += this.fieldList(sub, level, next);
    const items = itemsSchema(r);
    if (items) out += this.fieldList(items, level, next);
    const map = mapSchema(r);
    if (map) out += this.fieldList(map, level, next);
    return out;
  }

  output(s: Schema, history: Record<string, true>, path: string[]): string {
    const ref = truthy(s.$ref) ? String(s.$ref) : '';
    const next = { ...history, [ref]: true as const };
    const r = resolveRef(ref, this.doc) ?? s;
    if (path.length === 0) {
      let out = 'DESCRIPTION:\n';
      out += `${indent(4, wordWrap(this.description(r) || '<empty>', 76))}\n`;
      const ext = this.externalDocs(r, 0, 4, 76);
      if (ext) out += `\n${ext}`;
      const fields = this.fieldList(r, 1, undefined);
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    if (ref && history[ref]) return '';
    const props = properties(r);
    const sub = truthy(props[path[0]]) ? props[path[0]] : undefined;
    if (sub) {
      let out = '';
      if (path.length === 1) {
        out += `FIELD: ${path[0]} <${this.typeGuess(sub)}>\n${this.extractEnum(sub, true, -1)}\n\n`;
      }
      return out + this.output(sub, {}, path.slice(1));
    }
    const items = itemsSchema(r);
    if (items) return this.output(items, next, path);
    const map = mapSchema(r);
    if (map) return this.output(map, next, path);
    for (const alt of allOf(r)) {
      const out = this.output(alt, next, path);
      if (out) return out;
    }
    return '';
  }
}

/** gvkOf finds the GroupVersionKind of the resource's operations, as the template does. */
function gvkOf(doc: OpenApiDocument, gvr: Gvr): Record<string, unknown> | undefined {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const paths = asSchema(doc.paths) ?? {};
  const candidates = [
    [prefix, gvr.version, gvr.resource],
    [prefix, gvr.version, gvr.resource, '{name}'],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'],
  ];
  let gvk: Record<string, unknown> | undefined;
  for (const c of candidates) {
    const element = asSchema(paths[c.join('/')]);
    if (!element) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = asSchema(element[method]);
      const found = op ? asSchema(op['x-kubernetes-group-version-kind']) : undefined;
      if (found && truthy(found)) {
        gvk = found;
        break;
      }
    }
  }
  return gvk;
}

function sameGvk(a: unknown, b: Record<string, unknown>): boolean {
  const x = asSchema(a);
  if (!x) return false;
  const keys = sortedKeys(x);
  const other = sortedKeys(b);
  return keys.length === other.length && keys.every((k, i) => k === other[i] && x[k] === b[k]);
}

/** goMap prints a map[string]any as fmt's %v does. */
function goMap(m: Record<string, unknown>): string {
  return `map[${sortedKeys(m)
    .map((k) => `${k}:${String(m[k])}`)
    .join(' ')}]`;
}

/** explainDocument renders `kubectl explain` for the resource `gvr` and the field path `path`. */
export function explainDocument(
  doc: OpenApiDocument,
  gvr: Gvr,
  path: string[],
  recursive: boolean,
): ExplainResult {
  const gvk = gvkOf(doc, gvr);
  if (!gvk) {
    return {
      output: '',
      error: `error: GVR (${gvr.group}/${gvr.version}, Resource=${gvr.resource}) not found in OpenAPI schema`,
    };
  }
  let out = '';
  if (truthy(gvk.group)) out += `GROUP:      ${String(gvk.group)}\n`;
  out += `KIND:       ${String(gvk.kind)}\nVERSION:    ${String(gvk.version)}\n\n`;
  const renderer = new Renderer(doc, recursive);
  const schemas = asSchema(asSchema(doc.components)?.schemas) ?? {};
  for (const name of sortedKeys(schemas)) {
    const schema = asSchema(schemas[name]) ?? {};
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds) || !kinds.some((k) => sameGvk(k, gvk))) continue;
    const body = renderer.output(schema, {}, path);
    if (!body) {
      return { output: out, error: `error: field "${path[path.length - 1]}" does not exist` };
    }
    return { output: `${out}${body}\n` };
  }
  return { output: out, error: `error: GVK ${goMap(gvk)} not found in OpenAPI schema` };
}
