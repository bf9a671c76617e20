/**
 * Describers of a namespace and of what constrains it: Namespace (with the ResourceQuota and LimitRange
 * sections), ResourceQuota and LimitRange.
 */
import type { KubeObject } from '../../api/object';
import { parseQuantity, Quantity } from '../../machinery/quantity';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare, rfc1123z } from './describers';

type ResourceList = Record<string, string>;

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

interface ResourceQuota extends KubeObject {
  spec?: { scopes?: string[] };
  status?: { hard?: ResourceList; used?: ResourceList };
}

interface LimitRangeItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

interface LimitRange extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

const core = (resource: string) => ({ group: '', version: 'v1', resource, namespaced: true });

/** describeNamespace prints status, then resource quotas and limit ranges of the namespace. */
export async function describeNamespace(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const name = obj.metadata.name!;
  const [quotas, limits] = await Promise.all([
    ctx.client.list<ResourceQuota>(core('resourcequotas'), name),
    ctx.client.list<LimitRange>(core('limitranges'), name),
  ]);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${name}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  const status = (obj as { status?: { phase?: string; conditions?: Condition[] } }).status ?? {};
  w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.conditions && status.conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(
        1,
        `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(0, '\n');
  describeQuotas(w, quotas.items);
  w.write(0, '\n');
  describeLimitRanges(w, limits.items);
  return w.toString();
}

/** describeResourceQuota prints one quota: scopes with their help text, then used and hard per resource. */
export async function describeResourceQuota(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const q = obj as ResourceQuota;
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${q.metadata.name}\n`);
  w.write(0, `Namespace:\t${q.metadata.namespace}\n`);
  const scopes = [...(q.spec?.scopes ?? [])].sort(compare);
  if (scopes.length > 0) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(0, ` * ${SCOPE_HELP[scope]}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  const hard = q.status?.hard ?? {};
  for (const r of Object.keys(hard).sort(compare)) {
    const hardQ = quantity(hard[r]);
    let used = quantity(q.status?.used?.[r]);
    // A used value in another format is re-expressed in the hard value's (resource.NewQuantity(Value())).
    if (used.format !== hardQ.format) used = Quantity.fromInt(used.toBytes(), hardQ.format);
    w.write(0, `${r}\t${used.toString()}\t${hardQ.toString()}\n`);
  }
  return w.toString();
}

/** describeLimitRange prints one limit range as the Type/Resource/Min/Max/... table. */
export async function describeLimitRange(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const lr = obj as LimitRange;
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${lr.metadata.name}\n`);
  w.write(0, `Namespace:\t${lr.metadata.namespace}\n`);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  describeLimitRangeSpec(w, lr, '');
  return w.toString();
}

/** describeQuotas is DescribeResourceQuotas (quotas sorted by name, resources by name). */
function describeQuotas(w: DescribeWriter, quotas: ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => compare(a.metadata.name!, b.metadata.name!))) {
    w.write(1, `Name:\t${q.metadata.name}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(compare);
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(1, `* ${SCOPE_HELP[scope]}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const r of Object.keys(hard).sort(compare)) {
      w.write(1, `${r}\t${quantity(q.status?.used?.[r]).toString()}\t${quantity(hard[r]).toString()}\n`);
    }
  }
}

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** describeLimitRanges is DescribeLimitRanges: all the namespace's limit ranges in one table. */
function describeLimitRanges(w: DescribeWriter, ranges: LimitRange[]): void {
  if (ranges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) describeLimitRangeSpec(w, lr, ' ');
}

/**
 * describeLimitRangeSpec writes one row per limit and resource (`-` where unset). kubectl walks a Go map
 * here, so its row order within one limit varies from run to run; ours is sorted by resource name.
 */
function describeLimitRangeSpec(w: DescribeWriter, lr: LimitRange, prefix: string): void {
  const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'] as const;
  for (const item of lr.spec?.limits ?? []) {
    const names = new Set<string>();
    for (const f of fields) for (const k of Object.keys(item[f] ?? {})) names.add(k);
    for (const k of [...names].sort(compare)) {
      const cell = (f: (typeof fields)[number]) =>
        item[f]?.[k] === undefined ? '-' : quantity(item[f]![k]).toString();
      w.write(
        0,
        `${prefix}${item.type ?? ''}\t${k}\t${cell('min')}\t${cell('max')}\t${cell('defaultRequest')}\t${cell('default')}\t${cell('maxLimitRequestRatio')}\n`,
      );
    }
  }
}

/** quantity parses a stored quantity (a missing one is zero, as a Go map lookup gives). */
function quantity(text: string | undefined): Quantity {
  if (text === undefined) return Quantity.fromInt(0);
  try {
    return parseQuantity(text);
  } catch {
    return Quantity.fromInt(0);
  }
}
