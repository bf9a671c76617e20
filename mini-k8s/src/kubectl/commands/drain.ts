/**
 * `kubectl drain NODE`: cordons the node, then evicts its pods through the Eviction API (or deletes them
 * with --disable-eviction), refusing as kubectl's drain filters do — DaemonSet-managed pods (unless
 * --ignore-daemonsets), pods with emptyDir data (unless --delete-emptydir-data), pods without a controller
 * (unless --force) — and retrying every 5 seconds while a PodDisruptionBudget forbids an eviction. Waits
 * for each evicted pod to be gone, then prints `node/<name> drained`.
 */
import type { KubeObject } from '../../api/object';
import { durationToMillis } from '../../machinery/duration';
import { isNotFound, StatusError } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { dryRunSuffix, parseDryRun } from '../resource-builder/objects';
import { fetchNodes } from './cordon';
import { DRAIN_HELP } from './help-texts';

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true };

interface Pod extends KubeObject {
  spec?: { volumes?: { emptyDir?: unknown }[] };
  status?: { phase?: string };
}

interface Status {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message: string;
}

const okay: Status = { delete: true, reason: 'Okay', message: '' };

export const drainCommand: Command = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  help: DRAIN_HELP,
  flags: [
    { name: 'force', type: 'bool' },
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'delete-local-data', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'pod-selector', type: 'string' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', default: 0 },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    const nodes = await fetchNodes(ctx, flags, 'drain');
    const suffix = dryRunSuffix(dryRun);
    for (const node of nodes) {
      const name = node.metadata.name!;
      if ((node as { spec?: { unschedulable?: boolean } }).spec?.unschedulable) {
        ctx.out(`node/${name} already cordoned${suffix}\n`);
        continue;
      }
      if (dryRun !== 'client') {
        await ctx.client.patch(
          NODES,
          undefined,
          name,
          'strategic',
          { spec: { unschedulable: true } },
          {
            dryRun: dryRun === 'server',
          },
        );
      }
      ctx.out(`node/${name} cordoned${suffix}\n`);
    }
    const fatal: string[] = [];
    const remaining: string[] = [];
    for (const node of nodes) {
      const name = node.metadata.name!;
      try {
        await drainNode(ctx, flags, name, dryRun);
        ctx.out(`node/${name} drained${suffix}\n`);
      } catch (err) {
        if (err instanceof ExitError && err.exitCode === 130) return 1;
        const message = err instanceof Error ? err.message : String(err);
        ctx.err(
          `error: unable to drain node ${JSON.stringify(name)} due to error: ${message}, continuing command...\n`,
        );
        fatal.push(message);
        remaining.push(name);
      }
    }
    if (remaining.length > 0) {
      ctx.err(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
      // The aggregate reaches CheckErr as is: printed without an "error: " prefix.
      throw new ExitError(1, fatal.length === 1 ? fatal[0] : `[${fatal.join(', ')}]`);
    }
    return 0;
  },
};

/** podsForDeletion is drain.GetPodsForDeletion: every pod of the node through the filters. */
async function podsForDeletion(
  ctx: CommandContext,
  flags: Flags,
  node: string,
): Promise<{ pods: Pod[]; warnings: string; errors: string[] }> {
  const list = await ctx.client.list<Pod>(PODS, undefined, {
    fieldSelector: `spec.nodeName=${node}`,
    labelSelector: flags.str('pod-selector') || undefined,
  });
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  const pods: Pod[] = [];
  for (const pod of list.items) {
    let status = okay;
    for (const filter of [daemonSetFilter, mirrorFilter, localStorageFilter, unreplicatedFilter]) {
      status = await filter(ctx, flags, pod);
      if (!status.delete) break;
    }
    const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (status.reason === 'Warning')
      warnings.set(status.message, [...(warnings.get(status.message) ?? []), id]);
    if (status.reason === 'Error') {
      const message = status.message || 'unexpected error';
      errors.set(message, [...(errors.get(message) ?? []), id]);
    }
    if (status.delete) pods.push(pod);
  }
  return {
    pods,
    warnings: [...warnings].map(([m, ids]) => `${m}: ${ids.join(', ')}`).join('; '),
    errors: [...errors].map(([m, ids]) => `cannot delete ${m}: ${ids.join(', ')}`),
  };
}

function controllerOf(pod: Pod): { kind?: string; name?: string } | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller);
}

function finished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

