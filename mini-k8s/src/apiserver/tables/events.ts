/**
 * Event printer (printers.go `printEvent`) for core/v1 and events.k8s.io/v1 events. Upstream prints
 * both from the internal core Event; events.k8s.io objects are first mapped onto the core field names
 * the same way the API's conversion does (regarding -> involvedObject, note -> message, ...).
 */
import type { KubeObject } from '../../api/object';
import { parseTimestamp, translateTimestampSince } from './age';
import * as d from './descriptions';
import { column } from './types';
import type { Printer } from './types';

/** CoreEvent is the part of a core/v1 Event the printer reads. */
interface CoreEvent {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** EventsV1Event is the part of an events.k8s.io/v1 Event the printer reads. */
interface EventsV1Event {
  regarding?: CoreEvent['involvedObject'];
  note?: string;
  reason?: string;
  type?: string;
  deprecatedSource?: CoreEvent['source'];
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
  eventTime?: string | null;
  series?: CoreEvent['series'];
  reportingController?: string;
  reportingInstance?: string;
}

/** asCoreEvent maps an events.k8s.io/v1 Event onto core/v1 field names; core events pass through. */
function asCoreEvent(obj: KubeObject): CoreEvent {
  if (obj.apiVersion !== 'events.k8s.io/v1') return obj as unknown as CoreEvent;
  const e = obj as unknown as EventsV1Event;
  return {
    involvedObject: e.regarding,
    reason: e.reason,
    message: e.note,
    type: e.type,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  };
}

/** formatEventSource is `component[, host]`, falling back to the reporting controller and instance. */
function formatEventSource(event: CoreEvent): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

/**
 * eventPrinter: Last Seen, Type, Reason, Object, Subobject, Source, Message, First Seen, Count, Name.
 * Times fall back from lastTimestamp to firstTimestamp to eventTime; a series overrides the last
 * time and the count; singleton events of the new API count as 1.
 */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', d.EVENT_LAST_TIMESTAMP),
    column('Type', 'string', d.EVENT_TYPE),
    column('Reason', 'string', d.EVENT_REASON),
    column('Object', 'string', d.EVENT_INVOLVED_OBJECT),
    column('Subobject', 'string', d.OBJECT_REFERENCE_FIELD_PATH, { priority: 1 }),
    column('Source', 'string', d.EVENT_SOURCE, { priority: 1 }),
    column('Message', 'string', d.EVENT_MESSAGE),
    column('First Seen', 'string', d.EVENT_FIRST_TIMESTAMP, { priority: 1 }),
    column('Count', 'string', d.EVENT_COUNT, { priority: 1 }),
    column('Name', 'string', d.OBJECT_NAME, { format: 'name', priority: 1 }),
  ],
  print(obj, ctx) {
    const event = asCoreEvent(obj);
    const firstSeen =
      parseTimestamp(event.firstTimestamp) === undefined
        ? translateTimestampSince(event.eventTime, ctx.now)
        : translateTimestampSince(event.firstTimestamp, ctx.now);
    let lastSeen =
      parseTimestamp(event.lastTimestamp) === undefined
        ? firstSeen
        : translateTimestampSince(event.lastTimestamp, ctx.now);
    let count = event.count ?? 0;
    if (event.series) {
      lastSeen = translateTimestampSince(event.series.lastObservedTime, ctx.now);
      count = event.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const kind = (event.involvedObject?.kind ?? '').toLowerCase();
    const name = event.involvedObject?.name ?? '';
    return {
      cells: [
        lastSeen,
        event.type ?? '',
        event.reason ?? '',
        name.length > 0 ? `${kind}/${name}` : kind,
        event.involvedObject?.fieldPath ?? '',
        formatEventSource(event),
        (event.message ?? '').trim(),
        firstSeen,
        count,
        obj.metadata.name ?? '',
      ],
    };
  },
};
