/**
 * Pure status computations of the kubelet (pkg/kubelet/kubelet_pods.go upstream): container statuses from
 * the runtime's view plus the kubelet's records, the pod phase (getPhase) and the pod conditions
 * (PodReadyToStartContainers, Initialized, Ready, ContainersReady) with lastTransitionTime kept while a
 * condition's status does not change.
 */
import { rfc3339 } from '../client/event-recorder';
import type { ContainerStatus } from './runtime/runtime';
import type { Container, ContainerStateApi, ContainerStatusApi, Pod, PodCondition, PodStatus } from './types';
import { isSidecar } from './types';

/** ContainerRecord is what the kubelet remembers about one container name of a pod. */
export interface ContainerRecord {
  name: string;
  /** currentId is the latest container instance. */
  currentId?: string;
  /** previousId is the instance before it (for `logs --previous`). */
  previousId?: string;
  /** attempts counts the instances created (restartCount = attempts - 1). */
  attempts: number;
  /** lastTerminated is the terminated state of the previous instance. */
  lastTerminated?: ContainerStateApi['terminated'];
  /** waiting overrides the state with an error or back-off reason (ErrImagePull, CrashLoopBackOff, ...). */
  waiting?: { reason: string; message?: string };
  /** lastPullError is the message of the last failed pull (used by ImagePullBackOff). */
  lastPullError?: string;
}

/** ContainerView is one container's spec, record, runtime status and probe results. */
export interface ContainerView {
  spec: Container;
  record?: ContainerRecord;
  runtime?: ContainerStatus;
  ready: boolean;
  started: boolean;
}

const CONTAINER_PREFIX = 'containerd://';

/** terminatedState converts a runtime status of an exited container to the API form. */
export function terminatedState(status: ContainerStatus): NonNullable<ContainerStateApi['terminated']> {
  return {
    exitCode: status.exitCode ?? 0,
    reason: status.reason,
    ...(status.message ? { message: status.message } : {}),
    startedAt: status.startedAt && status.startedAt.getTime() > 0 ? rfc3339(status.startedAt) : null,
    finishedAt: status.finishedAt ? rfc3339(status.finishedAt) : null,
    containerID: CONTAINER_PREFIX + status.id,
  };
}

/** containerStatus builds one API container status; `defaultReason` is ContainerCreating or PodInitializing. */
export function containerStatus(view: ContainerView, defaultReason: string): ContainerStatusApi {
  const { spec, record, runtime } = view;
  const restartCount = Math.max(0, (record?.attempts ?? 0) - 1);
  const base = {
    name: spec.name,
    image: spec.image ?? '',
    imageID: runtime?.imageRef ?? '',
    ...(runtime ? { containerID: CONTAINER_PREFIX + runtime.id } : {}),
    restartCount,
  };
  let state: ContainerStateApi;
  let lastState: ContainerStateApi = record?.lastTerminated ? { terminated: record.lastTerminated } : {};
  if (record?.waiting) {
    state = { waiting: { ...record.waiting } };
    if (runtime?.state === 'exited') lastState = { terminated: terminatedState(runtime) };
  } else if (runtime?.state === 'running') {
    state = { running: { startedAt: rfc3339(runtime.startedAt ?? runtime.createdAt) } };
  } else if (runtime?.state === 'exited') {
    state = { terminated: terminatedState(runtime) };
  } else {
    state = { waiting: { reason: defaultReason } };
  }
  const running = state.running !== undefined;
  return {
    name: base.name,
    state,
    lastState,
    ready: running && view.ready && view.started,
    restartCount,
    image: base.image,
    imageID: base.imageID,
    ...(base.containerID ? { containerID: base.containerID } : {}),
    started: running && view.started,
  };
}

/** initContainerStatus is containerStatus for init containers: a completed one is `ready`. */
export function initContainerStatus(view: ContainerView, defaultReason: string): ContainerStatusApi {
  const status = containerStatus(view, defaultReason);
  if (!isSidecar(view.spec)) {
    status.ready = status.state.terminated?.exitCode === 0;
  }
  return status;
}

/**
 * ephemeralContainerStatus is containerStatus for ephemeral containers: never ready, and without the
 * `started` flag the probe manager sets only for regular and init containers.
 */
