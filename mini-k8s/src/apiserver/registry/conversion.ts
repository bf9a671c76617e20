/**
 * Conversion between a request's group version and the storage version of resources that share storage
 * (ResourceInfo.storageVersionOf): autoscaling/v1 HPAs are stored as autoscaling/v2, events.k8s.io/v1
 * Events as core/v1 Events. Every other resource is stored as served.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './strategies/events';
import { hpaV1ToV2, hpaV2ToV1 } from './strategies/horizontalpodautoscalers';

interface Converter {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

/** CONVERTERS is keyed by `<group>/<version>/<resource>` of the non-storage version. */
const CONVERTERS: Record<string, Converter> = {
  'autoscaling/v1/horizontalpodautoscalers': { toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 },
  'events.k8s.io/v1/events': { toStorage: eventsV1ToCoreEvent, fromStorage: coreEventToEventsV1 },
};

function converterFor(info: ResourceInfo): Converter | undefined {
  if (!info.storageVersionOf) return undefined;
  return CONVERTERS[`${info.group}/${info.version}/${info.resource}`];
}

/** toStorageVersion converts an object of info's version to its storage version (a copy when converted). */
export function toStorageVersion(info: ResourceInfo, obj: KubeObject): KubeObject {
  const converter = converterFor(info);
  return converter ? converter.toStorage(obj) : obj;
}

/** fromStorageVersion converts a stored object to info's version (a copy when converted). */
export function fromStorageVersion(info: ResourceInfo, obj: KubeObject): KubeObject {
  const converter = converterFor(info);
  return converter ? converter.fromStorage(obj) : obj;
}
