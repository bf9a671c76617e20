/**
 * Event conversion between core/v1 (the storage form) and events.k8s.io/v1, as
 * pkg/apis/events/v1/conversion.go does upstream: regarding ↔ involvedObject, note ↔ message,
 * reportingController ↔ reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔
 * source/firstTimestamp/lastTimestamp/count; eventTime, series, action, reason, related, type and
 * reportingInstance are shared. Old-style core events only have source.component: it stands in for
 * reportingController so that events.k8s.io readers still see who reported the event.
 */
import type { KubeObject } from '../../../api/object';
import { asRecord, clone } from '../meta';

/** Field pairs renamed between core/v1 (left) and events.k8s.io/v1 (right). */
const RENAMED: readonly [string, string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function rename(obj: KubeObject, from: string, to: string): void {
  if (from in obj) {
    obj[to] = obj[from];
    delete obj[from];
  }
}

/** coreEventToEventsV1 converts a core/v1 Event to events.k8s.io/v1. */
export function coreEventToEventsV1(core: KubeObject): KubeObject {
  const out = clone(core);
  out.apiVersion = 'events.k8s.io/v1';
  for (const [coreField, eventsField] of RENAMED) rename(out, coreField, eventsField);
  if (!out.reportingController) {
    const component = asRecord(out.deprecatedSource)?.component;
    if (typeof component === 'string' && component !== '') out.reportingController = component;
  }
  return out;
}

/** eventsV1ToCoreEvent converts an events.k8s.io/v1 Event to core/v1. */
export function eventsV1ToCoreEvent(event: KubeObject): KubeObject {
  const out = clone(event);
  out.apiVersion = 'v1';
  for (const [coreField, eventsField] of RENAMED) rename(out, eventsField, coreField);
  if (!asRecord(out.source) && typeof out.reportingComponent === 'string' && out.reportingComponent !== '') {
    out.source = { component: out.reportingComponent };
  }
  return out;
}
