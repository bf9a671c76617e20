/**
 * PodSyncer drives one pod towards its spec, one idempotent pass at a time (SyncPod / computePodActions
 * upstream): admission, volumes, sandbox, image pulls with back-off, init containers in order, regular
 * containers with their restart policy and CrashLoopBackOff, ephemeral containers (started once, even
 * before initialization completes, as upstream), then the pod status. Deletion stops the
 * containers within the grace period and removes the pod for good. Each pass returns the delay after which
 * it wants to run again (a back-off ending, a volume retry); container exits trigger passes through the
 * pod workers.
 */
import { podDnsConfig } from './dns-config';
import type { ApiClient } from '../client/client';
import { imagePullPolicyFor } from '../api/defaults';
import { formatDuration } from '../machinery/duration';
import { isNotFound, isStatusError } from '../machinery/errors';
import { Quantity } from '../machinery/quantity';
import { admit, rejectionStatusMessage, type PodAdmitHandler } from './admission';
import { Backoff } from './backoff';
import { resolveEnv } from './env';
import { ConfigError, type DownwardContext } from './field-ref';
import type { PodIpAllocator } from './ipam';
import type { ObjectSource } from './object-source';
import {
  containerStatus,
  ephemeralContainerStatus,
  initContainerStatus,
  podConditions,
  podPhase,
  terminatedState,
  type ContainerRecord,
  type ContainerView,
} from './pod-status';
import type { ProbeManager } from './prober/probe-manager';
import type { ContainerConfig, ContainerRuntime, ContainerStatus, WholePodConfig } from './runtime/runtime';
import { buildWholePod, mirrorInstances } from './whole-pod';
import { PODS, type StatusManager } from './status-manager';
import type { KubeletTiming } from './timing';
import {
  isSidecar,
  podRef,
  type Container,
  type EphemeralContainer,
  type Pod,
  type PodStatus,
} from './types';
import { verifyRunAsNonRoot } from './run-as-non-root';
import { containerMounts, resolveVolumes, VolumeError, type ResolvedVolume } from './volumes/volume-builder';
import { computeQosClass } from '../api/defaults';
import { rfc3339 } from '../client/event-recorder';

/** PodState is what the kubelet keeps about one pod it runs. */
export interface PodState {
  uid: string;
  namespace: string;
  name: string;
  sandboxId?: string;
  podIp?: string;
  startTime?: Date;
  volumes?: Map<string, ResolvedVolume>;
  containers: Map<string, ContainerRecord>;
  rejected?: { reason: string; message: string };
  terminating?: boolean;
}

/** SyncDeps are the collaborators of the PodSyncer. */
export interface SyncDeps {
  client: ApiClient;
  runtime: ContainerRuntime;
  objects: ObjectSource;
  status: StatusManager;
  probes: ProbeManager;
  timing: KubeletTiming;
  ipam: PodIpAllocator;
  now: () => Date;
  nodeName: string;
  nodeIp: string;
  /** clusterDns is the kubelet's --cluster-dns (resolv.conf of ClusterFirst pods); absent: runtime default. */
  clusterDns?: string;
  allocatable: Record<string, string>;
  /** graceScale multiplies termination grace periods (the kubelet's speed). */
  graceScale: number;
  event: (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;
}

type EventFn = SyncDeps['event'];

export class PodSyncer {
  readonly states = new Map<string, PodState>();
  private readonly crashBackoff: Backoff;
  private readonly imageBackoff: Backoff;

  constructor(private readonly deps: SyncDeps) {
    const nowMs = () => deps.now().getTime();
    this.crashBackoff = new Backoff(deps.timing.crashBackoffInitialMs, deps.timing.crashBackoffMaxMs, nowMs);
    this.imageBackoff = new Backoff(deps.timing.imageBackoffInitialMs, deps.timing.imageBackoffMaxMs, nowMs);
  }

  /** stateOf returns (creating) the state of a pod. */
  private stateOf(pod: Pod): PodState {
    const uid = pod.metadata.uid ?? '';
    let state = this.states.get(uid);
    if (!state) {
      state = {
        uid,
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name ?? '',
        containers: new Map(),
      };
      this.states.set(uid, state);
    }
    return state;
  }

