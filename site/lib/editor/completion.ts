/**
 * Field completion for the editor: from the text and the cursor, find the path of the object being written
 * (`spec.template.spec.containers[]`) by its indentation, which still works while the YAML is incomplete,
 * then offer what the schemas allow there: field names (with their type and the first sentence of their
 * description), enum values, booleans, and the `apiVersion` / `kind` values.
 *
 * Pure and DOM-free: editor-view.ts adapts it to CodeMirror's completion source.
 */
import { type KubernetesSchemas, type SchemaField, type SchemaType, describeField, kindType } from './schema';

/** Suggestion is one completion option. */
export interface Suggestion {
  label: string;
  /** What to insert instead of the word being typed. */
  apply: string;
  /** The French shape of the field (« entier », « liste de Container »…) or the value's kind. */
  detail: string;
  info?: string;
  type: 'property' | 'enum' | 'keyword' | 'type';
}

/** CompletionResult is the options and the start of the word they replace. */
export interface CompletionResult {
  from: number;
  /** End of the text replaced (the rest of the word after the cursor); `from`..cursor when absent. */
  to?: number;
  options: Suggestion[];
}

/** Segment is one step of a path: a field name, or `[]` for an item of a list. */
type Segment = string;

interface Frame {
  col: number;
  seg: Segment;
  /** A key whose value is a block scalar (`|`, `>`): deeper lines are text, not YAML keys. */
  text?: boolean;
}

interface LineShape {
  indent: number;
  /** Columns of the `- ` list markers at the start of the line. */
  dashes: number[];
  /** Column where the key (or the value) starts, after the markers. */
  contentCol: number;
  key?: string;
  /** What follows `key:` (trimmed, comment removed). */
  value?: string;
}

const KEY = /^([A-Za-z0-9_./-]+|"[^"]*"|'[^']*'):(?:\s+(.*))?$/;

function shapeOf(line: string): LineShape {
  const indent = line.length - line.trimStart().length;
  let col = indent;
  const dashes: number[] = [];
  while (line.startsWith('- ', col) || line.slice(col) === '-') {
    dashes.push(col);
    col += 2;
    while (line[col] === ' ') col++;
  }
  const rest = line.slice(col).replace(/\s+#.*$/, '');
  const match = KEY.exec(rest.trimEnd());
  if (!match) return { indent, dashes, contentCol: col };
  return {
    indent,
    dashes,
    contentCol: col,
    key: match[1]!.replace(/^["']|["']$/g, ''),
    value: (match[2] ?? '').trim(),
  };
}

/** documentBounds returns the start of the line after the `---` that opens the cursor's document. */
function documentStart(lines: string[], cursorLine: number): number {
  for (let i = cursorLine - 1; i >= 0; i--) if (/^---(\s|$)/.test(lines[i]!)) return i + 1;
  return 0;
}

/** pathAt replays the lines above the cursor and returns the open containers at column `col`. */
function pathAt(lines: string[], start: number, cursorLine: number, current: LineShape): Frame[] {
  const stack: Frame[] = [];
  const enter = (shape: LineShape): void => {
    // A line closes the frames at or right of its first marker or key, except the key that opens the
    // list its `- ` marker starts (Kubernetes writes `containers:` and `- name:` at the same column).
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.col < shape.indent) break;
      if (top.col === shape.indent && shape.dashes.length > 0 && top.seg !== '[]') break;
      stack.pop();
    }
    for (const dash of shape.dashes) stack.push({ col: dash, seg: '[]' });
  };
  for (let i = start; i < cursorLine; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const shape = shapeOf(line);
    const top = stack[stack.length - 1];
    if (top?.text && shape.indent > top.col) continue;
    enter(shape);
    if (shape.key === undefined) continue;
    if (shape.value === '') stack.push({ col: shape.contentCol, seg: shape.key });
    else if (/^[|>][-+0-9]*$/.test(shape.value!))
      stack.push({ col: shape.contentCol, seg: shape.key, text: true });
  }
  const top = stack[stack.length - 1];
  if (top?.text && current.indent > top.col) return [...stack, { col: current.indent, seg: '#text' }];
  enter(current);
  return stack;
}

/** resolvePath walks the schemas along the path; it returns the field reached, or undefined. */
function resolvePath(schemas: KubernetesSchemas, root: SchemaType, path: Segment[]): SchemaField | undefined {
  let field: SchemaField = { t: 'object', ref: '' };
  let type: SchemaType | undefined = root;
  for (const seg of path) {
    if (seg === '[]') {
      if (field.t !== 'array' || !field.i) return undefined;
      field = field.i;
    } else if (type) {
      const next = type.p[seg];
      if (!next) return undefined;
      field = next;
    } else if (field.t === 'map' && field.v) {
      field = field.v;
    } else {
      return undefined;
    }
    type = field.t === 'object' && field.ref !== undefined ? schemas.types[field.ref] : undefined;
  }
  return path.length === 0 ? { t: 'object', ref: '#root' } : field;
}

/** rootKind reads the top-level apiVersion and kind of the document (column 0 keys). */
function rootKind(lines: string[], start: number): { apiVersion?: string; kind?: string } {
  const out: { apiVersion?: string; kind?: string } = {};
  for (let i = start; i < lines.length && !/^---(\s|$)/.test(lines[i]!); i++) {
    const match = /^(apiVersion|kind):\s*["']?([^"'\s#]+)/.exec(lines[i]!);
    if (match) out[match[1] as 'apiVersion' | 'kind'] = match[2]!;
  }
  return out;
}

/** siblingKeys lists the keys already written in the object the cursor is in (to leave them out). */
function siblingKeys(
  lines: string[],
  start: number,
  cursorLine: number,
  col: number,
  startsItem: boolean,
): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1): void => {
    for (let i = from; i >= start && i < lines.length; i += step) {
      const line = lines[i]!;
      if (/^---(\s|$)/.test(line)) return;
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const shape = shapeOf(line);
      // The object ends at a line left of the cursor's column, or at the next `- ` item of the same list.
      if (shape.contentCol < col || (shape.dashes.length > 0 && shape.contentCol === col && step === 1))
        return;
      if (shape.contentCol === col && shape.key !== undefined) keys.add(shape.key);
      if (shape.dashes.length > 0 && shape.contentCol === col && step === -1) return;
    }
  };
  // A line that opens a new `- ` item has no sibling above it.
  if (!startsItem) scan(cursorLine - 1, -1);
  scan(cursorLine + 1, 1);
  return keys;
}

