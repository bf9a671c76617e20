/**
 * `kubectl logs`: prints (or with `-f` streams) the log of one container of a pod, of the first pod of a
 * controller (`deploy/web`, chosen as kubectl's ByLogging order does), or of every pod matching `-l`.
 * Supports `-c`, `--all-containers`, `--previous`, `--tail`, `--since`, `--timestamps`, `--prefix`.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound, StatusError } from '../../machinery/errors';
import type { CommandContext, Command } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { formatSelector, type LabelSelector } from '../describe/describe-workloads';
import { refOf } from '../resource-builder/objects';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

const USAGE = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command`;

/** LogPod is the part of a Pod logs reads. */
export interface LogPod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { restartCount?: number }[];
  };
}

export const logsCommand: Command = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'tail', type: 'int', default: -1 },
    { name: 'since', type: 'string' },
    { name: 'since-time', type: 'string' },
    { name: 'timestamps', type: 'bool' },
    { name: 'limit-bytes', type: 'int', default: 0 },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-containers', type: 'bool' },
    { name: 'all-pods', type: 'bool' },
    { name: 'prefix', type: 'bool' },
    { name: 'max-log-requests', type: 'int', default: 5 },
    { name: 'ignore-errors', type: 'bool' },
    { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
    { name: 'pod-running-timeout', type: 'string', default: '20s' },
  ],
  async run(ctx, flags) {
    const selector = flags.str('selector');
    const args = flags.args;
    let container = flags.str('container');
    if (selector) {
      if (args.length > 0) throw new UsageError('only a selector (-l) or a POD name is allowed');
    } else if (args.length === 0 || args.length > 2 || (args.length === 2 && container)) {
      throw new UsageError(USAGE);
    } else if (args.length === 2) container = args[1];
    if (flags.bool('all-containers') && container) {
      throw new Error(`--all-containers=true should not be specified with container name ${container}`);
    }
    const targets = selector ? await podsBySelector(ctx, selector) : [await podFor(ctx, args[0])];
    if (selector && flags.bool('follow') && targets.length > flags.int('max-log-requests')) {
      throw new Error(
        `you are attempting to follow ${targets.length} log streams, but maximum allowed concurrency is ${flags.int('max-log-requests')}, use --max-log-requests to increase the limit`,
      );
    }
    for (const pod of targets) {
      for (const name of containersFor(ctx, flags, pod, container)) {
        await printLog(ctx, flags, pod, name, selector !== '');
      }
    }
    return 0;
  },
};

/** podFor resolves `POD` or `TYPE/NAME` to the pod whose log is shown. */
async function podFor(ctx: CommandContext, arg: string): Promise<LogPod> {
  const slash = arg.indexOf('/');
  const resource = slash < 0 ? undefined : await ctx.mapper.resourceFor(arg.slice(0, slash));
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  const ref = resource ? refOf(resource) : PODS;
  let obj: KubeObject;
  try {
    obj = await ctx.client.get(ref, ctx.namespace, name);
  } catch (err) {
    if (isNotFound(err) && err instanceof StatusError) {
      throw new Error(`error from server (NotFound): ${err.message} in namespace "${ctx.namespace}"`, {
        cause: err,
      });
    }
    throw err;
  }
  if (!resource || (resource.group === '' && resource.resource === 'pods')) return obj as LogPod;
  const selector = selectorOf(obj);
  if (selector === undefined) {
    const type = `*${resource.version}.${resource.kind}`;
    throw new Error(`cannot get the logs from ${type}: selector for ${type} not implemented`);
  }
  const pods = sortByLogging(
    (await ctx.client.list<LogPod>(PODS, ctx.namespace, { labelSelector: selector })).items,
  );
  if (pods.length === 0) throw new Error('timed out waiting for the condition');
  if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}