  /** findBySandbox maps a runtime sandbox id back to a pod uid. */
  findBySandbox(sandboxId: string): string | undefined {
    for (const state of this.states.values()) if (state.sandboxId === sandboxId) return state.uid;
    return undefined;
  }

  /**
   * sync runs one pass for a pod. `others` are the other active pods of the node (admission).
   * Returns a delay in ms when the pod needs another pass without an external trigger.
   */
  async sync(pod: Pod, others: Pod[]): Promise<number | undefined> {
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(pod);
      return undefined;
    }
    const phase = pod.status?.phase;
    const state = this.stateOf(pod);
    if (!state.sandboxId && (phase === 'Succeeded' || phase === 'Failed')) return undefined;
    if (state.rejected) return undefined;
    if (!state.startTime) {
      const runtime = this.deps.runtime;
      const handlers: PodAdmitHandler[] = runtime.admitPod ? [(p) => runtime.admitPod?.(p)] : [];
      const rejection = admit(pod, others, this.deps.allocatable, handlers);
      if (rejection) {
        state.rejected = rejection;
        this.deps.event(pod, 'Warning', rejection.reason, rejection.message);
        await this.deps.status.set(pod, {
          phase: 'Failed',
          reason: rejection.reason,
          message: rejectionStatusMessage(rejection),
          startTime: rfc3339(this.deps.now()),
          qosClass: pod.status?.qosClass ?? computeQosClass(pod.spec as never),
          conditions: pod.status?.conditions,
        });
        return undefined;
      }
      state.startTime = this.deps.now();
    }

    let retry: number | undefined;
    const want = (ms: number | undefined) => {
      if (ms !== undefined) retry = retry === undefined ? ms : Math.min(retry, ms);
    };
    const downward = this.downward(state);

    // Volumes: computed on every pass so ConfigMap/Secret changes reach mounted files.
    try {
      const volumes = await resolveVolumes(pod, this.deps.objects, downward);
      if (state.sandboxId && state.volumes) await this.refreshFiles(state, volumes);
      state.volumes = volumes;
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      // Why: once running, a vanished ConfigMap leaves the mounted files as they were (as upstream does).
      if (!state.volumes) {
        this.deps.event(pod, 'Warning', 'FailedMount', err.message);
        await this.publish(pod, state);
        return this.deps.timing.retryMs;
      }
    }