/** completeAt returns the completions at `pos` in `text`, or undefined where none apply. */
export function completeAt(
  text: string,
  pos: number,
  schemas: KubernetesSchemas,
): CompletionResult | undefined {
  const lines = text.split('\n');
  const before = text.slice(0, pos);
  const cursorLine = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  const linePrefix = before.slice(lineStart);
  if (linePrefix.trimStart().startsWith('#')) return undefined;
  const start = documentStart(lines, cursorLine);
  const { apiVersion, kind } = rootKind(lines, start);
  const root: SchemaType | undefined =
    apiVersion !== undefined && kind !== undefined ? kindType(schemas, apiVersion, kind) : undefined;

  const valueMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_./-]+):\s+(["']?)([^"'#]*)$/.exec(linePrefix);
  if (valueMatch) {
    const shape = shapeOf(
      linePrefix.slice(0, linePrefix.length - valueMatch[4]!.length - valueMatch[3]!.length).trimEnd(),
    );
    const key = valueMatch[2]!;
    const from = pos - valueMatch[4]!.length;
    const path = pathAt(lines, start, cursorLine, { ...shape, key: undefined }).map((f) => f.seg);
    if (path.length === 0 && shape.contentCol === 0 && (key === 'apiVersion' || key === 'kind')) {
      return { from, options: typeValues(schemas, key, apiVersion, kind) };
    }
    if (!root) return undefined;
    const field = resolvePath(schemas, root, [...path, key]);
    if (!field) return undefined;
    return valueOptions(field, from);
  }

  const keyMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_./-]*)$/.exec(linePrefix);
  if (!keyMatch) return undefined;
  const from = pos - keyMatch[2]!.length;
  const col = keyMatch[1]!.length;
  const current: LineShape = { ...shapeOf(keyMatch[1]!), contentCol: col };
  const frames = pathAt(lines, start, cursorLine, current);
  if (frames.some((f) => f.seg === '#text')) return undefined;
  const path = frames.map((f) => f.seg);
  const present = siblingKeys(lines, start, cursorLine, col, current.dashes.length > 0);
  if (path.length === 0 && !root) {
    const basics: Suggestion[] = [
      {
        label: 'apiVersion',
        apply: 'apiVersion: ',
        detail: 'chaîne',
        type: 'property',
        info: 'Le groupe et la version de l’API du type (v1, apps/v1…).',
      },
      {
        label: 'kind',
        apply: 'kind: ',
        detail: 'chaîne',
        type: 'property',
        info: 'Le type de l’objet (Pod, Deployment, Service…).',
      },
      {
        label: 'metadata',
        apply: `metadata:\n${' '.repeat(col + 2)}`,
        detail: 'objet ObjectMeta',
        type: 'property',
        info: 'Le nom, le namespace, les labels et annotations de l’objet.',
      },
    ];
    return { from, options: basics.filter((s) => !present.has(s.label)) };
  }
  if (!root) return undefined;
  const field = resolvePath(schemas, root, path);
  const type =
    path.length === 0
      ? root
      : field?.t === 'object' && field.ref !== undefined
        ? schemas.types[field.ref]
        : undefined;
  if (!type) return undefined;
  // Renaming an existing key (`rep|lica: 3`): replace the whole word and keep the colon and value.
  const after = text.slice(pos, text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos));
  const renaming = /^([A-Za-z0-9_./-]*)\s*:/.exec(after);
  const options = Object.entries(type.p)
    .filter(([name]) => !present.has(name) && name !== 'status')
    .map(([name, f]) => {
      const option = keyOption(name, f, col, type.r?.includes(name) ?? false);
      return renaming ? { ...option, apply: name } : option;
    });
  return renaming ? { from, to: pos + renaming[1]!.length, options } : { from, options };
}

