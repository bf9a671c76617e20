/**
 * KubernetesRuntime runs a learner's pods as pods of a HOST Kubernetes cluster, through its API only (the
 * ApiClient for REST and watches, the API server's WebSocket endpoints for exec and attach). One runtime
 * serves one node of a learner's cluster; every node of a learner's sandbox shares one host namespace,
 * prepared by ensureSandboxNamespace (Pod Security labels, ResourceQuota, LimitRange, default-deny
 * NetworkPolicy plus same-namespace traffic).
 *
 * It is a `wholePod` runtime, mapping a learner pod as virtual-cluster syncers do:
 * - a pod sandbox is ONE host Pod holding every init container and container of the learner's pod
 *   (`PodSandboxConfig.pod`): one network namespace, and its IP is the learner pod's IP. The host's kubelet runs
 *   the init containers in order, restarts containers per the pod's restart policy and runs the probes; this
 *   runtime reports each host container instance (restartCount = CRI attempt) for the learner's kubelet to mirror;
 * - an ephemeral container (`createContainer`, `kubectl debug`) is added to that host Pod through the host's
 *   `ephemeralcontainers` subresource: it shares the pod's network, volumes and (with a target) processes;
 * - `emptyDir` volumes are host emptyDirs, `hostPath` ones PersistentVolumeClaims of the runtime (persistent
 *   volumes of the learner's cluster), `files` volumes Secrets (updated in place);
 * - images are pulled by the host's kubelet (a short-lived probe Pod for `pullImage`).
 * What differs from a node's own runtime is listed in README.md.
 */
import type { Duplex } from 'node:stream';
import { findKind } from '../../../api/resources';
import type { KubeObject } from '../../../api/object';
import type { ApiClient } from '../../../client/client';
import type { WatchEvent } from '../../../client/watch-stream';
import { isAlreadyExists, isNotFound } from '../../../machinery/errors';
import { formatImageRef, parseImageRef } from '../image-ref';
import type { AttachIO, ExecIO } from '../io';
import {
  type ContainerConfig,
  type ContainerEvent,
  type ContainerRuntime,
  type ContainerStats,
  type ContainerStatus,
  type ImageInfo,
  type LogOptions,
  type Mount,
  type PodEvent,
  type PodSandboxConfig,
  type PodSandboxStatus,
  ContainerStartError,
  PullImageError,
  RuntimeNotFoundError,
} from '../runtime';
import {
  type HostContainerStatus,
  type HostPod,
  type HostVolume,
  hostContainer,
  hostPathClaimName,
  type MountedVolume,
  readHostInstance,
  ROLE_LABEL,
  RUNTIME_LABEL,
  SANDBOX_LABEL,
  START_FAILURES,
  secretData,
  shortId,
  toContainerStatus,
  volumeObjectName,
  wholePod,
} from './host-pods';
import { hostPodDns } from './host-dns';
import type { SandboxNetwork } from './host-network';
import { HostEvents, type HostPodEvent } from './host-events';
import { HostPortForwarder } from './port-forward';
import { type HostStreams, remoteCommand, RemoteCommandError } from './remote-command';
import {
  ensureSandboxNamespace,
  HOST_NODE_ANNOTATION_PREFIX,
  type SandboxNamespacePolicy,
} from './sandbox-namespace';

const PODS = findKind('', 'v1', 'Pod')!;
const SECRETS = findKind('', 'v1', 'Secret')!;
const CLAIMS = findKind('', 'v1', 'PersistentVolumeClaim')!;
const NAMESPACES = findKind('', 'v1', 'Namespace')!;
/** The learner pod (`namespace/name`) and uid a host Pod runs. */
export const POD_ANNOTATION = 'atelier.dev/pod';
export const POD_UID_ANNOTATION = 'atelier.dev/pod-uid';

/** KubernetesRuntimeOptions configure the runtime of one learner node. */
export interface KubernetesRuntimeOptions {
  /** The host cluster: REST through the ApiClient, exec/attach through its WebSocket endpoints. */
  host: { client: ApiClient; streams: HostStreams };
  /** The learner sandbox's host namespace (shared by the runtimes of its nodes). */
  namespace: string;
  /** The learner node this runtime serves (labels and names). */
  nodeName: string;
  policy?: SandboxNamespacePolicy;
  /** Size requested for each hostPath claim (default 256Mi). */
  volumeSize?: string;
  /** Storage class of those claims (default: the host's default class). */
  storageClass?: string;
  /** Bound on each wait for the host (default 120 s). */
  timeoutMs?: number;
  /** Annotations of the namespace when this runtime creates it (the platform's sandbox id). */
  namespaceAnnotations?: Record<string, string>;
  /**
   * The learner cluster's Service network on the host (mirrored Services, cluster DNS), shared by the
   * runtimes of all its nodes; absent, `serveServices` does nothing (Services are not programmed).
   */
  network?: SandboxNetwork;
}

interface Sandbox {
  id: string;
  config: PodSandboxConfig;
  /** The host Pod holding the learner pod's containers. */
  pod: string;
  state: 'ready' | 'notready';
  createdAt: Date;
  ip: string;
  node: string | undefined;
  /** The deletion of the host pod under way (stopContainer / stopPodSandbox). */
  stopping?: Promise<void>;
  /** The host pod's volumes, by learner volume (`volumeKey`): ephemeral containers mount these. */
  volumes: Map<string, string>;
  /** The ephemeral containers added to the pod, by name. */
  ephemeral: Map<string, ContainerConfig>;
}

