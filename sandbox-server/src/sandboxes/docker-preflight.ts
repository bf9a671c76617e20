/**
 * The Docker pod network chosen at start-up (`DOCKER_POD_NETWORK`). `direct` needs the daemon's bridges
 * visible from this process, CAP_NET_ADMIN and CAP_SYS_ADMIN, `ip` and `nsenter` (`preflightDirectNetwork`);
 * `auto` (the default) takes it when this process already holds all that, else `docker`. A daemon that does
 * not answer is not a reason to stop: sandboxes then start simulated with a French notice.
 */
import Docker from 'dockerode';
import {
  preflightDirectNetwork,
  type PodNetworkMode,
  type PodNetworkSetting,
} from '../../../mini-k8s/src/kubelet/runtime/docker/direct-network';

/** DirectProbe is what the start-up check found: no daemon, or a daemon and why `direct` is impossible. */
export type DirectProbe = { daemon: false } | { daemon: true; problem?: string };

/** probeDirectPodNetwork checks whether this process can plug pods into the daemon's bridges. */
export async function probeDirectPodNetwork(docker: Docker = new Docker()): Promise<DirectProbe> {
  try {
    await docker.ping();
  } catch {
    return { daemon: false };
  }
  try {
    await preflightDirectNetwork(docker);
    return { daemon: true };
  } catch (err) {
    return { daemon: true, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** directPodNetworkProblem returns why `DOCKER_POD_NETWORK=direct` is impossible here, or undefined. */
export async function directPodNetworkProblem(docker: Docker = new Docker()): Promise<string | undefined> {
  const probe = await probeDirectPodNetwork(docker);
  return probe.daemon ? probe.problem : undefined;
}

/** DirectPodNetworkError: `DOCKER_POD_NETWORK=direct` was asked and this process cannot do it. */
export class DirectPodNetworkError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'DirectPodNetworkError';
  }
}

/** PodNetworkChoice is the mode every sandbox's Docker runtime uses, and why (logged once at start-up). */
export interface PodNetworkChoice {
  setting: PodNetworkSetting;
  mode: PodNetworkMode;
  reason: string;
}

/** ROOT_ON_HOST is why `auto` picks the direct mode. */
const ROOT_ON_HOST =
  "this process runs with root's privileges on the Docker host (CAP_NET_ADMIN and CAP_SYS_ADMIN, the daemon's bridge visible, ip and nsenter installed)";

/**
 * choosePodNetwork settles the setting: `docker` as asked; `direct` after the check (a DirectPodNetworkError
 * when impossible; without a daemon, each sandbox's runtime checks again); `auto` is `direct` when the check
 * passes, else `docker` with the check's reason.
 */
export async function choosePodNetwork(
  setting: PodNetworkSetting,
  probe: () => Promise<DirectProbe> = () => probeDirectPodNetwork(),
): Promise<PodNetworkChoice> {
  if (setting === 'docker') return { setting, mode: 'docker', reason: 'DOCKER_POD_NETWORK=docker' };
  const found = await probe();
  if (setting === 'direct') {
    if (found.daemon && found.problem !== undefined) throw new DirectPodNetworkError(found.problem);
    return {
      setting,
      mode: 'direct',
      reason: found.daemon
        ? `DOCKER_POD_NETWORK=direct: ${ROOT_ON_HOST}`
        : 'DOCKER_POD_NETWORK=direct; no Docker daemon answers yet (each sandbox checks again at its start)',
    };
  }
  if (!found.daemon) return { setting, mode: 'docker', reason: 'no Docker daemon answers' };
  if (found.problem !== undefined) {
    // Why: the check's message is written for an explicit `direct`; say what `auto` concluded instead.
    const why = found.problem
      .replace(/^DOCKER_POD_NETWORK=direct is not possible here: /, '')
      .replace(/; use DOCKER_POD_NETWORK=docker$/, '');
    return { setting, mode: 'docker', reason: `the direct pod network is not possible here: ${why}` };
  }
  return { setting, mode: 'direct', reason: ROOT_ON_HOST };
}