export function ephemeralContainerStatus(view: ContainerView, defaultReason: string): ContainerStatusApi {
  const status = containerStatus(view, defaultReason);
  status.ready = false;
  delete status.started;
  return status;
}

/** initialized tells whether every init container completed (sidecars: started). */
export function initialized(statuses: ContainerStatusApi[], specs: Container[]): boolean {
  return specs.every((spec, i) => {
    const s = statuses[i];
    if (!s) return false;
    return isSidecar(spec) ? s.started === true : s.state.terminated?.exitCode === 0;
  });
}

/**
 * podPhase is upstream getPhase: Pending until initialized and every container ran once; Running while a
 * container runs or will be restarted; Succeeded/Failed once all stopped for good. `terminal` is set for a
 * pod being torn down (deletion): Always-restart pods then end Failed or Succeeded.
 */
export function podPhase(
  pod: Pod,
  init: ContainerStatusApi[],
  main: ContainerStatusApi[],
  terminal = false,
): NonNullable<PodStatus['phase']> {
  const policy = pod.spec.restartPolicy ?? 'Always';
  const initSpecs = pod.spec.initContainers ?? [];
  let pendingInit = false;
  for (const [i, spec] of initSpecs.entries()) {
    const s = init[i];
    if (!s) continue;
    if (isSidecar(spec)) continue;
    const t = s.state.terminated;
    if (t && t.exitCode === 0) continue;
    if (t && t.exitCode !== 0 && policy === 'Never') return 'Failed';
    if (
      s.state.waiting &&
      s.lastState.terminated &&
      s.lastState.terminated.exitCode !== 0 &&
      policy === 'Never'
    )
      return 'Failed';
    pendingInit = true;
  }
  if (pendingInit && !terminal) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of main) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        stopped++;
        if (s.lastState.terminated.exitCode === 0) succeeded++;
      } else waiting++;
    }
  }
  if (terminal && running === 0) {
    return stopped === succeeded && stopped > 0 ? 'Succeeded' : 'Failed';
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'OnFailure') return 'Running';
    return 'Failed';
  }
  return 'Pending';
}

function condition(
  type: string,
  ok: boolean,
  previous: PodCondition[] | undefined,
  now: Date,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = previous?.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** KUBELET_CONDITIONS are the condition types the kubelet owns; others (PodScheduled, ...) are kept. */
export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** podConditions computes the kubelet-owned conditions and keeps the others from `previous`. */
export function podConditions(
  pod: Pod,
  phase: NonNullable<PodStatus['phase']>,
  sandboxReady: boolean,
  init: ContainerStatusApi[],
  main: ContainerStatusApi[],
  previous: PodCondition[] | undefined,
  now: Date,
): PodCondition[] {
  const initSpecs = pod.spec.initContainers ?? [];
  const isInitialized = initialized(init, initSpecs);
  const succeeded = phase === 'Succeeded';
  const incompleteInit = initSpecs
    .filter((_, i) => !initialized([init[i]], [initSpecs[i]]))
    .map((c) => c.name);
  const unready = [
    ...initSpecs.filter((c, i) => isSidecar(c) && !init[i]?.ready).map((c) => c.name),
    ...main.filter((s) => !s.ready).map((s) => s.name),
  ];
  const containersReady = unready.length === 0;
  const notReadyMessage = `containers with unready status: [${unready.join(' ')}]`;
  const readyReason = succeeded ? 'PodCompleted' : containersReady ? undefined : 'ContainersNotReady';
  const readyMessage = succeeded || containersReady ? undefined : notReadyMessage;
  const own: PodCondition[] = [
    condition('PodReadyToStartContainers', sandboxReady, previous, now),
    condition(
      'Initialized',
      isInitialized || succeeded,
      previous,
      now,
      succeeded && initSpecs.length > 0
        ? 'PodCompleted'
        : isInitialized
          ? undefined
          : 'ContainersNotInitialized',
      isInitialized || succeeded
        ? undefined
        : `containers with incomplete status: [${incompleteInit.join(' ')}]`,
    ),
    condition('Ready', containersReady && !succeeded, previous, now, readyReason, readyMessage),
    condition('ContainersReady', containersReady && !succeeded, previous, now, readyReason, readyMessage),
  ];
  const others = (previous ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  // Upstream order: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
  return [...own, ...others];
}
