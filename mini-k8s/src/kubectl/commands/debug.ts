/**
 * `kubectl debug POD --image=IMAGE [-c NAME] [--target=CONTAINER] [-i] [-t] [--profile=P] [-- COMMAND…]`:
 * adds an ephemeral container to a running pod with kubectl 1.32's strategic merge patch on
 * `pods/<name>/ephemeralcontainers`; `kubectl debug node/NAME` creates the `node-debugger-<node>-xxxxx` pod
 * (host namespaces and the node's `/` at `/host`, per profile). With -i it then waits for the container
 * to run and attaches to it, falling back to its logs when it already ended. Messages, validation order and
 * the profiles follow kubectl 1.32 (pkg/cmd/debug). Debugging a copy of the pod (`--copy-to`) and custom
 * profiles (`--custom`) are not offered by this kubectl: they fail with an explanation.
 */
import type { KubeObject } from '../../api/object';
import { randomString } from '../../machinery/names';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { attachSession } from './attach';
import { DEBUG_HELP } from './help-texts-debug';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

/** PROFILES are kubectl debug's --profile values. */
const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];

/** IMAGE_REFERENCE is distribution/reference's ReferenceRegexp, enough to refuse malformed images. */
const IMAGE_REFERENCE =
  /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?$/;

interface DebugContainer {
  name: string;
  tty?: boolean;
}

interface DebugPod extends KubeObject {
  spec?: {
    restartPolicy?: string;
    containers?: DebugContainer[];
    initContainers?: DebugContainer[];
    ephemeralContainers?: DebugContainer[];
  };
  status?: {
    phase?: string;
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
}

interface ContainerStatus {
  name: string;
  state?: { running?: unknown; terminated?: unknown; waiting?: { message?: string } };
}

/** statusOf is getContainerStatusByName: init, regular then ephemeral containers. */
function statusOf(pod: DebugPod, name: string): ContainerStatus | undefined {
  const s = pod.status ?? {};
  return [
    ...(s.initContainerStatuses ?? []),
    ...(s.containerStatuses ?? []),
    ...(s.ephemeralContainerStatuses ?? []),
  ].find((c) => c.name === name);
}

type SecurityContext = Record<string, unknown> & { capabilities?: { add?: string[]; drop?: string[] } };

/** profileSecurityContext is what a profile sets on an ephemeral container (profiles.go, style ephemeral). */
export function profileSecurityContext(profile: string): SecurityContext | undefined {
  switch (profile) {
    case 'general':
      return { capabilities: { add: ['SYS_PTRACE'] } };
    case 'restricted':
      return {
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        seccompProfile: { type: 'RuntimeDefault' },
      };
    case 'netadmin':
      return { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } };
    case 'sysadmin':
      return { privileged: true };
    default:
      // legacy and baseline leave the container's security context unset.
      return undefined;
  }
}

/** NODE_HOST_NAMESPACES are the profiles whose node debugging pod uses the host's namespaces. */
const NODE_HOST_NAMESPACES = new Set(['legacy', 'general', 'netadmin', 'sysadmin']);
/** NODE_ROOT_MOUNT are the profiles that mount the node's `/` at `/host`. */
const NODE_ROOT_MOUNT = new Set(['legacy', 'general', 'sysadmin']);

/**
 * nodeDebugPod is generateNodeDebugPod plus the profile: a pod pinned to the node, tolerating every taint,
 * never restarted; `general` and `baseline` clear the container's security context.
 */
export function nodeDebugPod(
  podName: string,
  nodeName: string,
  container: Record<string, unknown>,
  profile: string,
): KubeObject {
  const c = { ...container };
  if (profile === 'general' || profile === 'baseline') delete c.securityContext;
  if (NODE_ROOT_MOUNT.has(profile)) c.volumeMounts = [{ name: 'host-root', mountPath: '/host' }];
  const spec: Record<string, unknown> = {
    ...(NODE_ROOT_MOUNT.has(profile) ? { volumes: [{ name: 'host-root', hostPath: { path: '/' } }] } : {}),
    containers: [c],
    restartPolicy: 'Never',
    nodeName,
    ...(NODE_HOST_NAMESPACES.has(profile) ? { hostNetwork: true, hostPID: true, hostIPC: true } : {}),
    tolerations: [{ operator: 'Exists' }],
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: podName }, spec } as KubeObject;
}

