/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: runs a command in a
 * container through `config.streams` and exits with the command's exit code (`command terminated with
 * exit code N` on stderr), as kubectl does.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, UsageError } from '../cmdutil/errors';
import { refOf } from '../resource-builder/objects';
import { type LogPod, sortByLogging } from './logs';
import { formatSelector, type LabelSelector } from '../describe/describe-workloads';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

export const execCommand: Command = {
  name: 'exec',
  short: 'Execute a command in a container',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  ],
  async run(ctx, flags) {
    const { args, dashArgs, sawDash } = flags.parsed;
    if (args.length === 0) throw new Error('pod, type/name or --filename must be specified');
    if (!sawDash && args.length > 1) {
      throw new UsageError(
        'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
      );
    }
    const command = sawDash ? dashArgs : args.slice(1);
    if (command.length === 0) throw new Error('you must specify at least one command for the container');
    const pod = await podFor(ctx, args[0]);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    }
    const container = containerFor(ctx, pod, flags.str('container'), flags.bool('quiet'));
    const stdin = flags.bool('stdin');
    let tty = flags.bool('tty');
    if (tty && !(stdin && ctx.io.tty)) {
      // kubectl drops the TTY when stdin is not a terminal (and says so when -i was asked).
      if (stdin && !flags.bool('quiet')) {
        ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      }
      tty = false;
    }
    const streams = ctx.config.streams;
    if (!streams)
      throw new Error('exec is not available: this kubectl has no streaming connection to the cluster');
    // With a TTY the local terminal goes raw for the session, as kubectl's term.Safe does.
    const restore = tty ? ctx.io.rawTerminal?.() : undefined;
    const outcome = await streams
      .exec(
        {
          namespace: pod.metadata.namespace ?? ctx.namespace,
          pod: pod.metadata.name!,
          container,
          command,
          stdin,
          tty,
        },
        {
          stdin: stdin ? ctx.io.stdin : undefined,
          stdout: ctx.io.stdout,
          stderr: ctx.io.stderr,
          signal: ctx.io.signal,
        },
      )
      .finally(() => restore?.());
    if ('error' in outcome) throw outcome.error;
    if (outcome.exitCode !== 0) {
      throw new ExitError(outcome.exitCode, `command terminated with exit code ${outcome.exitCode}`);
    }
    return 0;
  },
};

/** podFor resolves `POD` or `TYPE/NAME` to the pod to attach to (the first active pod of a controller). */
export async function podFor(ctx: CommandContext, arg: string): Promise<LogPod> {
  const slash = arg.indexOf('/');
  if (slash < 0) return ctx.client.get<LogPod>(PODS, ctx.namespace, arg);
  const resource = await ctx.mapper.resourceFor(arg.slice(0, slash));
  const obj: KubeObject = await ctx.client.get(refOf(resource), ctx.namespace, arg.slice(slash + 1));
  if (resource.group === '' && resource.resource === 'pods') return obj as LogPod;
  const spec = (obj as { spec?: { selector?: LabelSelector | Record<string, string> } }).spec;
  let selector: string | undefined;
  if (resource.kind === 'Service' || resource.kind === 'ReplicationController') {
    selector = Object.entries((spec?.selector as Record<string, string>) ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  } else if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(resource.kind)) {
    selector = formatSelector(spec?.selector as LabelSelector);
  }
  if (selector === undefined) {
    const type = `*${resource.version}.${resource.kind}`;
    throw new Error(`cannot attach to ${type}: selector for ${type} not implemented`);
  }
  const pods = sortByLogging(
    (await ctx.client.list<LogPod>(PODS, ctx.namespace, { labelSelector: selector })).items,
  );
  if (pods.length === 0) throw new Error('timed out waiting for the condition');
  return pods[0];
}

/** containerFor is -c, the default-container annotation, or the first container (announced when several). */
export function containerFor(ctx: CommandContext, pod: LogPod, container: string, quiet: boolean): string {
  if (container) return container;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && names.includes(annotated)) return annotated;
  if (names.length > 1 && !quiet) {
    const init = (pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`);
    const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`);
    ctx.err(`Defaulted container "${names[0]}" out of: ${[...names, ...init, ...ephemeral].join(', ')}\n`);
  }
  return names[0] ?? '';
}
