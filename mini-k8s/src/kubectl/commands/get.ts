/**
 * `kubectl get`: server-side Tables for human output (table-printer.ts), or full objects for
 * yaml/json/name/jsonpath/custom-columns, following kubectl's get.go: one request per resource type or
 * name, `kind/` prefixes when several kinds are printed, a blank line between kinds, API errors printed
 * after what could be listed, and `No resources found in <ns> namespace.` on stderr.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { errorLine, UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { findResults } from '../printers/jsonpath';
import { isList, type OutputFormat, parseOutput, printObject } from '../printers/output';
import { type Table, TablePrinter } from '../printers/table-printer';
import { TabWriter } from '../printers/tabwriter';
import { resolveArgs, type Visit } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { getWatch, TABLE_ACCEPT } from './get-watch';
import { NO_RESOURCES } from './scale';

/** resourcePath is the REST path of a visit (collection or object). */
export function resourcePath(
  ctx: CommandContext,
  r: ApiResource,
  namespace: string | undefined,
  name?: string,
): string {
  return ctx.client.path(
    { group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced },
    namespace,
    name,
  );
}

export const getCommand: Command = {
  name: 'get',
  short: 'Display one or many resources',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-labels', type: 'bool' },
    { name: 'label-columns', short: 'L', type: 'stringSlice' },
    { name: 'sort-by', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'watch-only', type: 'bool' },
    { name: 'show-kind', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'output-watch-events', type: 'bool' },
    { name: 'server-print', type: 'bool', default: true },
    { name: 'subresource', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'raw', type: 'string' },
  ],
  async run(ctx, flags) {
    const format = parseOutput(flags.str('output'));
    if (format.kind === 'custom-columns') format.noHeaders = flags.bool('no-headers');
    const allNamespaces = flags.bool('all-namespaces');
    const query: Record<string, unknown> = {
      labelSelector: flags.str('selector') || undefined,
      fieldSelector: flags.str('field-selector') || undefined,
    };
    // As get.go, the watch path runs before the check for a resource type.
    if (flags.bool('watch') || flags.bool('watch-only')) {
      if (flags.args.length === 0) throw new Error(NO_RESOURCES);
      return getWatch(ctx, flags, await resolveArgs(ctx.mapper, flags.args), format, allNamespaces, query);
    }
    if (flags.args.length === 0) {
      ctx.err(
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
      );
      throw new UsageError(
        'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
      );
    }
    const visits = await resolveArgs(ctx.mapper, flags.args);
    if (format.kind === 'human') return getHuman(ctx, flags, visits, format.wide, allNamespaces, query);
    return getGeneric(ctx, flags, visits, format, allNamespaces, query);
  },
};

interface Info {
  visit: Visit;
  table: Table;
}

async function getHuman(
  ctx: CommandContext,
  flags: Flags,
  visits: Visit[],
  wide: boolean,
  allNamespaces: boolean,
  query: Record<string, unknown>,
): Promise<number> {
  const infos: Info[] = [];
  const errors: unknown[] = [];
  const sortBy = flags.str('sort-by');
  for (const visit of visits) {
    const ns = visit.resource.namespaced && !(allNamespaces && !visit.name) ? ctx.namespace : undefined;
    try {
      const q = visit.name ? {} : { ...query, limit: flags.int('chunk-size') };
      if (sortBy) Object.assign(q, { includeObject: 'Object' });
      const table = (await ctx.client.request('GET', resourcePath(ctx, visit.resource, ns, visit.name), {
        accept: TABLE_ACCEPT,
        query: q,
      })) as Table;
      if (table.kind !== 'Table') infos.push({ visit, table: fallbackTable(table as unknown as KubeObject) });
      else infos.push({ visit, table });
    } catch (err) {
      if (flags.bool('ignore-not-found') && isNotFoundError(err)) continue;
      errors.push(err);
    }
  }
  if (sortBy) for (const info of infos) sortRows(info.table, sortBy);
  const printWithKind =
    flags.bool('show-kind') ||
    (infos.length >= 2 && infos.some((i) => i.visit.resource !== infos[0].visit.resource));
  let written = 0;
  let separatorReady = false;
  let lastResource: ApiResource | undefined;
  let printer: TablePrinter | undefined;
  let w = new TabWriter();
  let allResourcesNamespaced = !allNamespaces;
  const emit = (text: string) => {
    if (text === '') return;
    if (separatorReady) {
      ctx.out('\n');
      separatorReady = false;
    }
    written += text.length;
    ctx.out(text);
  };
  for (const info of infos) {
    const r = info.visit.resource;
    allResourcesNamespaced = allResourcesNamespaced && r.namespaced;
    if (r !== lastResource) {
      emit(w.flush());
      w = new TabWriter();
      if (lastResource && !flags.bool('no-headers') && written > 0) separatorReady = true;
      printer = new TablePrinter({
        noHeaders: flags.bool('no-headers'),
        wide,
        withNamespace: allNamespaces && r.namespaced,
        kind: printWithKind ? kindPrefix(r) : undefined,
        showLabels: flags.bool('show-labels'),
        columnLabels: flags.list('label-columns'),
      });
      lastResource = r;
    }
    printer!.print(info.table, w);
  }
  emit(w.flush());
  for (const err of errors) ctx.err(errorLine(err) + '\n');
  if (written === 0 && !flags.bool('ignore-not-found') && errors.length === 0) {
    if (allResourcesNamespaced) ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
    else ctx.err('No resources found\n');
  }
  return errors.length > 0 ? 1 : 0;
}

