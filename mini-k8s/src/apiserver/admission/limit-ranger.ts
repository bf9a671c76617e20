/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger): `Container` defaults of the
 * namespace's LimitRanges are applied to new pods (with the `kubernetes.io/limit-ranger` annotation), then
 * every container is checked against `min`, `max` and `maxLimitRequestRatio` with upstream's messages
 * (`maximum cpu usage per Container is 500m, but limit is 1`). Several failures are reported together
 * as `[first, second]`, like an aggregated error.
 */
import type { KubeObject } from '../../api/object';
import { limitRangeDefaults } from '../../controllers/limitrange/defaults';
import { errors } from '../../machinery/errors';
import { canonicalQuantity, Quantity } from '../../machinery/quantity';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';
import { objectName } from './interface';

interface LimitRangeItem {
  type?: string;
  min?: Record<string, string>;
  max?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function itemsOf(range: KubeObject, type: string): LimitRangeItem[] {
  return ((range.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []).filter(
    (i) => i.type === type,
  );
}

/** goFloat renders a ratio as Go's `%f` (six decimals). */
function goFloat(value: number): string {
  return value.toFixed(6);
}

/** containerViolations checks one container's requests/limits against a `Container` item. */
export function containerViolations(item: LimitRangeItem, container: Container): string[] {
  const out: string[] = [];
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  for (const [resource, min] of Object.entries(item.min ?? {})) {
    const request = requests[resource];
    const limit = limits[resource];
    if (request === undefined)
      out.push(
        `minimum ${resource} usage per Container is ${canonicalQuantity(min)}.  No request is specified`,
      );
    else if (Quantity.parse(request).cmp(Quantity.parse(min)) < 0)
      out.push(
        `minimum ${resource} usage per Container is ${canonicalQuantity(min)}, but request is ${canonicalQuantity(request)}`,
      );
    else if (limit !== undefined && Quantity.parse(limit).cmp(Quantity.parse(min)) < 0)
      out.push(
        `minimum ${resource} usage per Container is ${canonicalQuantity(min)}, but limit is ${canonicalQuantity(limit)}`,
      );
  }
  for (const [resource, max] of Object.entries(item.max ?? {})) {
    const limit = limits[resource];
    const request = requests[resource];
    if (limit === undefined)
      out.push(
        `maximum ${resource} usage per Container is ${canonicalQuantity(max)}.  No limit is specified`,
      );
    else if (Quantity.parse(limit).cmp(Quantity.parse(max)) > 0)
      out.push(
        `maximum ${resource} usage per Container is ${canonicalQuantity(max)}, but limit is ${canonicalQuantity(limit)}`,
      );
    else if (request !== undefined && Quantity.parse(request).cmp(Quantity.parse(max)) > 0)
      out.push(
        `maximum ${resource} usage per Container is ${canonicalQuantity(max)}, but request is ${canonicalQuantity(request)}`,
      );
  }
  for (const [resource, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const limit = limits[resource];
    const request = requests[resource];
    if (limit === undefined || request === undefined) continue;
    const observed = Quantity.parse(limit).toNumber() / Quantity.parse(request).toNumber();
    if (observed > Quantity.parse(ratio).toNumber())
      out.push(
        `${resource} max limit to request ratio per Container is ${canonicalQuantity(ratio)}, but provided ratio is ${goFloat(observed)}`,
      );
  }
  return out;
}

export class LimitRanger implements AdmissionPlugin {
  readonly name = 'LimitRanger';

  /**
   * handles pod creates only: upstream skips pod updates (containers and their resources are immutable
   * once created, so pod validation refuses any change there anyway) and subresources.
   */
  handles(attributes: AdmissionAttributes): boolean {
    return (
      attributes.operation === 'CREATE' &&
      attributes.namespace !== undefined &&
      attributes.info.group === '' &&
      attributes.info.resource === 'pods'
    );
  }

  async admit(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    const ranges = await reader.list('', 'limitranges', attributes.namespace);
    if (ranges.length === 0) return;
    const defaulted = limitRangeDefaults(attributes.object, ranges);
    attributes.object.metadata = defaulted.metadata;
    attributes.object.spec = defaulted.spec;
  }

  async validate(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    const ranges = await reader.list('', 'limitranges', attributes.namespace);
    const spec = (attributes.object.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
    const found: string[] = [];
    for (const range of ranges) {
      for (const item of itemsOf(range, 'Container')) {
        for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
          found.push(...containerViolations(item, container));
        }
      }
    }
    if (found.length === 0) return;
    const message = found.length === 1 ? found[0] : `[${found.join(', ')}]`;
    throw errors.forbidden(`pods ${JSON.stringify(objectName(attributes.object))} is forbidden: ${message}`);
  }
}
