/**
 * `kubectl events`: the events of a namespace (or all with -A), optionally only those of one object
 * (`--for kind/name`, a field selector on involvedObject) and of some types (`--types Normal,Warning`),
 * sorted by time in kubectl's LAST SEEN / TYPE / REASON / OBJECT / MESSAGE table, or printed with -o;
 * `-w` prints new events as they come until Ctrl-C.
 */
import type { KubeObject } from '../../api/object';
import { parseTimestamp, translateTimestampSince } from '../../apiserver/tables/age';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import { parseOutput, printObject } from '../printers/output';
import { TabWriter } from '../printers/tabwriter';
import { refOf } from '../resource-builder/objects';
import { ResourceTypeError } from '../resource-builder/rest-mapper';
import { OUTPUT_FORMATS } from './scale';
import { EVENTS_HELP } from './help-texts';

/** Event is the part of a core/v1 Event the printer reads. */
interface Event extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string };
}

const EVENTS_REF = { group: '', version: 'v1', resource: 'events', namespaced: true };

export const eventsCommand: Command = {
  name: 'events',
  short: 'List events',
  help: EVENTS_HELP,
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'for', type: 'string' },
    { name: 'types', type: 'stringSlice' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    let fieldSelector: string | undefined;
    const forObject = flags.str('for');
    if (forObject) {
      if (!forObject.includes('/')) throw new Error('--for must be in resource/name form');
      const parts = forObject.split('/');
      if (parts.length !== 2)
        throw new Error('arguments in resource/name form may not have more than one slash');
      let resource;
      try {
        resource = await ctx.mapper.resourceFor(parts[0].toLowerCase());
      } catch (err) {
        // The mapper's NoResourceMatch error reaches CheckErr as is: printed without the "error: " prefix.
        if (err instanceof ResourceTypeError) throw new ExitError(1, err.message);
        throw err;
      }
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      fieldSelector = `involvedObject.kind=${resource.kind},involvedObject.apiVersion=${apiVersion},involvedObject.name=${parts[1]}`;
    }
    const types = [...new Set(flags.list('types'))].sort();
    const format = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    for (const t of types) {
      if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') {
        throw new Error('valid --types are Normal or Warning');
      }
    }
    const wanted = (e: Event) =>
      types.length === 0 || types.some((t) => t.toLowerCase() === (e.type ?? '').toLowerCase());
    const allNamespaces = flags.bool('all-namespaces');
    const namespace = allNamespaces ? undefined : ctx.namespace;
    const printer = new EventPrinter(flags.bool('no-headers'), allNamespaces);
    const writer = new TabWriter();
    const print = (obj: KubeObject) => {
      if (!format) return printer.print(obj, writer);
      // kubectl's name printer refuses typed lists ("list types are not supported by name printing") and
      // `events` ignores the printer's error: nothing is printed.
      if (format.kind === 'name' && (obj as { items?: unknown }).items) return;
      const shown = structuredClone(obj);
      if (!flags.bool('show-managed-fields')) stripListManagedFields(shown);
      ctx.out(printObject(format, shown, (o) => o.kind.toLowerCase()));
    };
    if (flags.bool('watch')) return watchEvents(ctx, namespace, fieldSelector, wanted, print, writer);

    const items: Event[] = [];
    let next: string | undefined;
    do {
      const list = await ctx.client.list<Event>(EVENTS_REF, namespace, {
        limit: flags.int('chunk-size'),
        fieldSelector,
        continue: next,
      });
      items.push(...list.items);
      next = list.metadata?.continue || undefined;
    } while (next);
    const events = items
      .filter(wanted)
      .map((e) => ({ ...e, apiVersion: e.apiVersion ?? 'v1', kind: e.kind ?? 'Event' }))
      .sort((a, b) => eventTime(a) - eventTime(b));
    if (events.length === 0) {
      ctx.err(allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    print({ apiVersion: 'v1', kind: 'EventList', metadata: {}, items: events } as unknown as KubeObject);
    ctx.out(writer.flush());
    return 0;
  },
};

function stripListManagedFields(obj: KubeObject): void {
  const items = (obj as { items?: KubeObject[] }).items ?? [obj];
  for (const item of items) if (item.metadata?.managedFields) delete item.metadata.managedFields;
}

/** eventTime is the time events sort by: series.lastObservedTime, lastTimestamp, then eventTime. */
function eventTime(e: Event): number {
  return (
    parseTimestamp(e.series?.lastObservedTime) ??
    parseTimestamp(e.lastTimestamp) ??
    parseTimestamp(e.eventTime) ??
    0
  );
}

/** EventPrinter is kubectl's events printer: headers once, one row per event. */
class EventPrinter {
  private headersPrinted = false;

  constructor(
    private readonly noHeaders: boolean,
    private readonly allNamespaces: boolean,
  ) {}

  print(obj: KubeObject, w: TabWriter): void {
    if (!this.noHeaders && !this.headersPrinted) {
      w.write(`${this.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`);
      this.headersPrinted = true;
    }
    const items = ((obj as { items?: Event[] }).items ?? [obj]) as Event[];
    const now = new Date();
    for (const e of items) {
      const ns = this.allNamespaces ? `${e.metadata.namespace ?? ''}\t` : '';
      const object = `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`;
      w.write(
        `${ns}${interval(e, now)}\t${e.type ?? ''}\t${e.reason ?? ''}\t${object}\t${(e.message ?? '').trim()}\n`,
      );
    }
  }
}

/** interval is getInterval: `<age>`, or `<last> (xN over <first>)` for repeated events. */
function interval(e: Event, now: Date): string {
  const first = e.eventTime
    ? translateTimestampSince(e.eventTime, now)
    : translateTimestampSince(e.firstTimestamp, now);
  if (e.series) {
    return `${translateTimestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  }
  if ((e.count ?? 0) > 1)
    return `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** watchEvents prints each new (not deleted) event until Ctrl-C (exit 1, as kubectl's interrupt handler). */
async function watchEvents(
  ctx: CommandContext,
  namespace: string | undefined,
  fieldSelector: string | undefined,
  wanted: (e: Event) => boolean,
  print: (obj: KubeObject) => void,
  writer: TabWriter,
): Promise<number> {
  const watch = await ctx.client.watch(refOf(EVENTS_REF as never), namespace, { fieldSelector }, (event) => {
    if (event.type === 'DELETED' || event.type === 'BOOKMARK' || event.type === 'ERROR') return;
    const e = event.object as Event;
    if (!wanted(e)) return;
    print({ ...e, apiVersion: e.apiVersion ?? 'v1', kind: e.kind ?? 'Event' });
    ctx.out(writer.flush());
  });
  const signal = ctx.io.signal;
  const interrupted = new Promise<'interrupted'>((resolve) => {
    signal?.addEventListener(
      'abort',
      () => {
        watch.stop();
        resolve('interrupted');
      },
      { once: true },
    );
  });
  if (signal?.aborted) watch.stop();
  const outcome = await Promise.race([watch.done.then(() => 'closed' as const), interrupted]);
  return outcome === 'interrupted' || signal?.aborted ? 1 : 0;
}
