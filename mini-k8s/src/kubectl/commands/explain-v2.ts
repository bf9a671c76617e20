/**
 * explainOpenApiV2 renders `kubectl explain --output=plaintext-openapiv2`: kubectl 1.32's older explain, which
 * reads the Swagger 2.0 document (`/openapi/v2`) as kube-openapi's proto models (Kind, Reference, Array, Map,
 * Primitive, Arbitrary), follows the field path, and prints KIND/VERSION, RESOURCE or FIELD, DESCRIPTION
 * (indented 5, wrapped at 80 with its own paragraph rules) and FIELDS (or the `--recursive` tree).
 */

type Json = Record<string, unknown>;

/** Model is one kube-openapi proto schema. */
type Model =
  | { kind: 'kind'; description: string; fields: Record<string, Json>; required: string[] }
  | { kind: 'reference'; description: string; ref: string }
  | { kind: 'array'; description: string; items: Json }
  | { kind: 'map'; description: string; values?: Json }
  | { kind: 'primitive'; description: string; type: string }
  | { kind: 'arbitrary'; description: string };

/** Gvk is a group/version/kind. */
export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

class Models {
  constructor(private readonly definitions: Json) {}

  /** parse is kube-openapi's ParseSchema. */
  parse(s: Json): Model {
    const description = typeof s.description === 'string' ? s.description : '';
    if (typeof s.$ref === 'string' && s.$ref !== '') {
      return { kind: 'reference', description, ref: s.$ref.replace(/^#\/definitions\//, '') };
    }
    const type = Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [];
    const kindOf = (): Model => ({
      kind: 'kind',
      description,
      fields: (obj(s.properties) ?? {}) as Record<string, Json>,
      required: Array.isArray(s.required) ? (s.required as string[]) : [],
    });
    if (type.length === 0) return s.properties !== undefined ? kindOf() : { kind: 'arbitrary', description };
    if (type[0] === 'object') {
      if (s.properties !== undefined) return kindOf();
      return { kind: 'map', description, values: obj(s.additionalProperties) };
    }
    if (type[0] === 'array') return { kind: 'array', description, items: obj(s.items) ?? {} };
    return { kind: 'primitive', description, type: String(type[0]) };
  }

  definition(name: string): Model {
    return this.parse(obj(this.definitions[name]) ?? {});
  }

  /** sub is the model a reference, array or map stands for. */
  sub(m: Model): Model {
    if (m.kind === 'reference') return this.definition(m.ref);
    if (m.kind === 'array') return this.parse(m.items);
    if (m.kind === 'map') return m.values ? this.parse(m.values) : { kind: 'arbitrary', description: '' };
    throw new Error(`no sub-schema in ${m.kind}`);
  }

  typeName(m: Model): string {
    switch (m.kind) {
      case 'kind':
        return 'Object';
      case 'arbitrary':
        // kube-openapi's type namer leaves arbitrary values unnamed (`map[string]` for fieldsV1).
        return '';
      case 'primitive':
        return m.type;
      case 'array':
        return `[]${this.typeName(this.sub(m))}`;
      case 'map':
        return `map[string]${this.typeName(this.sub(m))}`;
      case 'reference':
        return this.typeName(this.sub(m));
    }
  }
}

const BULLET = /^(\d+\.?|-|\*)\s/;
const UTF8 = new TextEncoder();

/** wrapParagraphs is explain's wrapString: joins lines into paragraphs, keeping lists, code and blank lines. */
export function wrapParagraphs(text: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => {
    if (words.length > 0) {
      lastWord = '';
      wrapped.push(words.join(' '));
      words = [];
    }
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      wrapped.push(line);
      continue;
    }
    if (wrapped.length > 0 && line.trim() === '') {
      flush();
      wrapped.push('');
      continue;
    }
    const trimmed = line.trim();
    if (lastWord.endsWith(':') || trimmed === '' || BULLET.test(trimmed)) flush();
    for (const word of line.split(/\s+/).filter((w) => w !== '')) {
      lastWord = word;
      // Go measures the joined line in bytes.
      const candidate = UTF8.encode([...words, word].join(' ')).length;
      if (words.length > 0 && candidate > wrap) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}

/** Formatter is explain's Formatter: indented lines, empty lines unindented, wrapping at 80 columns. */
class Formatter {
  constructor(
    readonly out: string[],
    readonly level = 0,
  ) {}

  indent(n: number): Formatter {
    return new Formatter(this.out, this.level + n);
  }

  write(s: string): void {
    this.out.push(s === '' ? '\n' : `${' '.repeat(this.level)}${s}\n`);
  }

  writeWrapped(s: string): void {
    for (const line of wrapParagraphs(s, 80 - this.level)) this.write(line);
  }
}

function sortedKeys(o: Json): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** findModel is LookupResource: the definition whose x-kubernetes-group-version-kind names the GVK. */
function findModel(definitions: Json, gvk: Gvk): string | undefined {
  for (const name of sortedKeys(definitions)) {
    const kinds = obj(definitions[name])?.['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds)) continue;
    for (const k of kinds as Json[]) {
      if ((k.group ?? '') === gvk.group && k.version === gvk.version && k.kind === gvk.kind) return name;
    }
  }
  return undefined;
}

/** explainOpenApiV2 returns the text kubectl writes, or throws the error it reports. */
export function explainOpenApiV2(document: Json, gvk: Gvk, path: string[], recursive: boolean): string {
  const definitions = obj(document.definitions) ?? {};
  const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  const name = findModel(definitions, gvk);
  if (!name)
    throw new Error(`couldn't find resource for "${gv.includes('/') ? gv : `/${gv}`}, Kind=${gvk.kind}"`);
  const models = new Models(definitions);
  // Follow the field path (fieldLookup): the leaf is the schema of the last field, reference included.
  let schema = models.definition(name);
  let rest = path;
  while (rest.length > 0) {
    if (schema.kind === 'kind') {
      const field = schema.fields[rest[0]];
      if (!field) throw new Error(`field "${rest[0]}" does not exist`);
      schema = models.parse(field);
      rest = rest.slice(1);
    } else if (schema.kind === 'primitive' || schema.kind === 'arbitrary') {
      // kubectl stops at a primitive or arbitrary value and explains it under the last name of the path.
      break;
    } else {
      schema = models.sub(schema);
    }
  }
  const out: string[] = [];
  const f = new Formatter(out);
  const fieldName = path.length > 0 ? path[path.length - 1] : '';
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    f.write(`KIND:     ${gvk.kind}`);
    f.write(`VERSION:  ${gv}\n`);
  };
  const printDescription = (m: Model) => {
    f.write('DESCRIPTION:');
    let empty = true;
    [...descriptions, m.description].forEach((d, i) => {
      if (d === '') return;
      empty = false;
      if (i !== 0) f.write('');
      f.indent(5).writeWrapped(d);
    });
    if (empty) f.indent(5).writeWrapped('<empty>');
  };
  for (;;) {
    if (schema.kind === 'reference' || schema.kind === 'array' || schema.kind === 'map') {
      descriptions.push(schema.description);
      if (schema.kind !== 'reference' && type === '') type = models.typeName(schema);
      schema = models.sub(schema);
      continue;
    }
    header();
    if (schema.kind === 'kind') {
      if (type === '') type = 'Object';
      if (fieldName !== '') f.write(`RESOURCE: ${fieldName} <${type}>\n`);
      printDescription(schema);
      f.write('\nFIELDS:');
      printFields(models, f.indent(3), schema, recursive);
    } else if (schema.kind === 'primitive') {
      if (type === '') type = schema.type;
      f.write(`FIELD:    ${fieldName} <${type}>\n`);
      printDescription(schema);
    } else {
      printDescription(schema);
    }
    return out.join('');
  }
}

function printFields(models: Models, f: Formatter, m: Model, recursive: boolean): void {
  if (m.kind === 'reference' || m.kind === 'array' || m.kind === 'map') {
    printFields(models, f, models.sub(m), recursive);
    return;
  }
  if (m.kind !== 'kind') return;
  for (const key of sortedKeys(m.fields)) {
    const field = models.parse(m.fields[key]);
    if (recursive) {
      f.write(`${key}\t<${models.typeName(field)}>`);
      printFields(models, f.indent(3), field, true);
    } else {
      f.write(`${key}\t<${models.typeName(field)}>${m.required.includes(key) ? ' -required-' : ''}`);
      f.indent(2).writeWrapped(field.description);
      f.write('');
    }
  }
}