interface Container {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  /** The host Pod the container runs in (its sandbox's). */
  pod: string;
  status: ContainerStatus;
  /** Logs captured (with timestamps) before the host pod was deleted. */
  finalLogs?: string;
  cpu?: { at: number; cumulative: number };
}

export class KubernetesRuntime implements ContainerRuntime {
  readonly runtimeName = 'kubernetes';
  readonly runtimeVersion = '1.32.0';
  readonly wholePod = true;
  private readonly client: ApiClient;
  private readonly ns: string;
  private readonly runtimeId: string;
  private readonly timeoutMs: number;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly sandboxByPod = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly podEventListeners = new Set<(event: PodEvent) => void>();
  /** The port-forward sessions to host pods, by sandbox id (opened on first use). */
  private readonly forwarders = new Map<string, HostPortForwarder>();
  /** Waiters on host pod changes (pod running, container started/exited, probe outcome). */
  private readonly podWaiters = new Set<(pod: HostPod, deleted: boolean) => void>();
  private ready: Promise<void> | undefined;
  /**
   * The host node of this learner node: every pod of the runtime goes there, so ReadWriteOnce claims (the
   * node's hostPath volumes) mount wherever they are used. Chosen by the host scheduler for the first pod,
   * then kept in a namespace annotation so a restarted runtime returns to it.
   */
  private hostNode: string | undefined;
  private watch: { stop(): void } | undefined;
  private readonly events: HostEvents;
  private closed = false;

