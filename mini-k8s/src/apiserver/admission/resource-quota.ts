/**
 * The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota): a create that would take a
 * namespace's usage past a quota's `hard` is refused with upstream's
 * `exceeded quota: <name>, requested: pods=1, used: pods=2, limited: pods=2`, and a pod without a
 * request or limit a quota tracks is refused with `failed quota: <name>: must specify …`. Usage is
 * computed at admission from the namespace's objects (the evaluators shared with the quota controller),
 * so it does not wait for the controller to refresh `status.used`. An update is charged its increase only
 * (the usage with the old object replaced by the new one): a Service turned NodePort or LoadBalancer, a
 * claim asking for more storage. Subresources (`status`, `scale`) are not charged, as upstream: scaling a
 * Deployment is charged when its controller creates the Pods, whose creates are refused past the quota.
 */
import type { KubeObject } from '../../api/object';
import { quotaResourcesNeeded, quotaUsage } from '../../controllers/resourcequota/usage';
import type { QuotaObjects } from '../../controllers/resourcequota/usage';
import { errors } from '../../machinery/errors';
import { Quantity } from '../../machinery/quantity';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';
import { objectName, qualifiedResource } from './interface';

/** COMPUTE maps the quota names that need an explicit container value to [kind, resource]. */
const COMPUTE: Record<string, ['requests' | 'limits', string]> = {
  cpu: ['requests', 'cpu'],
  memory: ['requests', 'memory'],
  'requests.cpu': ['requests', 'cpu'],
  'requests.memory': ['requests', 'memory'],
  'limits.cpu': ['limits', 'cpu'],
  'limits.memory': ['limits', 'memory'],
};

function prettyPrint(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${k}=${values[k]}`)
    .join(',');
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** missingConstraints lists `requests.cpu for: c1,c2` for tracked compute resources a container does not set. */
export function missingConstraints(hard: Record<string, string>, pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const missing: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const needed = COMPUTE[name];
    if (!needed) continue;
    const [kind, resource] = needed;
    const without = containers
      .filter((c) => c.resources?.[kind]?.[resource] === undefined)
      .map((c) => c.name);
    if (without.length > 0) missing.push(`${name} for: ${without.join(',')}`);
  }
  return missing;
}

/** withWritten is a namespace's objects of the written resource as they would be after the write. */
function withWritten(current: KubeObject[] | undefined, attributes: AdmissionAttributes): KubeObject[] {
  const old = attributes.oldObject;
  if (!old) return [...(current ?? []), attributes.object];
  return (current ?? []).map((o) => (o.metadata.uid === old.metadata.uid ? attributes.object : o));
}

export class ResourceQuotaAdmission implements AdmissionPlugin {
  readonly name = 'ResourceQuota';

  handles(attributes: AdmissionAttributes): boolean {
    return (
      attributes.namespace !== undefined &&
      attributes.subresource === undefined &&
      attributes.info.resource !== 'events'
    );
  }

  async validate(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    const quotas = await reader.list('', 'resourcequotas', attributes.namespace);
    if (quotas.length === 0) return;
    const resourceKey = qualifiedResource(attributes.info);
    const isPod = attributes.info.group === '' && attributes.info.resource === 'pods';
    const name = objectName(attributes.object);
    const cache = new Map<string, KubeObject[]>();
    for (const quota of quotas.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
      const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<
        string,
        string
      >;
      if (Object.keys(hard).length === 0) continue;
      const objects: QuotaObjects = {};
      for (const needed of quotaResourcesNeeded(hard)) {
        if (!cache.has(needed)) {
          const dot = needed.indexOf('.');
          const [resource, group] = dot < 0 ? [needed, ''] : [needed.slice(0, dot), needed.slice(dot + 1)];
          cache.set(needed, await reader.list(group, resource, attributes.namespace).catch(() => []));
        }
        objects[needed] = cache.get(needed)!;
      }
      const before = quotaUsage(hard, objects);
      const after = quotaUsage(hard, {
        ...objects,
        [resourceKey]: withWritten(objects[resourceKey], attributes),
      });
      const requested: Record<string, string> = {};
      for (const [resource, value] of Object.entries(after)) {
        const delta = Quantity.parse(value).sub(Quantity.parse(before[resource] ?? '0'));
        if (delta.cmp(Quantity.fromInt(0)) > 0) requested[resource] = delta.toString();
      }
      if (isPod && attributes.operation === 'CREATE') {
        const missing = missingConstraints(hard, attributes.object);
        if (missing.length > 0) {
          throw errors.forbidden(
            `pods ${JSON.stringify(name)} is forbidden: failed quota: ${quota.metadata.name}: must specify ${missing.join('; ')}`,
          );
        }
      }
      if (Object.keys(requested).length === 0) continue;
      const exceeded = Object.keys(requested).filter(
        (r) => hard[r] !== undefined && Quantity.parse(after[r]).cmp(Quantity.parse(hard[r])) > 0,
      );
      if (exceeded.length === 0) continue;
      const mask = (values: Record<string, string>) =>
        Object.fromEntries(exceeded.map((r) => [r, Quantity.parse(values[r] ?? '0').toString()]));
      throw errors.forbidden(
        `${resourceKey} ${JSON.stringify(name)} is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(before))}, limited: ${prettyPrint(mask(hard))}`,
      );
    }
  }
}
