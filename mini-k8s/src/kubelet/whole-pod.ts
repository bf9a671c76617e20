/**
 * The kubelet's side of a `wholePod` runtime (the kubernetes runtime: one host Pod per pod), which runs,
 * restarts and probes a pod's containers itself: the pod's container configs are built before its sandbox
 * exists (`buildWholePod`), then what the runtime reports is mirrored into the kubelet's records
 * (`mirrorInstances`), with the events the kubelet would have recorded for those transitions.
 */
import { imagePullPolicyFor } from '../api/defaults';
import { resolveEnv } from './env';
import { ConfigError, type DownwardContext } from './field-ref';
import type { ObjectSource } from './object-source';
import { terminatedState, type ContainerRecord } from './pod-status';
import type { ContainerConfig, ContainerStatus, PodContainerConfig, WholePodConfig } from './runtime/runtime';
import { podRef, type Container, type Pod } from './types';

type EventFn = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** WholePodDeps are what buildWholePod needs from the pod syncer. */
export interface WholePodDeps {
  objects: ObjectSource;
  downward: DownwardContext;
  record: (name: string) => ContainerRecord;
  /** containerConfig is the CRI config of a container with its resolved env. */
  containerConfig: (c: Container, env: { name: string; value: string }[]) => ContainerConfig;
  event: EventFn;
}

/** The env fieldRefs whose value is the pod's IP: the runtime knows it only once the pod runs. */
const POD_IP_FIELDS = ['status.podIP', 'status.podIPs'];

/** userOf reads the user fields of a pod's or container's securityContext. */
function userOf(owner: unknown): { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean } {
  const sc = (owner as { securityContext?: unknown }).securityContext;
  return typeof sc === 'object' && sc !== null ? sc : {};
}

/**
 * buildWholePod builds every init container and container of the pod. An env reference that cannot be
 * resolved leaves that container in CreateContainerConfigError (with a `Failed` event when the message is
 * new) and returns undefined: the pod gets no sandbox until a later pass resolves it.
 */
export async function buildWholePod(pod: Pod, deps: WholePodDeps): Promise<WholePodConfig | undefined> {
  const build = async (c: Container): Promise<PodContainerConfig | undefined> => {
    const record = deps.record(c.name);
    let env: { name: string; value: string }[];
    try {
      env = await resolveEnv(pod, c, deps.objects, deps.downward);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      if (record.waiting?.message !== err.message) deps.event('Warning', 'Failed', `Error: ${err.message}`);
      record.waiting = { reason: 'CreateContainerConfigError', message: err.message };
      return undefined;
    }
    record.waiting = undefined;
    const own = userOf(c);
    const podLevel = userOf(pod.spec);
    const runAs = {
      runAsUser: own.runAsUser ?? podLevel.runAsUser,
      runAsGroup: own.runAsGroup ?? podLevel.runAsGroup,
      runAsNonRoot: own.runAsNonRoot ?? podLevel.runAsNonRoot,
    };
    const podIpEnv = (c.env ?? [])
      .filter((e) => POD_IP_FIELDS.includes(e.valueFrom?.fieldRef?.fieldPath ?? ''))
      .map((e) => e.name);
    const lifecycle = (c as { lifecycle?: unknown }).lifecycle;
    return {
      ...deps.containerConfig(c, env),
      ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
      imagePullPolicy: c.imagePullPolicy ?? imagePullPolicyFor(c.image ?? ''),
      ...(c.ports ? { ports: c.ports } : {}),
      ...(c.livenessProbe ? { livenessProbe: c.livenessProbe } : {}),
      ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
      ...(c.startupProbe ? { startupProbe: c.startupProbe } : {}),
      ...(lifecycle ? { lifecycle } : {}),
      ...(Object.values(runAs).some((v) => v !== undefined) ? { runAs } : {}),
      ...(podIpEnv.length > 0 ? { podIpEnv } : {}),
    };
  };
  const initContainers = await Promise.all((pod.spec.initContainers ?? []).map(build));
  const containers = await Promise.all(pod.spec.containers.map(build));
  const complete = (list: (PodContainerConfig | undefined)[]): list is PodContainerConfig[] =>
    list.every((c) => c !== undefined);
  if (!complete(initContainers) || !complete(containers)) return undefined;
  return {
    restartPolicy: pod.spec.restartPolicy ?? 'Always',
    initContainers,
    containers,
    ...(pod.spec.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds }
      : {}),
  };
}

/**
 * mirrorInstances copies what a `wholePod` runtime reports about the pod's init and regular containers
 * (`instances`: every known instance, `attempt` = restart count) into the kubelet's records: current and
 * previous instance, restart count, last termination, why it waits. It records the events of the
 * transitions: Created/Started for a new instance, BackOff, image pull and config failures.
 */
export function mirrorInstances(
  pod: Pod,
  instances: ContainerStatus[],
  record: (name: string) => ContainerRecord,
  event: EventFn,
): void {
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    const rec = record(c.name);
    const mine = instances.filter((i) => i.name === c.name).sort((a, b) => a.attempt - b.attempt);
    const current = mine.at(-1);
    if (!current) continue;
    const before = { id: rec.currentId, waiting: rec.waiting?.reason };
    rec.waiting = current.waiting ? { ...current.waiting } : undefined;
    if (current.state !== 'created') {
      const previous = mine.at(-2);
      rec.currentId = current.id;
      rec.previousId = previous?.id;
      rec.attempts = current.attempt + 1;
      rec.lastTerminated = previous?.state === 'exited' ? terminatedState(previous) : undefined;
      if (before.id !== current.id) {
        event('Normal', 'Created', `Created container: ${c.name}`);
        event('Normal', 'Started', `Started container ${c.name}`);
      }
    }
    const reason = rec.waiting?.reason;
    if (!reason || reason === before.waiting) continue;
    const message = rec.waiting?.message;
    const image = c.image ?? '';
    if (reason === 'CrashLoopBackOff') {
      event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(pod)}`);
    } else if (reason === 'ErrImagePull') {
      event('Warning', 'Failed', `Failed to pull image "${image}": ${message ?? reason}`);
      event('Warning', 'Failed', 'Error: ErrImagePull');
    } else if (reason === 'ImagePullBackOff') {
      event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
      event('Warning', 'Failed', 'Error: ImagePullBackOff');
    } else if (reason !== 'ContainerCreating' && reason !== 'PodInitializing') {
      event('Warning', 'Failed', `Error: ${message ?? reason}`);
    }
  }
}