  constructor(private readonly options: KubernetesRuntimeOptions) {
    this.client = options.host.client;
    this.ns = options.namespace;
    // Stable across restarts (the namespace scopes it): a woken sandbox finds its node's hostPath claims again.
    this.runtimeId = options.nodeName
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 40);
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.events = new HostEvents(this.client, this.ns, (pod, event) => this.hostEvent(pod, event));
  }

  // ---- setup and host watch ----

  /** setup prepares the namespace and starts the watch of this runtime's host pods, once. */
  private setup(): Promise<void> {
    this.ready ??= (async () => {
      await ensureSandboxNamespace(
        this.client,
        this.ns,
        this.options.policy,
        this.options.namespaceAnnotations,
      );
      const ns = await this.client.get(NAMESPACES, undefined, this.ns);
      this.hostNode = ns.metadata.annotations?.[this.nodeAnnotation()];
      // A new runtime knows no pod sandbox yet: pods, files Secrets and (earlier versions') emptyDir claims labelled with this learner
      // node are what a previous process left when it stopped without closing (crash, kill -9). They are found
      // by their labels and removed; the learner's kubelet starts its pods again, as after a sleep.
      await this.removeOwnObjects();
      await this.startWatch();
      await this.events.start();
    })();
    return this.ready;
  }

  private async startWatch(): Promise<void> {
    const selector = `${RUNTIME_LABEL}=${this.runtimeId}`;
    const list = await this.client.list<HostPod>(PODS, this.ns, { labelSelector: selector });
    for (const pod of list.items) this.podChanged(pod, false);
    const resourceVersion = list.metadata?.resourceVersion;
    const watch = await this.client.watch(
      PODS,
      this.ns,
      { labelSelector: selector, ...(resourceVersion ? { resourceVersion } : {}) },
      (event: WatchEvent) => {
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
          this.podChanged(event.object as HostPod, event.type === 'DELETED');
        }
      },
    );
    this.watch = watch;
    // The server ends watches after a while: resume, unless the runtime is closed.
    void watch.done.finally(() => {
      if (!this.closed) void this.startWatch().catch(() => undefined);
    });
  }

  /** hostEvent passes on a host event about a running pod's host pod; false for any other pod. */
  private hostEvent(hostPod: string, event: HostPodEvent): boolean {
    const sandbox = this.sandboxByPod.get(hostPod);
    if (!sandbox || sandbox.stopping) return false;
    const forwarded: PodEvent = { podSandboxId: sandbox.id, ...event };
    for (const listener of [...this.podEventListeners]) listener(forwarded);
    return true;
  }

  onPodEvent(listener: (event: PodEvent) => void): () => void {
    this.podEventListeners.add(listener);
    return () => this.podEventListeners.delete(listener);
  }

  private podChanged(pod: HostPod, deleted: boolean): void {
    for (const waiter of [...this.podWaiters]) waiter(pod, deleted);
    const sandbox = this.sandboxByPod.get(pod.metadata.name!);
    if (sandbox) this.mirrorPod(sandbox, pod, deleted);
  }

  /**
   * mirrorPod turns the host Pod's container statuses into container instances (`readHostInstance`: the
   * host's `restartCount` is the CRI attempt of the latest instance). A container that never started yet is a
   * `created` instance carrying the host's waiting reason (ContainerCreating, PodInitializing, ErrImagePull).
   */
  private mirrorPod(sandbox: Sandbox, pod: HostPod, deleted: boolean): void {
    if (deleted) {
      // Gone (deleted by stopPodSandbox, or behind our back): what still ran was killed.
      for (const c of this.instancesOf(sandbox.id)) {
        if (c.status.state === 'exited') continue;
        if (c.status.state === 'created') {
          c.status = { ...c.status, waiting: undefined };
          continue;
        }
        c.status = { ...c.status, state: 'exited', exitCode: 137, reason: 'Error', finishedAt: new Date() };
        this.emit('exited', c);
      }
      return;
    }
    const statuses = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ];
    for (const host of statuses) {
      const config = this.declared(sandbox, host.name);
      if (config) this.mirrorContainer(sandbox, config, host, pod.status?.podIP);
    }
  }

  private mirrorContainer(
    sandbox: Sandbox,
    config: ContainerConfig,
    host: HostContainerStatus,
    podIp: string | undefined,
  ): void {
    if (podIp && sandbox.ip !== podIp) sandbox.ip = podIp;
    const { attempt, state, waiting, previousEnd } = readHostInstance(host);
    const instances = this.instancesOf(sandbox.id).filter((c) => c.config.name === config.name);
    for (const old of instances) {
      if (old.status.attempt >= attempt) continue;
      if (old.status.state === 'created') {
        this.forget(old);
        continue;
      }
      if (old.status.state !== 'exited') {
        // Ended while unseen: as the host says for the instance just before, killed for any older one.
        const end = old.status.attempt === attempt - 1 ? previousEnd : undefined;
        old.status = toContainerStatus(this.baseOf(old), {
          name: config.name,
          state: { terminated: end ?? { exitCode: 137, reason: 'Error' } },
        });
        this.emit('exited', old);
      }
      // Like the kubelet's container GC: the host keeps the logs of the latest and previous instance only.
      if (old.status.attempt < attempt - 1) this.forget(old);
    }
    let c = instances.find((i) => i.status.attempt === attempt);
    if (!c) {
      const id = shortId();
      c = {
        id,
        sandboxId: sandbox.id,
        config: { ...config, attempt },
        pod: sandbox.pod,
        status: this.createdStatus(id, sandbox.id, config, attempt),
      };
      this.containers.set(id, c);
    }
    const before = c.status;
    let next: ContainerStatus;
    if (!state) {
      next = { ...before, state: 'created' };
      delete next.waiting;
    } else {
      next = toContainerStatus(this.baseOf(c), { ...host, state });
    }
    if (waiting) next.waiting = waiting;
    next.ready = host.ready === true;
    if (host.started !== undefined) next.started = host.started;
    // An instance never goes back from exited.
    if (before.state === 'exited' && next.state !== 'exited') return;
    c.status = next;
    if (next.state === 'running' && before.state !== 'running') this.emit('started', c);
    else if (next.state === 'exited' && before.state !== 'exited') this.emit('exited', c);
    else if (
      before.ready !== next.ready ||
      before.started !== next.started ||
      before.waiting?.reason !== next.waiting?.reason ||
      before.waiting?.message !== next.waiting?.message
    ) {
      this.emit('changed', c);
    }
  }

  /** declared returns the config of a container of the sandbox's pod (init, regular, ephemeral), by name. */
  private declared(sandbox: Sandbox, name: string): ContainerConfig | undefined {
    const pod = sandbox.config.pod;
    return (
      [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].find((c) => c.name === name) ??
      sandbox.ephemeral.get(name)
    );
  }

  private instancesOf(sandboxId: string): Container[] {
    return [...this.containers.values()].filter((c) => c.sandboxId === sandboxId);
  }

  /** latest returns the newest instance of a container of a whole pod. */
  private latest(sandboxId: string, name: string): Container | undefined {
    let best: Container | undefined;
    for (const c of this.instancesOf(sandboxId)) {
      if (c.config.name === name && (!best || c.status.attempt > best.status.attempt)) best = c;
    }
    return best;
  }

  private forget(c: Container): void {
    this.containers.delete(c.id);
  }

  private createdStatus(
    id: string,
    podSandboxId: string,
    config: ContainerConfig,
    attempt: number,
  ): ContainerStatus {
    return {
      id,
      podSandboxId,
      name: config.name,
      attempt,
      image: config.image,
      imageRef: this.images.get(formatImageRef(parseImageRef(config.image)))?.id ?? config.image,
      state: 'created',
      createdAt: new Date(),
    };
  }

  private baseOf(c: Container): Omit<ContainerStatus, 'state' | 'imageRef'> & { imageRef?: string } {
    return {
      id: c.id,
      podSandboxId: c.sandboxId,
      name: c.config.name,
      attempt: c.status.attempt,
      image: c.config.image,
      imageRef: c.status.imageRef,
      createdAt: c.status.createdAt,
    };
  }

  private emit(type: ContainerEvent['type'], c: Container): void {
    const event: ContainerEvent = { type, containerId: c.id, podSandboxId: c.sandboxId, status: c.status };
    for (const listener of [...this.listeners]) listener(event);
  }

  /** waitForPod resolves with the first state of a host pod accepted by `done` (or rejects after timeoutMs). */
  private waitForPod<T>(
    name: string,
    done: (pod: HostPod | undefined) => T | undefined,
    what: string,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (value: T | undefined, err?: Error) => {
        if (settled || (value === undefined && !err)) return;
        settled = true;
        clearTimeout(timer);
        this.podWaiters.delete(waiter);
        if (err) reject(err);
        else resolve(value as T);
      };
      const timer = setTimeout(
        () => finish(undefined, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const waiter = (pod: HostPod, deleted: boolean) => {
        if (pod.metadata.name === name) finish(done(deleted ? undefined : pod));
      };
      this.podWaiters.add(waiter);
      // The pod may already be in the awaited state: check once now.
      this.client.get<HostPod>(PODS, this.ns, name).then(
        (pod) => finish(done(pod)),
        (err: unknown) => (isNotFound(err) ? finish(done(undefined)) : finish(undefined, err as Error)),
      );
    });
  }

  private nodeAnnotation(): string {
    return `${HOST_NODE_ANNOTATION_PREFIX}${this.runtimeId}`;
  }

  private labels(role: string, sandboxId: string): Record<string, string> {
    return { [RUNTIME_LABEL]: this.runtimeId, [SANDBOX_LABEL]: sandboxId, [ROLE_LABEL]: role };
  }

  private async deletePod(name: string, gracePeriodSeconds: number): Promise<void> {
    await this.client.delete(PODS, this.ns, name, { gracePeriodSeconds }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  // ---- Services and DNS (host-network.ts) ----

  /**
   * serveServices mirrors the learner's Services as host Services of the sandbox namespace, kept in sync
   * from `proxy`'s informers, and registers the sandbox with the platform's DNS server. Resolves false when
   * the runtime has no SandboxNetwork or `proxy` does not give the learner's objects.
   */
  async serveServices(
    proxy: Parameters<NonNullable<ContainerRuntime['serveServices']>>[0],
    onError: (err: unknown) => void,
  ): Promise<boolean> {
    const network = this.options.network;
    if (!network || !proxy.services || !proxy.endpointSlices || !proxy.onChange) return false;
    const { services, endpointSlices, onChange } = proxy;
    await network.start(
      {
        services: () => services.call(proxy),
        endpointSlices: () => endpointSlices.call(proxy),
        onChange: (listener) => onChange.call(proxy, listener),
      },
      onError,
    );
    return true;
  }

  /** clusterNameserver is the sandbox's host kube-dns Service IP, once `serveServices` resolved. */
  clusterNameserver(): string | undefined {
    return this.options.network?.nameserver();
  }

  // ---- sandboxes ----

  /**
   * runPodSandbox creates the learner pod's host Pod with all its containers and volumes, and returns once
   * the host gave it an IP (its sandbox runs; images may still be pulling, init containers running).
   */
  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const whole = config.pod;
    if (!whole || whole.containers.length === 0) {
      throw new Error(
        'the kubernetes runtime runs whole pods: PodSandboxConfig.pod must list the pod’s containers',
      );
    }
    await this.setup();
    const id = shortId();
    const name = `p-${id}`;
    const sandbox: Sandbox = {
      id,
      config,
      pod: name,
      state: 'ready',
      createdAt: new Date(),
      ip: '',
      node: undefined,
      volumes: new Map(),
      ephemeral: new Map(),
    };
    // Known before the pod exists, so the first statuses of its containers are not missed.
    this.sandboxes.set(id, sandbox);
    this.sandboxByPod.set(name, sandbox);
    try {
      const { volumes, mounts } = await this.podVolumes(sandbox, [
        ...whole.initContainers,
        ...whole.containers,
      ]);
      const hostPod = wholePod({
        name,
        namespace: this.ns,
        labels: this.labels('pod', id),
        annotations: {
          [POD_ANNOTATION]: `${config.namespace}/${config.name}`,
          [POD_UID_ANNOTATION]: config.uid,
        },
        node: this.hostNode,
        hostname: config.hostname,
        hostAliases: config.hostAliases,
        pod: whole,
        volumes,
        mounts,
      });
      // The learner's resolv.conf (its cluster DNS through the host kube-dns Service): host-dns.ts.
      Object.assign(hostPod.spec as object, hostPodDns(config.dnsConfig));
      await this.client.create(PODS, this.ns, hostPod);
      const pod = await this.waitForPod(
        name,
        (p) => {
          if (!p) return { gone: true as const };
          return p.status?.podIP ? { pod: p } : undefined;
        },
        `the pod ${this.ns}/${name} to get an IP`,
      );
      if ('gone' in pod) throw new Error(`the host pod ${this.ns}/${name} was deleted while starting`);
      sandbox.ip = pod.pod.status!.podIP!;
      sandbox.node = pod.pod.spec.nodeName;
      this.mirrorPod(sandbox, pod.pod, false);
    } catch (err) {
      // The host scheduler's word says why a pod never got an IP (`0/3 nodes are available: ...`).
      const why = await this.unscheduledReason(name);
      // Nothing half-made stays: the kubelet tries again with a new sandbox.
      this.sandboxes.delete(id);
      this.sandboxByPod.delete(name);
      for (const c of this.instancesOf(id)) this.forget(c);
      await this.deletePod(name, 0).catch(() => undefined);
      await this.deleteSandboxObjects(id).catch(() => undefined);
      if (why) throw new Error(`the host cannot schedule the pod: ${why}`, { cause: err });
      throw err;
    }
    if (!this.hostNode && sandbox.node) {
      this.hostNode = sandbox.node;
      await this.client.patch(NAMESPACES, undefined, this.ns, 'merge', {
        metadata: { annotations: { [this.nodeAnnotation()]: this.hostNode } },
      });
    }
    return id;
  }

  /** unscheduledReason is the host scheduler's message for a pod it could not place, if any. */
  private async unscheduledReason(name: string): Promise<string | undefined> {
    const pod = await this.client.get<HostPod>(PODS, this.ns, name).catch(() => undefined);
    const conditions = (pod?.status as { conditions?: { type: string; status: string; message?: string }[] })
      ?.conditions;
    const scheduled = conditions?.find((c) => c.type === 'PodScheduled');
    return scheduled?.status === 'False' ? scheduled.message : undefined;
  }

  /**
   * stopPod deletes the sandbox's host Pod with a grace period (the host's kubelet sends SIGTERM to every
   * container, SIGKILL after the grace period) and waits until it is gone, keeping the containers' logs.
   * Concurrent callers (the kubelet stops every container of a pod at once) share one deletion.
   */
  private stopPod(sandbox: Sandbox, gracePeriodSeconds: number): Promise<void> {
    sandbox.stopping ??= (async () => {
      const current = () =>
        this.instancesOf(sandbox.id).filter((c) => c === this.latest(sandbox.id, c.config.name));
      // The host forgets the logs with the pod: keep them (with timestamps, so tail and since still apply).
      await Promise.all(current().map((c) => this.captureLogs(c)));
      await this.deletePod(sandbox.pod, gracePeriodSeconds);
      const running = () => current().filter((c) => c.status.state === 'running');
      await new Promise<void>((resolve) => {
        const check = () => {
          if (running().length > 0) return;
          off();
          resolve();
        };
        const off = this.onContainerEvent((event) => {
          if (event.podSandboxId === sandbox.id) check();
        });
        check();
        void this.waitForPod(
          sandbox.pod,
          (pod) => (pod ? undefined : true),
          `the pod ${sandbox.pod} to stop`,
          gracePeriodSeconds * 1000 + this.timeoutMs,
        ).then(
          () => {
            off();
            resolve();
          },
          () => {
            off();
            resolve();
          },
        );
      });
      // Lines written during the grace period, when the pod is still there to ask.
      await Promise.all(current().map((c) => this.captureLogs(c)));
      await this.waitForPod(
        sandbox.pod,
        (pod) => (pod ? undefined : true),
        `the pod ${sandbox.pod} to be deleted`,
      ).catch(() => undefined);
      for (const c of running()) {
        // The pod vanished without a final status reaching us: report it killed, as the kubelet does.
        c.status = { ...c.status, state: 'exited', exitCode: 137, reason: 'Error', finishedAt: new Date() };
        this.emit('exited', c);
      }
    })();
    return sandbox.stopping;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.sandboxOf(podSandboxId);
    this.closeForwarder(podSandboxId);
    await this.stopPod(sandbox, 0);
    sandbox.state = 'notready';
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(podSandboxId);
    if (!sandbox) return;
    this.closeForwarder(podSandboxId);
    for (const c of this.instancesOf(podSandboxId)) this.forget(c);
    await this.deletePod(sandbox.pod, 0);
    await this.deleteSandboxObjects(podSandboxId);
    this.sandboxes.delete(podSandboxId);
    this.sandboxByPod.delete(sandbox.pod);
    this.events.forget(sandbox.pod);
  }

  /** deleteSandboxObjects deletes the files Secrets (and claims) made for one sandbox. */
  private async deleteSandboxObjects(podSandboxId: string): Promise<void> {
    const selector = `${RUNTIME_LABEL}=${this.runtimeId},${SANDBOX_LABEL}=${podSandboxId}`;
    for (const ref of [SECRETS, CLAIMS]) {
      const list = await this.client.list(ref, this.ns, { labelSelector: selector });
      for (const item of list.items) {
        await this.client.delete(ref, this.ns, item.metadata.name!).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    return this.sandboxStatus(this.sandboxOf(podSandboxId));
  }

  async listPodSandboxes(): Promise<PodSandboxStatus[]> {
    return [...this.sandboxes.values()].map((s) => this.sandboxStatus(s));
  }

  private sandboxStatus(s: Sandbox): PodSandboxStatus {
    return {
      id: s.id,
      name: s.config.name,
      namespace: s.config.namespace,
      uid: s.config.uid,
      attempt: s.config.attempt ?? 0,
      state: s.state,
      createdAt: s.createdAt,
      ip: s.ip,
      hostname: s.config.hostname,
    };
  }

  private sandboxOf(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new RuntimeNotFoundError('sandbox', id);
    return sandbox;
  }

  // ---- containers ----

  /**
   * createContainer adds an ephemeral container (`kubectl debug`) to the running host Pod, through the host's
   * `ephemeralcontainers` subresource: it joins the pod's network namespace and, with a target, the target
   * container's processes; it mounts only volumes the pod has. The pod's own containers are not created this
   * way: the host Pod holds them from the start.
   */
  async createContainer(podSandboxId: string, config: ContainerConfig): Promise<string> {
    const sandbox = this.sandboxOf(podSandboxId);
    if (this.declared(sandbox, config.name)) {
      throw new Error(
        `container ${config.name} is part of the pod: the host's kubelet creates and restarts it (kubernetes runtime)`,
      );
    }
    const mounts: MountedVolume[] = [];
    for (const mount of config.mounts ?? []) {
      const volume = sandbox.volumes.get(volumeKey(mount));
      if (!volume) {
        throw new Error(
          `an ephemeral container can only mount the pod's volumes: ${mount.containerPath} is not one (kubernetes runtime)`,
        );
      }
      mounts.push({ volume, mount });
    }
    const target = config.targetContainerId
      ? this.containers.get(config.targetContainerId)?.config.name
      : undefined;
    const pod = await this.client.get<HostPod>(PODS, this.ns, sandbox.pod);
    const existing = (pod.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers ?? [];
    await this.client.patch(
      PODS,
      this.ns,
      sandbox.pod,
      'merge',
      {
        spec: {
          ephemeralContainers: [
            ...existing,
            { ...hostContainer(config, mounts), ...(target ? { targetContainerName: target } : {}) },
          ],
        },
      },
      { subresource: 'ephemeralcontainers' },
    );
    sandbox.ephemeral.set(config.name, config);
    const id = shortId();
    this.containers.set(id, {
      id,
      sandboxId: podSandboxId,
      config: { ...config, attempt: 0 },
      pod: sandbox.pod,
      status: this.createdStatus(id, podSandboxId, config, 0),
    });
    return id;
  }

  /**
   * startContainer waits until the host started an ephemeral container (the pod's own containers are
   * started by the host's kubelet); rejects with the host's reason when it cannot start.
   */
  async startContainer(containerId: string): Promise<void> {
    const c = this.containerOf(containerId);
    const sandbox = this.sandboxOf(c.sandboxId);
    if (!sandbox.ephemeral.has(c.config.name)) return;
    const outcome = await this.waitForPod(
      sandbox.pod,
      (pod) => {
        if (!pod) return { error: 'the pod was deleted' as string };
        const host = pod.status?.ephemeralContainerStatuses?.find((s) => s.name === c.config.name);
        if (host?.state?.running || host?.state?.terminated) return { started: true as const };
        const waiting = host?.state?.waiting;
        if (waiting?.reason && START_FAILURES.has(waiting.reason))
          return { error: waiting.message ?? waiting.reason };
        return undefined;
      },
      `the ephemeral container ${c.config.name} of ${this.ns}/${sandbox.pod} to start`,
    );
    if (!('started' in outcome)) {
      c.status = {
        ...c.status,
        state: 'exited',
        exitCode: 128,
        reason: 'StartError',
        message: outcome.error,
        finishedAt: new Date(),
      };
      this.emit('exited', c);
      throw new ContainerStartError(outcome.error);
    }
  }

  /**
   * stopContainer stops a container. A container of the host pod can only be signalled through the API by
   * deleting the pod: every container of the pod stops (the kubelet stops them all together anyway, on
   * deletion; liveness restarts are the host kubelet's own).
   */
  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    const c = this.containerOf(containerId);
    if (c.status.state !== 'running') return;
    await this.stopPod(this.sandboxOf(c.sandboxId), gracePeriodSeconds);
  }

  /** logQuery says how the host serves an instance's logs: its current container, or the previous one. */
  private logQuery(c: Container): { previous: boolean } | undefined {
    const latest = this.latest(c.sandboxId, c.config.name);
    if (latest === c) return { previous: false };
    if (latest && c.status.attempt === latest.status.attempt - 1) return { previous: true };
    return undefined;
  }

  private async captureLogs(c: Container): Promise<void> {
    const query = this.logQuery(c);
    if (!query || c.status.state === 'created') return;
    try {
      c.finalLogs = await this.client.requestText('GET', `/api/v1/namespaces/${this.ns}/pods/${c.pod}/log`, {
        container: c.config.name,
        timestamps: true,
        ...(query.previous ? { previous: true } : {}),
      });
    } catch {
      // Already gone: keep what was captured before.
    }
  }

  async removeContainer(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    // An instance is the host's; only its record goes (the host keeps its own two).
    this.forget(c);
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return this.containerOf(containerId).status;
  }

  async listContainers(filter: { podSandboxId?: string } = {}): Promise<ContainerStatus[]> {
    return [...this.containers.values()]
      .filter((c) => !filter.podSandboxId || c.sandboxId === filter.podSandboxId)
      .map((c) => c.status);
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private containerOf(id: string): Container {
    const c = this.containers.get(id);
    if (!c) throw new RuntimeNotFoundError('container', id);
    return c;
  }

  // ---- volumes ----

  /**
   * podVolumes makes the host volumes of a whole pod, one per learner volume: an emptyDir, a Secret for
   * `files` (ConfigMap, Secret, token, downward API), a claim of the node for `hostPath`.
   */
  private async podVolumes(
    sandbox: Sandbox,
    containers: ContainerConfig[],
  ): Promise<{ volumes: HostVolume[]; mounts: Map<string, MountedVolume[]> }> {
    const sandboxId = sandbox.id;
    const volumes: HostVolume[] = [];
    const byKey = sandbox.volumes;
    const mounts = new Map<string, MountedVolume[]>();
    for (const config of containers) {
      const mine: MountedVolume[] = [];
      for (const mount of config.mounts ?? []) {
        const key = volumeKey(mount);
        let volume = byKey.get(key);
        if (!volume) {
          volume = `v-${byKey.size}`;
          byKey.set(key, volume);
          if (mount.kind === 'files') {
            const secret = volumeObjectName(sandboxId, mount.volumeName);
            const { items } = await this.writeFiles(sandboxId, secret, mount.files);
            volumes.push({ name: volume, secret: { secretName: secret, items } } as HostVolume);
          } else if (mount.kind === 'emptyDir') {
            volumes.push({ name: volume, emptyDir: {} } as HostVolume);
          } else {
            const claim = hostPathClaimName(this.runtimeId, mount.hostPath);
            await this.ensureClaim(claim, 'node');
            volumes.push({ name: volume, persistentVolumeClaim: { claimName: claim } } as HostVolume);
          }
        }
        mine.push({ volume, mount });
      }
      mounts.set(config.name, mine);
    }
    return { volumes, mounts };
  }

  private async ensureClaim(name: string, sandboxId: string): Promise<void> {
    try {
      await this.client.create(CLAIMS, this.ns, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: this.ns,
          labels: this.labels(sandboxId === 'node' ? 'hostpath' : 'volume', sandboxId),
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: this.options.volumeSize ?? '256Mi' } },
          ...(this.options.storageClass ? { storageClassName: this.options.storageClass } : {}),
        },
      });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }

  private async writeFiles(
    sandboxId: string,
    name: string,
    files: Record<string, string>,
  ): Promise<{ items: { key: string; path: string }[] }> {
    const { data, items } = secretData(files);
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: this.ns, labels: this.labels('files', sandboxId) },
      type: 'Opaque',
      data,
    };
    try {
      await this.client.create(SECRETS, this.ns, secret);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      await this.client.update(SECRETS, this.ns, secret);
    }
    return { items };
  }

  async updateFiles(podSandboxId: string, volumeName: string, files: Record<string, string>): Promise<void> {
    this.sandboxOf(podSandboxId);
    await this.writeFiles(podSandboxId, volumeObjectName(podSandboxId, volumeName), files);
    // The host's kubelet refreshes Secret volumes on its own schedule: wait until every running container
    // mounting the volume (without subPath, which Kubernetes never updates) sees the new content.
    const [file, content] = Object.entries(files)[0] ?? [];
    if (file === undefined) return;
    const deadline = Date.now() + this.timeoutMs;
    for (const c of this.containers.values()) {
      if (c.sandboxId !== podSandboxId || c.status.state !== 'running') continue;
      const mount = c.config.mounts?.find(
        (m) => m.kind === 'files' && m.volumeName === volumeName && !m.subPath,
      );
      if (!mount) continue;
      for (;;) {
        let seen = '';
        await this.exec(c.id, ['cat', `${mount.containerPath}/${file}`], {
          onStdout: (chunk) => (seen += Buffer.from(chunk).toString('utf8')),
          onStderr: () => undefined,
        }).catch(() => undefined);
        if (seen === content || c.status.state !== 'running') break;
        if (Date.now() > deadline) throw new Error(`volume ${volumeName} not refreshed by the host in time`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  // ---- streams ----

  /** runningTarget is where a running container is on the host: its pod and container name. */
  private runningTarget(containerId: string): { pod: string; container: string } {
    const c = this.containerOf(containerId);
    if (c.status.state !== 'running' || this.latest(c.sandboxId, c.config.name) !== c) {
      throw new Error(`container ${containerId} is not running (state: ${c.status.state})`);
    }
    return { pod: c.pod, container: c.config.name };
  }

  async exec(containerId: string, cmd: string[], io: ExecIO): Promise<{ exitCode: number }> {
    const target = this.runningTarget(containerId);
    try {
      return await remoteCommand(
        this.options.host.streams,
        { namespace: this.ns, ...target, command: cmd },
        io,
      );
    } catch (err) {
      // The host's text is containerd's (`OCI runtime exec failed: … executable file not found …`): keep it.
      if (err instanceof RemoteCommandError) throw new Error(err.message, { cause: err });
      throw err;
    }
  }

  async attach(containerId: string, io: AttachIO): Promise<void> {
    const target = this.runningTarget(containerId);
    await remoteCommand(this.options.host.streams, { namespace: this.ns, ...target }, io);
  }

  /** portForward opens a connection to `port` of the host pod, through the host's pods/portforward. */
  async portForward(podSandboxId: string, port: number): Promise<Duplex> {
    const sandbox = this.sandboxOf(podSandboxId);
    if (sandbox.state !== 'ready' || sandbox.stopping) {
      throw new Error(`pod sandbox ${podSandboxId} is not ready: its host pod is stopped`);
    }
    let forwarder = this.forwarders.get(podSandboxId);
    if (!forwarder) {
      forwarder = new HostPortForwarder(this.options.host.streams, { namespace: this.ns, pod: sandbox.pod });
      this.forwarders.set(podSandboxId, forwarder);
    }
    return forwarder.open(port);
  }

  /** closeForwarder ends the port-forward session of a sandbox whose host pod goes away. */
  private closeForwarder(podSandboxId: string): void {
    this.forwarders.get(podSandboxId)?.close();
    this.forwarders.delete(podSandboxId);
  }

  async logs(containerId: string, options: LogOptions): Promise<void> {
    const c = this.containerOf(containerId);
    const target = this.logQuery(c);
    if (!target) {
      // An instance older than the host's previous one: only what was captured remains.
      return emitLines(selectLines(c.finalLogs ?? '', options), options.onData);
    }
    const query: Record<string, unknown> = {
      container: c.config.name,
      ...(target.previous ? { previous: true } : {}),
      ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
      ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
      ...(options.sinceTime ? { sinceTime: options.sinceTime.toISOString() } : {}),
      ...(options.timestamps ? { timestamps: true } : {}),
      ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
      ...(options.follow && !target.previous ? { follow: true } : {}),
    };
    const path = `/api/v1/namespaces/${this.ns}/pods/${c.pod}/log`;
    let chunks: AsyncIterable<string>;
    try {
      chunks = await this.client.stream(path, query, options.signal);
    } catch (err) {
      if (!isNotFound(err) || c.finalLogs === undefined) throw err;
      return emitLines(selectLines(c.finalLogs, options), options.onData);
    }
    let partial = '';
    for await (const chunk of chunks) {
      const text = partial + chunk;
      const end = text.lastIndexOf('\n');
      if (end >= 0) options.onData(text.slice(0, end + 1));
      partial = text.slice(end + 1);
    }
    if (partial) options.onData(`${partial}\n`);
  }

  async stats(filter: { podSandboxId?: string } = {}): Promise<ContainerStats[]> {
    const list = (await this.client.request(
      'GET',
      `/apis/metrics.k8s.io/v1beta1/namespaces/${this.ns}/pods`,
    )) as {
      items?: {
        metadata: { name: string };
        timestamp?: string;
        containers: { name: string; usage: Record<string, string> }[];
      }[];
    };
    const now = Date.now();
    const out: ContainerStats[] = [];
    for (const item of list.items ?? []) {
      const sandbox = this.sandboxByPod.get(item.metadata.name);
      for (const usageOf of item.containers) {
        const c = sandbox ? this.latest(sandbox.id, usageOf.name) : undefined;
        if (!c || c.status.state !== 'running') continue;
        if (filter.podSandboxId && c.sandboxId !== filter.podSandboxId) continue;
        const usage = usageOf.usage ?? {};
        const cpuNanoCores = parseCpuNano(usage.cpu ?? '0');
        // The metrics API has no cumulative CPU: integrate the rate between samples.
        const prev = c.cpu ?? { at: now, cumulative: 0 };
        c.cpu = { at: now, cumulative: prev.cumulative + (cpuNanoCores * (now - prev.at)) / 1000 };
        out.push({
          containerId: c.id,
          name: c.config.name,
          podSandboxId: c.sandboxId,
          timestamp: item.timestamp ? new Date(item.timestamp) : new Date(now),
          cpuNanoCores,
          cpuUsageCoreNanoSeconds: Math.round(c.cpu.cumulative),
          memoryWorkingSetBytes: parseBytes(usage.memory ?? '0'),
        });
      }
    }
    return out;
  }

  // ---- images ----

  async pullImage(image: string): Promise<ImageInfo> {
    const ref = formatImageRef(parseImageRef(image));
    const known = this.images.get(ref);
    if (known) return known;
    await this.setup();
    // The host pulls images for pods only: a probe pod pulls it (and exits at once, or fails to start,
    // which still proves the image is there).
    const probe = `i-${shortId()}`;
    await this.client.create(PODS, this.ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: probe, namespace: this.ns, labels: this.labels('image-probe', 'none') },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        terminationGracePeriodSeconds: 0,
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'probe',
            image,
            command: ['sh', '-c', 'exit 0'],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            resources: { limits: { cpu: '50m', memory: '32Mi' } },
          },
        ],
      },
    });
    try {
      const outcome = await this.waitForPod(
        probe,
        (pod) => {
          const s = pod?.status?.containerStatuses?.[0];
          const waiting = s?.state?.waiting;
          if (
            waiting?.reason === 'ErrImagePull' ||
            waiting?.reason === 'ImagePullBackOff' ||
            waiting?.reason === 'InvalidImageName'
          ) {
            return { error: waiting.message ?? waiting.reason };
          }
          if (s?.imageID) return { imageId: s.imageID };
          if (s?.state?.running || s?.state?.terminated) return { imageId: s.imageID ?? ref };
          if (s?.state?.waiting?.reason && START_FAILURES.has(s.state.waiting.reason))
            return { imageId: ref };
          return undefined;
        },
        `the image ${image} to be pulled`,
      );
      if ('error' in outcome) {
        const desc = /desc = (.*)$/s.exec(outcome.error ?? '')?.[1] ?? outcome.error ?? '';
        throw new PullImageError(/not found/i.test(desc) ? 'NotFound' : 'Unknown', desc);
      }
      const id = (outcome.imageId ?? ref).replace(/^docker-pullable:\/\//, '');
      const info: ImageInfo = {
        id,
        repoTags: [ref],
        repoDigests: id.includes('@') ? [id] : [],
        sizeBytes: 0,
      };
      this.images.set(ref, info);
      return info;
    } finally {
      await this.deletePod(probe, 0);
    }
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.images.get(formatImageRef(parseImageRef(image)));
  }

  async listImages(): Promise<ImageInfo[]> {
    return [...this.images.values()];
  }

  async removeImage(image: string): Promise<void> {
    // Images live on the host's nodes, managed by their kubelets' garbage collection: forget it here.
    this.images.delete(formatImageRef(parseImageRef(image)));
  }

  // ---- lifecycle ----

  /**
   * close deletes this runtime's pods (nothing of a sleeping sandbox runs on the host) and the objects of
   * its pod sandboxes (files Secrets); hostPath claims stay for the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.forwarders.keys()]) this.closeForwarder(id);
    this.watch?.stop();
    await this.options.network?.close();
    this.events.stop();
    if (!this.ready) return;
    await this.removeOwnObjects();
  }

  /** removeOwnObjects deletes this learner node's pods, files Secrets and emptyDir claims of earlier versions (not hostPath ones). */
  private async removeOwnObjects(): Promise<void> {
    const mine = `${RUNTIME_LABEL}=${this.runtimeId}`;
    for (const [ref, selector] of [
      [PODS, mine],
      [SECRETS, mine],
      [CLAIMS, `${mine},${ROLE_LABEL}=volume`],
    ] as const) {
      const list = await this.client
        .list(ref, this.ns, { labelSelector: selector })
        .catch(() => ({ items: [] as KubeObject[] }));
      await Promise.all(
        list.items.map((item) =>
          this.client
            .delete(ref, this.ns, item.metadata.name!, ref === PODS ? { gracePeriodSeconds: 0 } : {})
            .catch(() => undefined),
        ),
      );
    }
  }
}