async function getGeneric(
  ctx: CommandContext,
  flags: Flags,
  visits: Visit[],
  format: OutputFormat,
  allNamespaces: boolean,
  query: Record<string, unknown>,
): Promise<number> {
  const items: KubeObject[] = [];
  const errors: unknown[] = [];
  const singleItemImplied = visits.length === 1 && visits[0].name !== undefined;
  for (const visit of visits) {
    const ns = visit.resource.namespaced && !(allNamespaces && !visit.name) ? ctx.namespace : undefined;
    try {
      const path = resourcePath(ctx, visit.resource, ns, visit.name);
      const q = visit.name ? {} : { ...query, limit: flags.int('chunk-size') };
      const obj = (await ctx.client.request('GET', path, { query: q })) as KubeObject;
      if (isList(obj)) {
        const apiVersion = obj.apiVersion;
        const kind = obj.kind.replace(/List$/, '');
        for (const item of obj.items as KubeObject[]) items.push({ ...item, apiVersion, kind });
      } else items.push(obj);
    } catch (err) {
      if (singleItemImplied) throw err;
      if (flags.bool('ignore-not-found') && isNotFoundError(err)) continue;
      errors.push(err);
    }
  }
  const sortBy = flags.str('sort-by');
  if (sortBy) sortObjects(items, sortBy);
  if (!flags.bool('show-managed-fields')) for (const item of items) stripManagedFields(item);
  const prefixOf = (o: KubeObject) => {
    const v = visits.find((x) => x.resource.kind === o.kind);
    return v ? kindPrefix(v.resource) : o.kind.toLowerCase();
  };
  let obj: KubeObject;
  if (singleItemImplied && items.length === 1) obj = items[0];
  else {
    // Several visits or a list: kubectl flattens everything into one v1 List with an empty resourceVersion.
    obj = {
      apiVersion: 'v1',
      items,
      kind: 'List',
      metadata: { resourceVersion: '' },
    } as unknown as KubeObject;
  }
  if (!(format.kind === 'name' && items.length === 0)) ctx.out(printObject(format, obj, prefixOf));
  for (const err of errors) ctx.err(errorLine(err) + '\n');
  return errors.length > 0 ? 1 : 0;
}

function isNotFoundError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 404;
}

/** fallbackTable is kubectl's NAME/AGE rendering when the server sends no Table. */
function fallbackTable(obj: KubeObject): Table {
  const items = isList(obj) ? (obj.items as KubeObject[]) : [obj];
  return {
    kind: 'Table',
    columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', priority: 0 }],
    rows: items.map((o) => ({ cells: [o.metadata.name], object: o })),
  };
}

function sortKey(value: unknown): string | number {
  return typeof value === 'number' ? value : String(value ?? '');
}

function compareValues(a: unknown[], b: unknown[]): number {
  const x = sortKey(a[0]);
  const y = sortKey(b[0]);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

function sortRows(table: Table, expr: string): void {
  table.rows = [...table.rows].sort((a, b) =>
    compareValues(findResults(expr, a.object), findResults(expr, b.object)),
  );
}

function sortObjects(items: KubeObject[], expr: string): void {
  items.sort((a, b) => compareValues(findResults(expr, a), findResults(expr, b)));
}

/** stripManagedFields drops metadata.managedFields, as kubectl does unless --show-managed-fields. */
export function stripManagedFields(obj: KubeObject): void {
  if (obj.metadata?.managedFields) {
    const { managedFields: _omit, ...rest } = obj.metadata;
    obj.metadata = rest;
  }
}
