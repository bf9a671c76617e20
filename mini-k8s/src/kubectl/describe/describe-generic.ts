/**
 * describeGeneric is kubectl's genericDescriber, used for every kind without its own describer (Lease,
 * ControllerRevision, custom resources…): name, namespace, labels, annotations, then every other field of
 * the object with "smart" labels (`creationTimestamp` → `Creation Timestamp`), nested by two spaces.
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare, eventsFor } from './describers';

const SKIPPED = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

export async function describeGeneric(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  printContent(w, 0, obj as unknown as Record<string, unknown>, '');
  if (events) w.events(events);
  return w.toString();
}

/** printContent is printUnstructuredContent: fields sorted, maps and lists nested one level deeper. */
function printContent(
  w: DescribeWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(content).sort(compare)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIPPED.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** goValue is fmt's `%v` of a JSON scalar. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor splits a camelCase field into title-cased words (fields with other characters stay as they are). */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((part) => part !== '_')
    .map((part) =>
      ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1),
    )
    .join(' ');
}

/**
 * camelcaseSplit is fatih/camelcase.Split: runs of lower case, upper case, digits and other characters,
 * an upper-case run followed by lower case giving its last letter to the next word (`HTTPServer` → HTTP Server).
 */
function camelcaseSplit(s: string): string[] {
  const kind = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = kind(c);
    if (k === last && runs.length > 0) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i][0]) === 2 && kind(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