/** parseEnv is pflag's StringToString: `K=V` pairs, comma-separated or repeated. */
function parseEnv(values: string[]): { name: string; value: string }[] {
  const env = new Map<string, string>();
  for (const value of values) {
    for (const pair of value.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0)
        throw new Error(
          `invalid argument "${value}" for "--env" flag: ${pair} must be formatted as key=value`,
        );
      env.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  return [...env].map(([name, value]) => ({ name, value }));
}

/**
 * ephemeralContainer builds the container kubectl sends, its keys in the Go struct order of
 * EphemeralContainer (name, image, command/args, env, resources, terminationMessagePolicy, pull policy,
 * securityContext, stdin, tty, targetContainerName).
 */
export function ephemeralContainer(options: {
  name: string;
  image: string;
  command: string[];
  argsOnly: boolean;
  env: { name: string; value: string }[];
  pullPolicy: string;
  profile: string;
  stdin: boolean;
  tty: boolean;
  target: string;
}): Record<string, unknown> {
  const c: Record<string, unknown> = { name: options.name, image: options.image };
  if (options.command.length > 0) c[options.argsOnly ? 'args' : 'command'] = options.command;
  if (options.env.length > 0) c.env = options.env;
  c.resources = {};
  c.terminationMessagePolicy = 'File';
  if (options.pullPolicy) c.imagePullPolicy = options.pullPolicy;
  const securityContext = profileSecurityContext(options.profile);
  if (securityContext) c.securityContext = securityContext;
  if (options.stdin) c.stdin = true;
  if (options.tty) c.tty = true;
  if (options.target) c.targetContainerName = options.target;
  return c;
}

function validate(ctx: CommandContext, flags: Flags, quiet: boolean): void {
  const image = flags.str('image');
  const attach = flags.changed('attach') ? flags.bool('attach') : flags.bool('stdin');
  if (attach && flags.changed('attach') && !image && !flags.str('container')) {
    throw new Error(
      'you must specify --container or create a new container using --image in order to attach.',
    );
  }
  if (flags.str('copy-to')) {
    throw new Error('debugging a copy of the pod (--copy-to) is not supported by this kubectl');
  }
  if (flags.bool('replace')) throw new Error('--replace may only be used with --copy-to.');
  if (flags.bool('same-node')) throw new Error('--same-node may only be used with --copy-to.');
  if (flags.list('set-image').length > 0) throw new Error('--set-image may only be used with --copy-to.');
  if (!image) throw new Error('you must specify --image when not using --copy-to.');
  if (!IMAGE_REFERENCE.test(image)) {
    throw new Error(`invalid image name "${image}": invalid reference format`);
  }
  if (flags.args.length === 0) throw new Error('NAME or filename is required for debug');
  const pullPolicy = flags.str('image-pull-policy');
  if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    throw new Error(`invalid image pull policy: ${pullPolicy}`);
  }
  const target = flags.str('target');
  if (target && !quiet) {
    ctx.out(
      `Targeting container "${target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`,
    );
  }
  if (flags.bool('tty') && !flags.bool('stdin'))
    throw new Error('-i/--stdin is required for containers with -t/--tty=true');
  if (flags.str('custom')) throw new Error('custom profiles (--custom) are not supported by this kubectl');
  if (flags.str('profile') === 'legacy') {
    ctx.err(
      '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n',
    );
  }
}

/** debugName is -c, or `debugger-xxxxx` unused by any container of the pod (announced unless quiet). */
function debugName(ctx: CommandContext, pod: DebugPod, wanted: string, quiet: boolean): string {
  if (wanted) return wanted;
  const used = new Set(
    [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.ephemeralContainers ?? []),
    ].map((c) => c.name),
  );
  let name = '';
  while (!name || used.has(name)) name = `debugger-${randomString(5)}`;
  if (!quiet) ctx.out(`Defaulting debug container name to ${name}.\n`);
  return name;
}