/** selectorOf is the pod selector of a controller or service, or undefined for other kinds. */
function selectorOf(obj: KubeObject): string | undefined {
  const spec = (obj as { spec?: { selector?: LabelSelector | Record<string, string> } }).spec;
  switch (obj.kind) {
    case 'Service':
    case 'ReplicationController':
      return Object.entries((spec?.selector as Record<string, string>) ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return formatSelector(spec?.selector as LabelSelector);
    default:
      return undefined;
  }
}

async function podsBySelector(ctx: CommandContext, selector: string): Promise<LogPod[]> {
  return (await ctx.client.list<LogPod>(PODS, ctx.namespace, { labelSelector: selector })).items;
}

/** containersFor picks the containers to read: -c, --all-containers, the default annotation or the first. */
function containersFor(ctx: CommandContext, flags: Flags, pod: LogPod, container: string): string[] {
  const spec = pod.spec ?? {};
  const names = (spec.containers ?? []).map((c) => c.name);
  const init = (spec.initContainers ?? []).map((c) => c.name);
  const ephemeral = (spec.ephemeralContainers ?? []).map((c) => c.name);
  if (flags.bool('all-containers')) return [...init, ...names, ...ephemeral];
  if (container) {
    if (![...names, ...init, ...ephemeral].includes(container)) {
      throw new Error(`container ${container} is not valid for pod ${pod.metadata.name}`);
    }
    return [container];
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && names.includes(annotated)) return [annotated];
  if (names.length > 1) {
    const all = [...names, ...init.map((n) => `${n} (init)`), ...ephemeral.map((n) => `${n} (ephem)`)];
    ctx.err(`Defaulted container "${names[0]}" out of: ${all.join(', ')}\n`);
  }
  return names.slice(0, 1);
}

/** printLog requests one container's log and copies it to stdout (streaming with -f). */
async function printLog(
  ctx: CommandContext,
  flags: Flags,
  pod: LogPod,
  container: string,
  bySelector: boolean,
): Promise<void> {
  // With a selector kubectl shows the last 10 lines unless --tail says otherwise.
  const tail = flags.changed('tail') ? flags.int('tail') : bySelector ? 10 : -1;
  const query: Record<string, unknown> = { container };
  if (flags.bool('follow')) query.follow = true;
  if (flags.bool('previous')) query.previous = true;
  if (flags.bool('timestamps')) query.timestamps = true;
  if (tail >= 0) query.tailLines = tail;
  if (flags.int('limit-bytes') > 0) query.limitBytes = flags.int('limit-bytes');
  if (flags.str('since')) query.sinceSeconds = parseSince(flags.str('since'));
  if (flags.str('since-time')) query.sinceTime = flags.str('since-time');
  const path = ctx.client.path(PODS, pod.metadata.namespace, pod.metadata.name, 'log');
  const prefix = flags.bool('prefix') ? `[pod/${pod.metadata.name}/${container}] ` : '';
  let pending = '';
  const write = (chunk: string) => {
    if (!prefix) return ctx.out(chunk);
    // Prefixes go on whole lines only; a partial line waits for its end.
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) ctx.out(`${prefix}${line}\n`);
  };
  if (!flags.bool('follow')) write(await ctx.client.requestText('GET', path, query));
  else for await (const chunk of await ctx.client.stream(path, query, ctx.io.signal)) write(chunk);
  if (prefix && pending) ctx.out(`${prefix}${pending}`);
}

/** parseSince converts a Go duration (`10s`, `5m`, `1h30m`) to whole seconds, at least 1. */
export function parseSince(value: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000;
    consumed += m[0].length;
  }
  if (consumed !== value.length || value === '') {
    throw new Error(`invalid argument "${value}" for "--since" flag: time: invalid duration "${value}"`);
  }
  return Math.max(1, Math.ceil(total));
}

/** sortByLogging orders pods as kubectl's ByLogging: assigned, running, ready longest, restarted most, oldest. */
export function sortByLogging(pods: LogPod[]): LogPod[] {
  const phaseRank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const readySince = (p: LogPod) =>
    p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
  const restarts = (p: LogPod) =>
    Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
  const time = (t: string | null | undefined) => (t ? Date.parse(t) : Infinity);
  return [...pods].sort((a, b) => {
    const an = a.spec?.nodeName ?? '';
    const bn = b.spec?.nodeName ?? '';
    if (an !== bn && (an === '' || bn === '')) return an ? -1 : 1;
    const ap = phaseRank[a.status?.phase ?? ''] ?? 3;
    const bp = phaseRank[b.status?.phase ?? ''] ?? 3;
    if (ap !== bp) return ap - bp;
    const ar = readySince(a);
    const br = readySince(b);
    if (!!ar !== !!br) return ar ? -1 : 1;
    if (ar && br && ar !== br) return time(ar) - time(br);
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ac = a.metadata.creationTimestamp;
    const bc = b.metadata.creationTimestamp;
    if (ac !== bc) return time(ac) - time(bc);
    return 0;
  });
}