async function daemonSetFilter(ctx: CommandContext, flags: Flags, pod: Pod): Promise<Status> {
  const ref = controllerOf(pod);
  if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return okay;
  try {
    await ctx.client.get(DAEMONSETS, pod.metadata.namespace, ref.name ?? '');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (isNotFound(err) && flags.bool('force')) return { delete: true, reason: 'Warning', message };
    return { delete: false, reason: 'Error', message };
  }
  if (!flags.bool('ignore-daemonsets')) {
    return {
      delete: false,
      reason: 'Error',
      message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
    };
  }
  return { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' };
}

async function mirrorFilter(_ctx: CommandContext, _flags: Flags, pod: Pod): Promise<Status> {
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
    return { delete: false, reason: 'Skip', message: '' };
  }
  return okay;
}

async function localStorageFilter(_ctx: CommandContext, flags: Flags, pod: Pod): Promise<Status> {
  if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir) || finished(pod)) return okay;
  if (!flags.bool('delete-emptydir-data') && !flags.bool('delete-local-data')) {
    return {
      delete: false,
      reason: 'Error',
      message: 'Pods with local storage (use --delete-emptydir-data to override)',
    };
  }
  return { delete: true, reason: 'Warning', message: 'deleting Pods with local storage' };
}

async function unreplicatedFilter(_ctx: CommandContext, flags: Flags, pod: Pod): Promise<Status> {
  if (finished(pod) || controllerOf(pod)) return okay;
  if (flags.bool('force'))
    return { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' };
  return {
    delete: false,
    reason: 'Error',
    message: 'cannot delete Pods that declare no controller (use --force to override)',
  };
}

/** drainNode evicts (or deletes) the node's pods and waits until they are gone. */
async function drainNode(ctx: CommandContext, flags: Flags, node: string, dryRun: string): Promise<void> {
  const { pods, warnings, errors } = await podsForDeletion(ctx, flags, node);
  if (errors.length > 0) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  if (warnings) ctx.err(`Warning: ${warnings}\n`);
  if (dryRun === 'client') {
    for (const pod of pods)
      ctx.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name} (dry run)\n`);
    return;
  }
  const timeoutMs = durationToMillis(flags.str('timeout'));
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  const grace = flags.int('grace-period');
  const deleteOptions = grace >= 0 ? { gracePeriodSeconds: grace } : {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      const signal = ctx.io.signal;
      if (signal?.aborted) return reject(new ExitError(130));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new ExitError(130));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  const results = await Promise.allSettled(
    pods.map(async (pod) => {
      const ns = pod.metadata.namespace!;
      const name = pod.metadata.name!;
      const timedOut = () =>
        new Error(
          `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: global timeout reached: ${flags.str('timeout')}`,
        );
      for (;;) {
        if (Date.now() > deadline) throw timedOut();
        try {
          if (flags.bool('disable-eviction')) {
            await ctx.client.delete(PODS, ns, name, deleteOptions);
          } else {
            if (dryRun === 'server') ctx.out(`evicting pod ${ns}/${name} (server dry run)\n`);
            else ctx.out(`evicting pod ${ns}/${name}\n`);
            if (Date.now() > deadline) throw timedOut();
            await ctx.client.request('POST', ctx.client.path(PODS, ns, name, 'eviction'), {
              body: {
                apiVersion: 'policy/v1',
                kind: 'Eviction',
                metadata: { name, namespace: ns },
                deleteOptions,
              },
              query: { dryRun: dryRun === 'server' ? 'All' : undefined },
            });
          }
          break;
        } catch (err) {
          if (!(err instanceof StatusError)) throw err;
          if (isNotFound(err)) return;
          if (err.code === 429) {
            ctx.err(
              `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)} (will retry after 5s): ${err.message}\n`,
            );
            await sleep(5000);
            continue;
          }
          throw new Error(
            `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: ${err.message}`,
            { cause: err },
          );
        }
      }
      if (dryRun === 'server') return;
      // Wait until the pod is gone (or replaced by a pod of the same name).
      for (;;) {
        try {
          const current = await ctx.client.get(PODS, ns, name);
          if (current.metadata.uid !== pod.metadata.uid) break;
        } catch (err) {
          if (isNotFound(err)) break;
          throw err;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `error when waiting for pod ${JSON.stringify(name)} in namespace ${JSON.stringify(ns)} to terminate: timed out waiting for the condition`,
          );
        }
        await sleep(1000);
      }
      ctx.out(`pod/${name} ${flags.bool('disable-eviction') ? 'deleted' : 'evicted'}\n`);
    }),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    if (failure.reason instanceof ExitError) throw failure.reason;
    const message = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
    const pending = await podsForDeletion(ctx, flags, node);
    if (pending.pods.length > 0) {
      ctx.err(`There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${message}\n`);
      for (const pod of pending.pods) ctx.err(`pod/${pod.metadata.name}\n`);
    }
    throw failure.reason;
  }
}
