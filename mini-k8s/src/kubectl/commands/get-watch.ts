/**
 * `kubectl get -w` / `--watch-only`, as get.go's watch: one resource type; the current state printed first
 * (unless --watch-only), then every watch event as it arrives — table rows (the server sends one-row
 * Tables, asked with the Table Accept header) through one TabWriter that remembers column widths, or
 * objects for yaml (`---` between documents), json, name and jsonpath. A collection is watched from its
 * list's resourceVersion; a named object from "0", whose first (synthetic ADDED) event is not printed.
 * The watch ends on Ctrl-C (exit status 1, as kubectl's interrupt handler) or when the server closes it.
 */
import type { KubeObject } from '../../api/object';
import type { WatchEvent } from '../../client/watch-stream';
import type { CommandContext } from '../cmdutil/context';
import type { Flags } from '../cmdutil/flags';
import { toGoJsonCompact } from '../printers/go-json';
import { isList, type OutputFormat, printObject } from '../printers/output';
import { type Table, TablePrinter } from '../printers/table-printer';
import { TabWriter } from '../printers/tabwriter';
import type { Visit } from '../resource-builder/builder';
import { refOf } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** getWatch runs the watch of `kubectl get` and resolves to the exit code. */
export async function getWatch(
  ctx: CommandContext,
  flags: Flags,
  visits: Visit[],
  format: OutputFormat,
  allNamespaces: boolean,
  query: Record<string, unknown>,
): Promise<number> {
  if (visits.some((v) => v.resource !== visits[0].resource)) {
    throw new Error('you may only specify a single resource type');
  }
  const named = visits.filter((v) => v.name);
  if (named.length > 1) {
    // The builder reads every named object first (a missing one is the error kubectl reports).
    for (const v of named) {
      await ctx.client.get(refOf(v.resource), v.resource.namespaced ? ctx.namespace : undefined, v.name!);
    }
    throw new Error(
      'watch is only supported on individual resources and resource collections - more than 1 resource was found',
    );
  }
  const visit = visits[0];
  const resource = visit.resource;
  const ref = refOf(resource);
  const namespace = resource.namespaced && !(allNamespaces && !visit.name) ? ctx.namespace : undefined;
  const human = format.kind === 'human';
  const accept = human ? TABLE_ACCEPT : undefined;
  const listQuery = visit.name ? {} : { ...query, limit: flags.int('chunk-size') };
  const initial = (await ctx.client.request('GET', ctx.client.path(ref, namespace, visit.name), {
    query: listQuery,
    accept,
  })) as KubeObject | Table;

  const writer = new TabWriter();
  const tables = new TablePrinter({
    noHeaders: flags.bool('no-headers'),
    wide: human && format.wide,
    withNamespace: allNamespaces && resource.namespaced,
    kind: flags.bool('show-kind') ? kindPrefix(resource) : undefined,
    showLabels: flags.bool('show-labels'),
    columnLabels: flags.list('label-columns'),
  });
  let yamlDocuments = 0;
  const watchEvents = flags.bool('output-watch-events');
  const print = (obj: KubeObject | Table, type: WatchEvent['type']) => {
    if (human) {
      tables.print(obj as Table, writer);
      ctx.out(writer.flush());
      return;
    }
    const object = obj as KubeObject;
    if (format.kind === 'yaml' && yamlDocuments++ > 0) ctx.out('---\n');
    if (watchEvents && format.kind === 'json') {
      // kubectl encodes a metav1.WatchEvent: compact, in struct order, managedFields kept.
      ctx.out(`{"type":${JSON.stringify(type)},"object":${toGoJsonCompact(object)}}\n`);
      return;
    }
    if (!watchEvents && !flags.bool('show-managed-fields') && object.metadata?.managedFields) {
      delete object.metadata.managedFields;
    }
    const shown = watchEvents ? ({ type, object } as unknown as KubeObject) : object;
    ctx.out(printObject(format, shown, () => kindPrefix(resource)));
  };

  // A collection (a list, or a Table of several objects) is watched from its resourceVersion without
  // replay; a named object from "0", which replays it as a first ADDED event that is not printed.
  const collection = !visit.name;
  const rv = collection ? (initial.metadata?.resourceVersion ?? '') : '0';
  if (!flags.bool('watch-only')) {
    if (human) print(initial, 'ADDED');
    else if (isList(initial as KubeObject)) {
      const list = initial as KubeObject & { items: KubeObject[] };
      const kind = list.kind.replace(/List$/, '');
      for (const item of list.items) print({ ...item, apiVersion: list.apiVersion, kind }, 'ADDED');
    } else print(initial, 'ADDED');
  }
  let skipNext = !collection;

  const signal = ctx.io.signal;
  if (signal?.aborted) return 1;
  const watchQuery: Record<string, unknown> = { resourceVersion: rv };
  if (visit.name) watchQuery.fieldSelector = `metadata.name=${visit.name}`;
  else {
    if (query.labelSelector) watchQuery.labelSelector = query.labelSelector;
    if (query.fieldSelector) watchQuery.fieldSelector = query.fieldSelector;
  }
  const watch = await ctx.client.watch(
    ref,
    namespace,
    watchQuery,
    (event) => {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
      if (skipNext) {
        skipNext = false;
        return;
      }
      print(event.object as KubeObject, event.type);
    },
    { accept },
  );
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (!signal) return;
    signal.addEventListener(
      'abort',
      () => {
        watch.stop();
        resolve('interrupted');
      },
      { once: true },
    );
  });
  const outcome = await Promise.race([watch.done.then(() => 'closed' as const), interrupted]);
  // kubectl's interrupt handler exits with status 1 on Ctrl-C; a watch closed by the server ends with 0.
  return outcome === 'interrupted' ? 1 : 0;
}
