/**
 * buildPredicate turns the labelSelector and fieldSelector of a list or watch into one predicate over
 * stored objects. Field selectors are checked against the fields the storage resource supports (shared
 * storage: events.k8s.io events are filtered with core Event field names, as they are stored).
 * Malformed selectors throw 400 BadRequest.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { storageResourceOf } from '../../api/resources';
import { parseFieldSelector } from '../../machinery/fields';
import { parseLabelSelector } from '../../machinery/labels';
import type { ListOptions } from './interface';

/** Predicate selects stored objects. */
export type Predicate = (obj: KubeObject) => boolean;

export function buildPredicate(info: ResourceInfo, options: ListOptions): Predicate | undefined {
  const labels = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
  const storage = storageResourceOf(info);
  const fields = options.fieldSelector
    ? parseFieldSelector({ group: storage.group, resource: storage.resource }, options.fieldSelector)
    : undefined;
  if (!labels && !fields) return undefined;
  return (obj) =>
    (labels ? labels.matches(obj.metadata.labels) : true) && (fields ? fields.matches(obj) : true);
}
