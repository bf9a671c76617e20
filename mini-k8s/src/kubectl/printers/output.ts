/**
 * Output formats of `-o`: parsing (with kubectl's "unable to match a printer" message) and printing of
 * objects as yaml, json, name, jsonpath and custom-columns (the human table printer is table-printer.ts).
 */
import type { KubeObject } from '../../api/object';
import { toGoJson } from './go-json';
import { toGoYaml } from './go-yaml';
import { evaluateTemplate, findResults, relaxedTemplate } from './jsonpath';
import { TabWriter } from './tabwriter';

/** OutputFormat is a parsed `-o` value. */
export type OutputFormat =
  | { kind: 'human'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJson: boolean }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[]; noHeaders?: boolean };

const ALLOWED =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** parseOutput parses `-o`; `allowed` restricts the formats (commands other than get accept fewer). */
export function parseOutput(value: string, allowed = ALLOWED): OutputFormat {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  const ok = allowed.split(',').includes(name);
  if (value === '' && allowed === ALLOWED) return { kind: 'human', wide: false };
  if (ok) {
    switch (name) {
      case 'wide':
        return { kind: 'human', wide: true };
      case 'yaml':
        return { kind: 'yaml' };
      case 'json':
        return { kind: 'json' };
      case 'name':
        return { kind: 'name' };
      case 'jsonpath':
      case 'jsonpath-as-json':
        if (arg === '') throw new Error('template format specified but no template given');
        return { kind: 'jsonpath', template: relaxedTemplate(arg), asJson: name === 'jsonpath-as-json' };
      case 'custom-columns':
        if (arg === '') throw new Error('custom-columns format specified but no custom columns given');
        return { kind: 'custom-columns', columns: parseColumns(arg) };
    }
  }
  throw new Error(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: ${allowed}`,
  );
}

function parseColumns(spec: string): { header: string; path: string }[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    return { header: part.slice(0, colon), path: part.slice(colon + 1) };
  });
}

/** printObject prints one object (or a List) in a non-human format. */
export function printObject(
  format: OutputFormat,
  obj: KubeObject,
  prefix: (o: KubeObject) => string,
  typed = false,
): string {
  switch (format.kind) {
    case 'yaml':
      return toGoYaml(obj);
    case 'json':
      // Typed objects (built by generators) keep Go struct field order; unstructured ones sort keys.
      return toGoJson(obj, '    ', !typed);
    case 'name': {
      const items = isList(obj) ? (obj.items as KubeObject[]) : [obj];
      return items.map((o) => `${prefix(o)}/${o.metadata?.name ?? ''}\n`).join('');
    }
    case 'jsonpath':
      return evaluateTemplate(format.template, obj);
    case 'custom-columns': {
      const items = isList(obj) ? (obj.items as KubeObject[]) : [obj];
      const w = new TabWriter();
      if (!format.noHeaders) w.write(format.columns.map((c) => c.header).join('\t') + '\n');
      for (const item of items) {
        const cells = format.columns.map((c) => {
          const values = findResults(c.path, item);
          if (values.length === 0) return '<none>';
          return values
            .map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)))
            .join(',');
        });
        w.write(cells.join('\t') + '\n');
      }
      return w.flush();
    }
    case 'human':
      throw new Error('human output needs a table');
  }
}

/** isList tells whether an object is a list (has an items array). */
export function isList(obj: KubeObject): boolean {
  return Array.isArray((obj as { items?: unknown }).items);
}