    if (!state.sandboxId) {
      state.podIp = pod.spec.hostNetwork ? this.deps.nodeIp : this.deps.ipam.allocate(state.uid);
      let whole: WholePodConfig | undefined;
      if (this.deps.runtime.wholePod) {
        const built = await this.wholePodConfig(pod, state);
        if (typeof built === 'number') {
          await this.publish(pod, state);
          return built;
        }
        whole = built;
      }
      try {
        state.sandboxId = await this.runSandbox(pod, state, whole);
      } catch (err) {
        // The runtime could not make the pod's sandbox (the kubernetes runtime's host refused its pod: quota,
        // admission): say why on the pod, as the real kubelet does, and try again later.
        this.deps.event(
          pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: ${err instanceof Error ? err.message : String(err)}`,
        );
        await this.publish(pod, state);
        return this.deps.timing.retryMs;
      }
      state.podIp = (await this.deps.runtime.podSandboxStatus(state.sandboxId)).ip;
    }
    const ctx = this.downward(state);
    const policy = pod.spec.restartPolicy ?? 'Always';

    if (this.deps.runtime.wholePod) {
      // The runtime runs, restarts and probes the pod's containers: mirror them. Ephemeral containers are
      // added to a running pod, so they still go through createContainer.
      await this.mirror(pod, state);
      for (const c of pod.spec.ephemeralContainers ?? []) {
        const record = this.record(state, c.name);
        want(await this.ensure(pod, state, c, record, await this.current(record), 'Never', ctx));
      }
      await this.publish(pod, state);
      return retry;
    }

    let initDone = true;
    for (const c of pod.spec.initContainers ?? []) {
      const record = this.record(state, c.name);
      const status = await this.current(record);
      if (isSidecar(c)) {
        want(await this.ensure(pod, state, c, record, status, 'Always', ctx));
        const now = await this.current(record);
        if (now?.state !== 'running' || !this.started(record)) {
          initDone = false;
          break;
        }
        continue;
      }
      if (status?.state === 'exited' && status.exitCode === 0) continue;
      initDone = false;
      if (status?.state === 'running' || status?.state === 'created') break;
      if (status?.state === 'exited' && policy === 'Never') break;
      want(await this.ensure(pod, state, c, record, status, policy === 'Never' ? 'Never' : 'OnFailure', ctx));
      break;
    }
    if (initDone) {
      for (const c of pod.spec.containers) {
        const record = this.record(state, c.name);
        want(await this.ensure(pod, state, c, record, await this.current(record), policy, ctx));
      }
    }
    for (const c of pod.spec.ephemeralContainers ?? []) {
      const record = this.record(state, c.name);
      want(await this.ensure(pod, state, c, record, await this.current(record), 'Never', ctx));
    }
    await this.publish(pod, state);
    return retry;
  }

  /** ensure makes one container run (or stay stopped) per restart policy; returns a retry delay. */
  private async ensure(
    pod: Pod,
    state: PodState,
    c: Container,
    record: ContainerRecord,
    status: ContainerStatus | undefined,
    policy: 'Always' | 'OnFailure' | 'Never',
    ctx: DownwardContext,
  ): Promise<number | undefined> {
    if (status?.state === 'running' || status?.state === 'created') {
      record.waiting = undefined;
      if (status.state === 'running') this.watchProbes(pod, state, c, status.id);
      return undefined;
    }
    if (status?.state === 'exited') {
      this.deps.probes.remove(status.id);
      const restart = policy === 'Always' || (policy === 'OnFailure' && status.exitCode !== 0);
      if (!restart) {
        record.waiting = undefined;
        return undefined;
      }
      const key = `${state.uid}/${c.name}`;
      const finished = (status.finishedAt ?? this.deps.now()).getTime();
      if (this.crashBackoff.isInBackOffSince(key, finished)) {
        const delay = this.crashBackoff.get(key);
        const wasBackingOff = record.waiting?.reason === 'CrashLoopBackOff';
        record.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatDuration(delay * 1e6)} restarting failed container=${c.name} pod=${podRef(pod)}`,
        };
        if (!wasBackingOff) {
          this.deps.event(
            pod,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${podRef(pod)}`,
          );
        }
        return Math.max(1, this.crashBackoff.remainingSince(key, finished));
      }
      this.crashBackoff.next(key, finished);
    }
    return this.start(pod, state, c, record, ctx);
  }

  /** start pulls the image, resolves the config and creates + starts a new container instance. */
  private async start(
    pod: Pod,
    state: PodState,
    c: EphemeralContainer,
    record: ContainerRecord,
    ctx: DownwardContext,
  ): Promise<number | undefined> {
    const event: EventFn = this.deps.event;
    const pulled = await this.ensureImage(pod, state, c, record);
    if (pulled !== true) return pulled;
    let env: { name: string; value: string }[];
    try {
      env = await resolveEnv(pod, c, this.deps.objects, ctx);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      record.waiting = { reason: 'CreateContainerConfigError', message: err.message };
      event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      return this.deps.timing.retryMs;
    }
    // Then the user check, on the image's user as the runtime reports it (generateContainerConfig's order).
    const refused = verifyRunAsNonRoot(pod, c, await this.deps.runtime.imageStatus(c.image ?? ''));
    if (refused) {
      record.waiting = { reason: 'CreateContainerConfigError', message: refused };
      event(pod, 'Warning', 'Failed', `Error: ${refused}`);
      return this.deps.timing.retryMs;
    }
    const target = c.targetContainerName ? state.containers.get(c.targetContainerName)?.currentId : undefined;
    let id: string;
    try {
      id = await this.deps.runtime.createContainer(state.sandboxId!, {
        ...this.containerConfig(state, c, env, record.attempts),
        ...(target ? { targetContainerId: target } : {}),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      record.waiting = { reason: 'CreateContainerError', message };
      event(pod, 'Warning', 'Failed', `Error: ${message}`);
      return this.deps.timing.retryMs;
    }
    const previous = record.currentId ? await this.status(record.currentId) : undefined;
    if (previous?.state === 'exited') record.lastTerminated = terminatedState(previous);
    // Why: like the kubelet's container GC, keep only the latest dead instance (for logs --previous).
    if (record.previousId) await this.deps.runtime.removeContainer(record.previousId).catch(() => undefined);
    record.previousId = record.currentId;
    record.currentId = id;
    record.attempts++;
    record.waiting = undefined;
    event(pod, 'Normal', 'Created', `Created container: ${c.name}`);
    try {
      await this.deps.runtime.startContainer(id);
      event(pod, 'Normal', 'Started', `Started container ${c.name}`);
      this.watchProbes(pod, state, c, id);
    } catch (err) {
      event(pod, 'Warning', 'Failed', `Error: ${err instanceof Error ? err.message : String(err)}`);
    }
    return undefined;
  }

  /** ensureImage applies the pull policy; returns true when the image is there, else a retry delay. */
  private async ensureImage(
    pod: Pod,
    state: PodState,
    c: Container,
    record: ContainerRecord,
  ): Promise<true | number | undefined> {
    const image = c.image ?? '';
    const event = this.deps.event;
    const policy = c.imagePullPolicy ?? imagePullPolicyFor(image);
    const present = await this.deps.runtime.imageStatus(image);
    if (policy === 'Never') {
      if (present) return true;
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record.waiting = { reason: 'ErrImageNeverPull', message };
      event(pod, 'Warning', 'ErrImageNeverPull', message);
      event(pod, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
      return this.deps.timing.retryMs;
    }
    if (policy === 'IfNotPresent' && present) {
      event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return true;
    }
    const key = `${state.uid}_${image}`;
    const nowMs = this.deps.now().getTime();
    if (this.imageBackoff.isInBackOffSince(key, nowMs - 0) && record.lastPullError !== undefined) {
      record.waiting = {
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${image}": ErrImagePull: ${record.lastPullError}`,
      };
      event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      return Math.max(1, this.imageBackoff.remainingSince(key, this.lastPullAt.get(key) ?? nowMs));
    }
    event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const started = performance.now();
    try {
      const info = await this.deps.runtime.pullImage(image);
      const took = formatDuration(BigInt(Math.floor(performance.now() - started)) * 1_000_000n);
      event(
        pod,
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${info.sizeBytes} bytes.`,
      );
      this.imageBackoff.reset(key);
      record.lastPullError = undefined;
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
      const at = this.deps.now().getTime();
      this.imageBackoff.next(key, at);
      this.lastPullAt.set(key, at);
      record.lastPullError = message;
      record.waiting = { reason: 'ErrImagePull', message };
      event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
      return Math.max(1, this.imageBackoff.remainingSince(key, at));
    }
  }

  private readonly lastPullAt = new Map<string, number>();

  private watchProbes(pod: Pod, state: PodState, c: Container, containerId: string): void {
    this.deps.probes.ensure(pod, c, {
      containerId,
      sandboxId: state.sandboxId!,
      podIp: state.podIp ?? '',
      ports: c.ports ?? [],
    });
  }

  private started(record: ContainerRecord): boolean {
    return record.currentId ? this.deps.probes.isStarted(record.currentId) : false;
  }

  /** containerConfig is the CRI config of one container instance (env already resolved). */
  private containerConfig(
    state: PodState,
    c: Container,
    env: { name: string; value: string }[],
    attempt: number,
  ): ContainerConfig {
    return {
      name: c.name,
      attempt,
      image: c.image ?? '',
      command: c.command,
      args: c.args,
      env,
      workingDir: c.workingDir,
      mounts: containerMounts(c, state.volumes ?? new Map()),
      resources: resources(c),
      tty: c.tty,
      stdin: c.stdin,
      stdinOnce: c.stdinOnce,
      labels: { 'io.kubernetes.container.name': c.name, 'io.kubernetes.pod.uid': state.uid },
    };
  }

  /**
   * wholePodConfig builds every container of the pod for a `wholePod` runtime, before its sandbox exists
   * (`whole-pod.ts`); a number is the retry delay when an env reference cannot be resolved yet.
   */
  private async wholePodConfig(pod: Pod, state: PodState): Promise<WholePodConfig | number> {
    const built = await buildWholePod(pod, {
      objects: this.deps.objects,
      downward: this.downward(state),
      record: (name) => this.record(state, name),
      containerConfig: (c, env) => this.containerConfig(state, c, env, 0),
      event: (type, reason, message) => this.deps.event(pod, type, reason, message),
    });
    return built ?? this.deps.timing.retryMs;
  }

  /** mirror copies a `wholePod` runtime's container instances into the kubelet's records (`whole-pod.ts`). */
  private async mirror(pod: Pod, state: PodState): Promise<void> {
    const instances = await this.deps.runtime.listContainers({ podSandboxId: state.sandboxId });
    mirrorInstances(
      pod,
      instances,
      (name) => this.record(state, name),
      (type, reason, message) => this.deps.event(pod, type, reason, message),
    );
  }

  /** runSandbox asks the runtime for the pod's sandbox (its network identity: IP, hostname, DNS). */
  private runSandbox(pod: Pod, state: PodState, whole?: WholePodConfig): Promise<string> {
    return this.deps.runtime.runPodSandbox({
      ...(whole ? { pod: whole } : {}),
      name: state.name,
      namespace: state.namespace,
      uid: state.uid,
      hostname: pod.spec.hostname ?? state.name,
      subdomain: pod.spec.subdomain,
      hostAliases: pod.spec.hostAliases,
      labels: pod.metadata.labels,
      annotations: pod.metadata.annotations,
      podIp: pod.spec.hostNetwork ? undefined : state.podIp,
      hostNetwork: pod.spec.hostNetwork,
      dnsConfig: this.deps.clusterDns
        ? podDnsConfig(state.namespace, pod.spec, this.deps.clusterDns)
        : undefined,
    });
  }

  private record(state: PodState, name: string): ContainerRecord {
    let record = state.containers.get(name);
    if (!record) {
      record = { name, attempts: 0 };
      state.containers.set(name, record);
    }
    return record;
  }

  private async status(id: string): Promise<ContainerStatus | undefined> {
    try {
      return await this.deps.runtime.containerStatus(id);
    } catch {
      return undefined;
    }
  }

  private current(record: ContainerRecord): Promise<ContainerStatus | undefined> {
    return record.currentId ? this.status(record.currentId) : Promise.resolve(undefined);
  }

  private downward(state: PodState): DownwardContext {
    return { podIp: state.podIp, hostIp: this.deps.nodeIp, nodeAllocatable: this.deps.allocatable };
  }

  private async refreshFiles(state: PodState, next: Map<string, ResolvedVolume>): Promise<void> {
    for (const [name, volume] of next) {
      const old = state.volumes?.get(name);
      if (volume.kind !== 'files' || old?.kind !== 'files') continue;
      if (JSON.stringify(old.files) === JSON.stringify(volume.files)) continue;
      await this.deps.runtime.updateFiles(state.sandboxId!, name, volume.files);
    }
  }

  /** computeStatus builds the pod status from the current records, runtime state and probe results. */
  async computeStatus(pod: Pod, state: PodState, terminal = false): Promise<PodStatus> {
    const views = async (specs: Container[]): Promise<ContainerView[]> =>
      Promise.all(
        specs.map(async (spec) => {
          const record = state.containers.get(spec.name);
          const runtime = record ? await this.current(record) : undefined;
          const id = runtime?.id ?? '';
          return {
            spec,
            record,
            runtime,
            // A wholePod runtime probes its containers itself and reports the results.
            ready: runtime?.ready ?? this.deps.probes.isReady(id),
            started: runtime?.started ?? this.deps.probes.isStarted(id),
          };
        }),
      );
    const initSpecs = pod.spec.initContainers ?? [];
    const defaultReason = initSpecs.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    const init = (await views(initSpecs)).map((v) => initContainerStatus(v, defaultReason));
    const main = (await views(pod.spec.containers)).map((v) => containerStatus(v, defaultReason));
    const ephemeralSpecs = pod.spec.ephemeralContainers ?? [];
    const ephemeral = (await views(ephemeralSpecs)).map((v) =>
      ephemeralContainerStatus(v, 'ContainerCreating'),
    );
    const phase = podPhase(pod, init, main, terminal);
    const now = this.deps.now();
    const sandboxReady = !!state.sandboxId && !terminal;
    const status: PodStatus = {
      phase,
      conditions: podConditions(pod, phase, sandboxReady, init, main, pod.status?.conditions, now),
      hostIP: this.deps.nodeIp,
      hostIPs: [{ ip: this.deps.nodeIp }],
      ...(state.podIp ? { podIP: state.podIp, podIPs: [{ ip: state.podIp }] } : {}),
      startTime: rfc3339(state.startTime ?? now),
      ...(initSpecs.length > 0 ? { initContainerStatuses: init } : {}),
      containerStatuses: main,
      ...(ephemeralSpecs.length > 0 ? { ephemeralContainerStatuses: ephemeral } : {}),
      qosClass: pod.status?.qosClass ?? computeQosClass(pod.spec as never),
    };
    return status;
  }

  private async publish(pod: Pod, state: PodState, terminal = false): Promise<void> {
    await this.deps.status.set(pod, await this.computeStatus(pod, state, terminal));
  }

  /** killForProbe restarts a container whose liveness or startup probe failed. */
  async killForProbe(pod: Pod, containerName: string, containerId: string, probe: string): Promise<void> {
    const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
      (c) => c.name === containerName,
    );
    const grace =
      spec?.livenessProbe?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    this.deps.event(
      pod,
      'Normal',
      'Killing',
      `Container ${containerName} failed ${probe.toLowerCase()} probe, will be restarted`,
    );
    await this.deps.runtime.stopContainer(containerId, grace * this.deps.graceScale);
  }

  /**
   * terminate stops a pod being deleted: `Killing` events, containers stopped within the grace period,
   * final status, sandbox removed, then the pod deleted for good (grace 0, uid precondition).
   */
  async terminate(pod: Pod): Promise<void> {
    const state = this.states.get(pod.metadata.uid ?? '');
    if (state && !state.terminating) {
      state.terminating = true;
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      this.deps.probes.removePod(state.uid);
      const stops: Promise<void>[] = [];
      const all = [
        ...pod.spec.containers,
        ...(pod.spec.initContainers ?? []),
        ...(pod.spec.ephemeralContainers ?? []),
      ];
      for (const c of all) {
        const record = state.containers.get(c.name);
        const status = record ? await this.current(record) : undefined;
        if (status?.state !== 'running') continue;
        this.deps.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
        stops.push(this.deps.runtime.stopContainer(status.id, grace * this.deps.graceScale));
      }
      await Promise.all(stops);
      for (const record of state.containers.values()) record.waiting = undefined;
      if (state.sandboxId) await this.deps.runtime.stopPodSandbox(state.sandboxId);
      try {
        await this.publish(pod, state, true);
      } catch {
        // The pod may already be gone; the delete below settles it either way.
      }
      await this.cleanup(state.uid);
    } else if (state?.terminating) {
      return;
    }
    try {
      await this.deps.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !(isStatusError(err) && err.code === 409)) throw err;
    }
  }

  /** cleanup removes a pod's sandbox, probes, IP and memory (pod deleted from the API or terminated). */
  async cleanup(uid: string): Promise<void> {
    const state = this.states.get(uid);
    this.deps.probes.removePod(uid);
    if (state?.sandboxId) await this.deps.runtime.removePodSandbox(state.sandboxId).catch(() => undefined);
    this.deps.ipam.release(uid);
    this.crashBackoff.deletePrefix(`${uid}/`);
    this.imageBackoff.deletePrefix(`${uid}_`);
    this.deps.status.forget(uid);
    this.states.delete(uid);
  }
}

/** resources converts a container's requests/limits to the runtime's units. */
function resources(c: Container) {
  const toMilli = (v: string | number | undefined) =>
    v === undefined ? undefined : Quantity.parse(v).toMillis();
  const toBytes = (v: string | number | undefined) =>
    v === undefined ? undefined : Quantity.parse(v).toNumber();
  return {
    cpuRequestMilli: toMilli(c.resources?.requests?.cpu),
    cpuLimitMilli: toMilli(c.resources?.limits?.cpu),
    memoryRequestBytes: toBytes(c.resources?.requests?.memory),
    memoryLimitBytes: toBytes(c.resources?.limits?.memory),
  };
}