/** selectLines applies tail/timestamps to logs captured with timestamps. */
function selectLines(captured: string, options: LogOptions): string {
  let lines = captured.split('\n').filter((l) => l !== '');
  if (options.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - options.tailLines));
  if (!options.timestamps) lines = lines.map((l) => l.slice(l.indexOf(' ') + 1));
  return lines.map((l) => `${l}\n`).join('');
}

function emitLines(text: string, onData: (chunk: string) => void): void {
  if (text) onData(text);
}

/** parseCpuNano reads a CPU quantity (`250m`, `12345n`, `1`) in nanocores. */
export function parseCpuNano(q: string): number {
  const m = /^([0-9.]+)([num]?)$/.exec(q);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.round(m[2] === 'n' ? n : m[2] === 'u' ? n * 1e3 : m[2] === 'm' ? n * 1e6 : n * 1e9);
}

/** parseBytes reads a memory quantity (`12Ki`, `3Mi`, `100M`, `512`) in bytes. */
export function parseBytes(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) return 0;
  const factors: Record<string, number> = {
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Math.round(Number(m[1]) * (m[2] ? factors[m[2]] : 1));
}

/** volumeKey identifies a learner volume among a pod's mounts (one host volume each). */
function volumeKey(mount: Mount): string {
  return mount.kind === 'hostPath' ? `h:${mount.hostPath}` : `${mount.kind}:${mount.volumeName}`;
}