/** keyOption inserts `name: ` for a scalar, or the key and the next line's indentation for a block. */
function keyOption(name: string, field: SchemaField, col: number, required: boolean): Suggestion {
  const inner = ' '.repeat(col + 2);
  const apply =
    field.t === 'object' || field.t === 'map'
      ? `${name}:\n${inner}`
      : field.t === 'array' && field.i?.t === 'object'
        ? `${name}:\n${inner}- `
        : field.t === 'array'
          ? `${name}:\n${inner}- `
          : `${name}: `;
  const detail = required ? `${describeField(field)} · obligatoire` : describeField(field);
  return { label: name, apply, detail, info: field.d, type: 'property' };
}

/** valueOptions offers the enum values or booleans of a scalar field. */
function valueOptions(field: SchemaField, from: number): CompletionResult | undefined {
  if (field.e) {
    return {
      from,
      options: field.e.map((value) => ({
        label: value,
        apply: value,
        detail: 'valeur possible',
        type: 'enum',
      })),
    };
  }
  if (field.t === 'boolean') {
    return {
      from,
      options: ['true', 'false'].map((value) => ({
        label: value,
        apply: value,
        detail: 'booléen',
        type: 'keyword',
      })),
    };
  }
  return undefined;
}

/** typeValues offers the apiVersions (those serving the kind first) or the kinds (of the apiVersion). */
function typeValues(
  schemas: KubernetesSchemas,
  key: 'apiVersion' | 'kind',
  apiVersion: string | undefined,
  kind: string | undefined,
): Suggestion[] {
  if (key === 'apiVersion') {
    const versions = Object.keys(schemas.kinds);
    const serving = kind === undefined ? [] : versions.filter((v) => schemas.kinds[v]![kind] !== undefined);
    const ordered = [...serving, ...versions.filter((v) => !serving.includes(v))];
    return ordered.map((v) => ({
      label: v,
      apply: v,
      detail: serving.includes(v) ? `sert ${kind}` : 'version d’API',
      info: Object.keys(schemas.kinds[v]!).sort().join(', '),
      type: 'type',
    }));
  }
  const versions =
    apiVersion !== undefined && schemas.kinds[apiVersion] ? [apiVersion] : Object.keys(schemas.kinds);
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const v of versions) {
    for (const [name, id] of Object.entries(schemas.kinds[v]!)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ label: name, apply: name, detail: v, info: schemas.types[id]?.d, type: 'type' });
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}
