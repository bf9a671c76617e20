/**
 * App containers: the daemon request built from a CRI ContainerConfig (Kubernetes command/args semantics,
 * the pod's namespaces, bind mounts, cgroup limits and the fixed hardening of `security.ts`), and the
 * mapping of the daemon's state to CRI statuses and reasons.
 */
import type Docker from 'dockerode';
import { parseImageRef, repositoryOf } from '../image-ref';
import type { ContainerConfig, ContainerStatus } from '../runtime';
import { CONTAINER_ROLE, dockerName, LABELS, labelNumber } from './labels';
import { containerSecurityConfig, resourceHostConfig, type RuntimeLimits } from './security';
import type { BindMount } from './volumes';

/** ContainerCreateInput is what `containerCreateOptions` needs. */
export interface ContainerCreateInput {
  config: ContainerConfig;
  sandboxId: string;
  nodeName: string;
  podSandboxId: string;
  pod: { namespace: string; name: string; uid: string };
  localImage: string;
  mounts: BindMount[];
  limits: RuntimeLimits;
  random: string;
}

/** LOG_CONFIG bounds each container's log file (the kubelet's containerLogMaxSize default is 10Mi). */
const LOG_CONFIG = { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } };

/**
 * containerCreateOptions builds the daemon request. `command` replaces the image entrypoint and `args` its
 * cmd; setting an entrypoint makes the daemon drop the image's cmd, as Kubernetes does.
 */
export function containerCreateOptions(input: ContainerCreateInput): Docker.ContainerCreateOptions {
  const { config } = input;
  const resources = resourceHostConfig(config.resources, input.limits);
  return {
    name: dockerName(
      [input.sandboxId, input.pod.namespace, input.pod.name, config.name, config.attempt ?? 0],
      input.random,
    ),
    Image: input.localImage,
    ...(config.command && config.command.length > 0 ? { Entrypoint: config.command } : {}),
    ...(config.args && config.args.length > 0 ? { Cmd: config.args } : {}),
    Env: (config.env ?? []).map((e) => `${e.name}=${e.value}`),
    ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
    Tty: config.tty ?? false,
    OpenStdin: config.stdin ?? false,
    StdinOnce: config.stdinOnce ?? false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Labels: {
      ...(config.labels ?? {}),
      [LABELS.sandbox]: input.sandboxId,
      [LABELS.node]: input.nodeName,
      [LABELS.role]: CONTAINER_ROLE,
      [LABELS.podSandbox]: input.podSandboxId,
      [LABELS.podNamespace]: input.pod.namespace,
      [LABELS.podName]: input.pod.name,
      [LABELS.podUid]: input.pod.uid,
      [LABELS.container]: config.name,
      [LABELS.attempt]: String(config.attempt ?? 0),
      [LABELS.image]: config.image,
      [LABELS.memory]: String(resources.Memory),
    },
    HostConfig: {
      NetworkMode: `container:${input.podSandboxId}`,
      IpcMode: `container:${input.podSandboxId}`,
      // An ephemeral container started with `kubectl debug --target` sees the target's processes.
      ...(config.targetContainerId ? { PidMode: `container:${config.targetContainerId}` } : {}),
      Mounts: input.mounts,
      LogConfig: LOG_CONFIG,
      RestartPolicy: { Name: 'no' },
      ...resources,
      ...containerSecurityConfig(input.limits),
    },
  };
}

/** ZERO_TIME is how the daemon writes "never" in StartedAt/FinishedAt. */
function dockerTime(text: string | undefined): Date | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  return new Date(text);
}

/**
 * containerStatusFromInspect maps the daemon's state: running -> running; exited with the OOM flag (or,
 * with `oomSeen`, after an `oom` event of its cgroup and a non-zero exit) -> OOMKilled; a daemon error
 * (the process could not start) -> StartError, exit 128 and the daemon's message
 * (containerd's wording through CRI); exit 0 -> Completed; otherwise Error.
 */
export function containerStatusFromInspect(
  info: Docker.ContainerInspectInfo,
  oomSeen = false,
): ContainerStatus {
  const labels = info.Config.Labels ?? {};
  const image = labels[LABELS.image] ?? info.Config.Image;
  let repository = image;
  try {
    repository = repositoryOf(parseImageRef(image));
  } catch {
    // Why: a malformed reference never gets this far (pull rejects it); keep the raw text just in case.
  }
  const state = info.State;
  const base = {
    id: info.Id,
    podSandboxId: labels[LABELS.podSandbox] ?? '',
    name: labels[LABELS.container] ?? info.Name.replace(/^\//, ''),
    attempt: labelNumber(labels, LABELS.attempt),
    image,
    imageRef: `${repository}@${info.Image}`,
    createdAt: new Date(info.Created),
    startedAt: dockerTime(state.StartedAt),
  };
  if (state.Error) {
    return {
      ...base,
      state: 'exited',
      startedAt: undefined,
      finishedAt: dockerTime(state.FinishedAt) ?? new Date(info.Created),
      exitCode: 128,
      reason: 'StartError',
      message: state.Error,
    };
  }
  if (state.Running || state.Restarting || state.Paused) return { ...base, state: 'running' };
  if (state.Status === 'created') return { ...base, state: 'created' };
  const exitCode = state.ExitCode;
  return {
    ...base,
    state: 'exited',
    finishedAt: dockerTime(state.FinishedAt) ?? new Date(),
    exitCode,
    reason:
      state.OOMKilled || (oomSeen && exitCode !== 0) ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error',
  };
}

/**
 * stopWithGrace sends the image's stop signal (SIGTERM by default), waits up to `gracePeriodSeconds`
 * (fractional: the kubelet scales grace periods by its speed, which `stop?t=` cannot express), then kills.
 * Resolves once the container is no longer running.
 */
export async function stopWithGrace(
  container: Docker.Container,
  info: Docker.ContainerInspectInfo,
  gracePeriodSeconds: number,
): Promise<void> {
  const exited = container.wait({ condition: 'not-running' }).catch(() => undefined);
  if (gracePeriodSeconds > 0) {
    const signal = (info.Config as { StopSignal?: string }).StopSignal || 'SIGTERM';
    await container.kill({ signal }).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), gracePeriodSeconds * 1000))),
    ]);
    clearTimeout(timer);
    if (!timedOut) return;
  }
  await killAndWait(container);
  await exited;
}

/** killAndWait sends SIGKILL and waits until the container stopped; stopped or missing ones are fine. */
export async function killAndWait(container: Docker.Container): Promise<void> {
  try {
    await container.kill({ signal: 'SIGKILL' });
  } catch (err) {
    // Why: 409 = not running, 404 = already gone; both mean "stopped".
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 409 && code !== 404) throw err;
  }
  await container.wait({ condition: 'not-running' }).catch(() => undefined);
}
