/**
 * Describers render one object as `kubectl describe` does, per kind (kubectl's describerMap). Each gets
 * the object and a DescribeContext to read related objects (events, quotas, replica sets, pods).
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient, ResourceRef } from '../../client/client';
import { DescribeWriter, type EventObject } from './describe-writer';
import { describePod } from './describe-pod';
import { describeService } from './describe-service';
import { describeDeployment, describeReplicaSet } from './describe-workloads';

/** DescribeContext gives describers the client, the clock and the event lookup. */
export interface DescribeContext {
  client: ApiClient;
  now: Date;
  /** Whether to list events (`--show-events`, default true). */
  showEvents: boolean;
}

/** Describer renders one object (the text ends with a newline). */
export type Describer = (obj: KubeObject, ctx: DescribeContext) => Promise<string>;

const core = (resource: string, namespaced = true): ResourceRef => ({
  group: '',
  version: 'v1',
  resource,
  namespaced,
});

/** eventsFor lists the events whose involvedObject is `obj` (by uid, name and kind), like searchEvents. */
export async function eventsFor(
  ctx: DescribeContext,
  obj: KubeObject,
  matchKind = true,
): Promise<EventObject[] | undefined> {
  if (!ctx.showEvents) return undefined;
  const ns = obj.metadata.namespace;
  const list = await ctx.client.list<EventObject>(core('events'), ns);
  return list.items.filter((e) => {
    const io = e.involvedObject ?? {};
    if (io.name !== obj.metadata.name) return false;
    if (ns && io.namespace !== ns) return false;
    if (obj.metadata.uid && io.uid !== obj.metadata.uid) return false;
    return !matchKind || io.kind === obj.kind;
  });
}

/** describeNamespace prints status, then resource quotas and limit ranges of the namespace. */
async function describeNamespace(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const name = obj.metadata.name!;
  const [quotas, limits] = await Promise.all([
    ctx.client.list(core('resourcequotas'), name),
    ctx.client.list(core('limitranges'), name),
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

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** describeQuotas is DescribeResourceQuotas (quotas sorted by name, resources by name). */
function describeQuotas(w: DescribeWriter, quotas: KubeObject[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => compare(a.metadata.name!, b.metadata.name!))) {
    const spec = (q as { spec?: { scopes?: string[] } }).spec ?? {};
    const status =
      (q as { status?: { hard?: Record<string, string>; used?: Record<string, string> } }).status ?? {};
    w.write(1, `Name:\t${q.metadata.name}\n`);
    if (spec.scopes && spec.scopes.length > 0) {
      const scopes = [...spec.scopes].sort(compare);
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) {
        const help = SCOPE_HELP[scope];
        if (help) w.write(1, `* ${help}\n`);
      }
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    for (const r of Object.keys(status.hard ?? {}).sort(compare)) {
      w.write(1, `${r}\t${status.used?.[r] ?? '0'}\t${status.hard![r]}\n`);
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

/** describeLimitRanges is DescribeLimitRanges (one row per limit type and resource, resources sorted). */
function describeLimitRanges(w: DescribeWriter, ranges: KubeObject[]): void {
  if (ranges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) {
    type Item = Record<string, Record<string, string> | string | undefined> & { type?: string };
    const limits = ((lr as { spec?: { limits?: Item[] } }).spec?.limits ?? []) as Item[];
    for (const item of limits) {
      const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'] as const;
      const names = new Set<string>();
      for (const f of fields)
        for (const k of Object.keys((item[f] as Record<string, string>) ?? {})) names.add(k);
      for (const k of [...names].sort(compare)) {
        const cell = (f: (typeof fields)[number]) =>
          (item[f] as Record<string, string> | undefined)?.[k] ?? '-';
        w.write(
          0,
          ` ${item.type ?? ''}\t${k}\t${cell('min')}\t${cell('max')}\t${cell('defaultRequest')}\t${cell('default')}\t${cell('maxLimitRequestRatio')}\n`,
        );
      }
    }
  }
}

/** describeConfigMap prints Data (sorted keys, each value under a `----` rule) and BinaryData sizes. */
async function describeConfigMap(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const events = await eventsFor(ctx, obj);
  const cm = obj as KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> };
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  w.write(0, '\nData\n====\n');
  for (const key of Object.keys(cm.data ?? {}).sort(compare)) {
    w.write(0, `${key}:\n----\n`);
    w.write(0, `${cm.data![key]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const key of Object.keys(cm.binaryData ?? {}).sort(compare)) {
    w.write(0, `${key}: ${Buffer.from(cm.binaryData![key], 'base64').length} bytes\n`);
  }
  w.write(0, '\n');
  if (events) w.events(events);
  return w.toString();
}

/** describeSecret prints the type and the size of each value (the token of a token secret in clear). */
async function describeSecret(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const secret = obj as KubeObject & { type?: string; data?: Record<string, string> };
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace}\n`);
  w.labels('Labels', obj.metadata.labels);
  w.annotations('Annotations', obj.metadata.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const key of Object.keys(secret.data ?? {}).sort(compare)) {
    const value = Buffer.from(secret.data![key], 'base64');
    if (key === 'token' && secret.type === 'kubernetes.io/service-account-token') {
      w.write(0, `${key}:\t${value.toString('utf8')}\n`);
    } else w.write(0, `${key}:\t${value.length} bytes\n`);
  }
  return w.toString();
}

/** DESCRIBERS maps `group/Kind` to its describer. */
export const DESCRIBERS: Record<string, Describer> = {
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/Pod': describePod,
  '/Service': describeService,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
};

/** rfc1123z formats a timestamp as Go's time.RFC1123Z in UTC (`Mon, 02 Jan 2006 15:04:05 +0000`). */
export function rfc1123z(ts: string | undefined | null): string {
  const d = new Date(ts ?? 0);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** compare is Go's byte-order string comparison. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
