/**
 * `kubectl run NAME --image=IMAGE [--port] [--env] [--labels] [--restart] [--command] -- [ARGS...]`: builds
 * the Pod kubectl's run generator builds (keys in Go struct order), creates it (or prints it with
 * `--dry-run=client`) and with `--expose` a ClusterIP service on `--port`. Attaching (`-i`, `-t`,
 * `--attach`, `--rm`) needs an attach stream, which this kubectl does not have yet.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { parseOutput, printObject } from '../printers/output';
import { dryRunSuffix, parseDryRun } from '../resource-builder/objects';
import { stripManagedFields } from './get';

const OUTPUT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };

export const runCommand: Command = {
  name: 'run',
  short: 'Run a particular image on the cluster',
  flags: [
    { name: 'image', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'env', type: 'stringArray' },
    { name: 'annotations', type: 'stringArray' },
    { name: 'restart', type: 'string', default: 'Always' },
    { name: 'command', type: 'bool' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'expose', type: 'bool' },
    { name: 'privileged', type: 'bool' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'attach', type: 'bool' },
    { name: 'rm', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'leave-stdin-open', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-run' },
    { name: 'save-config', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
    { name: 'overrides', type: 'string' },
    { name: 'override-type', type: 'string', default: 'merge' },
  ],
  async run(ctx, flags) {
    if (!flags.changed('image')) throw new Error('required flag(s) "image" not set');
    const [name, ...extra] = flags.args;
    if (!name) throw new UsageError('NAME is required for run');
    const dryRun = parseDryRun(flags.str('dry-run'));
    const attach = flags.bool('attach') || flags.bool('stdin') || flags.bool('tty');
    if (dryRun !== 'none' && attach) {
      throw new UsageError(
        "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      );
    }
    if (flags.bool('rm') && !attach) throw new UsageError('--rm should only be used for attached containers');
    const restart = flags.str('restart');
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) {
      throw new UsageError(`invalid restart policy: ${restart}`);
    }
    const pullPolicy = flags.str('image-pull-policy');
    if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
      throw new UsageError(`invalid image pull policy: ${pullPolicy}`);
    }
    if (flags.bool('expose') && !flags.str('port')) {
      throw new UsageError('--port must be set when exposing a service');
    }
    if (attach)
      throw new Error('attaching to a container (-i, -t, --attach) is not supported by this kubectl yet');
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const { args, dashArgs, sawDash } = flags.parsed;
    const commandArgs = sawDash ? dashArgs : extra;
    void args;
    const pod = buildPod(ctx, flags, name, commandArgs);
    const print = (obj: KubeObject, prefix: string, typed: boolean) => {
      if (output) {
        stripManagedFields(obj);
        ctx.out(printObject(output, obj, () => prefix, typed));
      } else ctx.out(`${prefix}/${obj.metadata.name} created${dryRunSuffix(dryRun)}\n`);
    };
    if (flags.bool('expose')) {
      const svc = buildService(ctx, name, flags.str('port'), pod.metadata.labels as Record<string, string>);
      if (dryRun === 'client') print(svc, 'service', true);
      else print(await create(ctx, flags, SERVICES, svc, dryRun), 'service', false);
      // kubectl's YAML printer emits two document separators between the service and the pod.
      if (output?.kind === 'yaml') ctx.out('---\n---\n');
    }
    if (dryRun === 'client') print(pod, 'pod', true);
    else print(await create(ctx, flags, PODS, pod, dryRun), 'pod', false);
    return 0;
  },
};

async function create(
  ctx: CommandContext,
  flags: Flags,
  ref: typeof PODS,
  body: KubeObject,
  dryRun: 'none' | 'client' | 'server',
): Promise<KubeObject> {
  return (await ctx.client.request('POST', ctx.client.path(ref, ctx.namespace), {
    body,
    query: {
      fieldManager: flags.str('field-manager'),
      fieldValidation: 'Strict',
      dryRun: dryRun === 'server' ? 'All' : undefined,
    },
  })) as KubeObject;
}

/** parsePairs parses `k=v,k2=v2` (labels) with kubectl's message for a bad entry. */
function parsePairs(spec: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`unexpected ${what} spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** buildPod is the run generator: one container named after the pod, labels `run=NAME` by default. */
function buildPod(ctx: CommandContext, flags: Flags, name: string, commandArgs: string[]): KubeObject {
  const labels = flags.str('labels') ? parsePairs(flags.str('labels'), 'label') : { run: name };
  const annotations: Record<string, string> = {};
  for (const a of flags.list('annotations')) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Error(`invalid annotation: ${a}`);
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const metadata: Record<string, unknown> = { name };
  if (ctx.explicitNamespace) metadata.namespace = ctx.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  // Container keys follow the Go struct order: name, image, command, args, ports, env, resources, ...
  const container: Record<string, unknown> = { name, image: flags.str('image') };
  if (commandArgs.length > 0) container[flags.bool('command') ? 'command' : 'args'] = commandArgs;
  if (flags.str('port')) container.ports = [{ containerPort: Number(flags.str('port')) }];
  const env = flags.list('env').map((e) => {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new Error(`invalid env: ${e}`);
    return { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  if (env.length > 0) container.env = env;
  container.resources = {};
  if (flags.str('image-pull-policy')) container.imagePullPolicy = flags.str('image-pull-policy');
  if (flags.bool('privileged')) container.securityContext = { privileged: true };
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: metadata as KubeObject['metadata'],
    spec: { containers: [container], restartPolicy: flags.str('restart'), dnsPolicy: 'ClusterFirst' },
    status: {},
  } as KubeObject;
}

/** buildService is the service `--expose` creates: same name, selector = the pod's labels. */
function buildService(
  ctx: CommandContext,
  name: string,
  port: string,
  labels: Record<string, string>,
): KubeObject {
  const metadata: Record<string, unknown> = { name };
  if (ctx.explicitNamespace) metadata.namespace = ctx.namespace;
  metadata.creationTimestamp = null;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: metadata as KubeObject['metadata'],
    spec: { ports: [{ protocol: 'TCP', port: Number(port), targetPort: Number(port) }], selector: labels },
    status: { loadBalancer: {} },
  } as KubeObject;
}