/** waitForContainer polls the pod until the ephemeral container runs or ended (kubectl watches it). */
async function waitForContainer(
  ctx: CommandContext,
  namespace: string,
  name: string,
  container: string,
): Promise<DebugPod> {
  for (;;) {
    const pod = await ctx.client.get<DebugPod>(PODS, namespace, name);
    const status = statusOf(pod, container);
    if (status?.state?.running || status?.state?.terminated) return pod;
    if (ctx.io.signal?.aborted) throw new ExitError(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function attach(
  ctx: CommandContext,
  pod: DebugPod,
  container: string,
  stdin: boolean,
  tty: boolean,
  quiet: boolean,
): Promise<number> {
  const namespace = pod.metadata.namespace ?? ctx.namespace;
  const name = pod.metadata.name ?? '';
  const ready = await waitForContainer(ctx, namespace, name, container);
  const status = statusOf(ready, container);
  if (status?.state?.terminated) {
    // The container already ended: show what it printed, as kubectl falls back to its logs.
    ctx.out(
      await ctx.client.requestText('GET', ctx.client.path(PODS, namespace, name, 'log'), { container }),
    );
    return 0;
  }
  let useTty = tty;
  let raw = false;
  if (useTty) {
    if (ctx.io.tty) raw = true;
    else {
      if (!quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      useTty = false;
    }
  }
  return attachSession(ctx, ready, container, { stdin, tty: useTty, raw, quiet });
}

export const debugCommand: Command = {
  name: 'debug',
  short: 'Create debugging sessions for troubleshooting workloads and nodes',
  help: DEBUG_HELP,
  flags: [
    { name: 'arguments-only', type: 'bool' },
    { name: 'attach', type: 'bool' },
    { name: 'container', short: 'c', type: 'string' },
    { name: 'copy-to', type: 'string' },
    { name: 'custom', type: 'string' },
    { name: 'env', type: 'stringArray' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'image', type: 'string' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'keep-annotations', type: 'bool' },
    { name: 'keep-init-containers', type: 'bool', default: true },
    { name: 'keep-labels', type: 'bool' },
    { name: 'keep-liveness', type: 'bool' },
    { name: 'keep-readiness', type: 'bool' },
    { name: 'keep-startup', type: 'bool' },
    { name: 'profile', type: 'string', default: 'legacy' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'replace', type: 'bool' },
    { name: 'same-node', type: 'bool' },
    { name: 'set-image', type: 'stringArray' },
    { name: 'share-processes', type: 'bool', default: true },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'target', type: 'string' },
    { name: 'tty', short: 't', type: 'bool' },
  ],
  async run(ctx, flags) {
    const quiet = flags.bool('quiet');
    const env = parseEnv(flags.list('env'));
    const profile = flags.str('profile');
    if (!PROFILES.includes(profile)) throw new Error(`unknown profile: ${profile}`);
    validate(ctx, flags, quiet);
    const stdin = flags.bool('stdin');
    const attachAfter = flags.changed('attach') ? flags.bool('attach') : stdin;
    for (const arg of flags.args) {
      const slash = arg.indexOf('/');
      const kind = slash < 0 ? 'pods' : arg.slice(0, slash).toLowerCase();
      const name = slash < 0 ? arg : arg.slice(slash + 1);
      const options = {
        image: flags.str('image'),
        command: flags.parsed.dashArgs,
        argsOnly: flags.bool('arguments-only'),
        env,
        pullPolicy: flags.str('image-pull-policy'),
        profile,
        stdin,
        tty: flags.bool('tty'),
      };
      if (['node', 'nodes', 'no'].includes(kind)) {
        const node = await ctx.client.get(NODES, undefined, name);
        const containerName = flags.str('container') || 'debugger';
        const podName = `node-debugger-${node.metadata.name}-${randomString(5)}`;
        if (!quiet) {
          ctx.out(
            `Creating debugging pod ${podName} with container ${containerName} on node ${node.metadata.name}.\n`,
          );
        }
        const container = ephemeralContainer({ ...options, name: containerName, target: '' });
        const body = nodeDebugPod(podName, node.metadata.name ?? name, container, profile);
        const created = await ctx.client.create<DebugPod>(PODS, ctx.namespace, body);
        if (attachAfter) {
          const code = await attach(ctx, created, containerName, stdin, flags.bool('tty'), quiet);
          if (code !== 0) return code;
        }
        continue;
      }
      if (!['pod', 'pods', 'po'].includes(kind)) {
        const resource = await ctx.mapper.resourceFor(kind);
        throw new Error(
          `"${resource.group ? `${resource.group}/` : ''}${resource.version}, Kind=${resource.kind}" not supported by debug`,
        );
      }
      const pod = await ctx.client.get<DebugPod>(PODS, ctx.namespace, name);
      const container = ephemeralContainer({
        ...options,
        name: debugName(ctx, pod, flags.str('container'), quiet),
        target: flags.str('target'),
      });
      // CreateTwoWayMergePatch's shape: the order directive keeps the new container last.
      const order = [...(pod.spec?.ephemeralContainers ?? []), container].map((c) => ({ name: c.name }));
      const patch = {
        spec: { '$setElementOrder/ephemeralContainers': order, ephemeralContainers: [container] },
      };
      const patched = await ctx.client.patch<DebugPod>(
        PODS,
        pod.metadata.namespace,
        name,
        'strategic',
        patch,
        {
          subresource: 'ephemeralcontainers',
        },
      );
      if (attachAfter) {
        const code = await attach(ctx, patched, String(container.name), stdin, flags.bool('tty'), quiet);
        if (code !== 0) return code;
      }
    }
    return 0;
  },
};
