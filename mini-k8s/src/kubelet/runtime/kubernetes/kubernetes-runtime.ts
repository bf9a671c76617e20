/**
 * KubernetesRuntime runs a learner's pods as pods of a HOST Kubernetes cluster, through its API only (the
 * ApiClient for REST and watches, the API server's WebSocket endpoints for exec and attach). One runtime
 * serves one node of a learner's cluster; every node of a learner's sandbox shares one host namespace,
 * prepared by ensureSandboxNamespace (Pod Security labels, ResourceQuota, LimitRange, default-deny
 * NetworkPolicy plus same-namespace traffic).
 *
 * The CRI shape is mapped onto host objects:
 * - a pod sandbox is an *anchor* Pod (a sleeping busybox): its IP is the sandbox IP, its node the sandbox node;
 * - each container is its own host Pod (restartPolicy Never: the learner's kubelet restarts by creating a new
 *   container), pinned to the anchor's node so ReadWriteOnce volumes can be shared;
 * - `emptyDir` volumes are PersistentVolumeClaims of the sandbox, `hostPath` ones PersistentVolumeClaims of the
 *   runtime (persistent volumes of the learner's cluster), `files` volumes Secrets (updated in place);
 * - images are pulled by a short-lived probe Pod, so a missing image fails with the host's containerd message.
 * What differs from a node's own runtime is listed in README.md (network namespace per container, logs of a
 * stopped container, port-forward).
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
  type PodSandboxConfig,
  type PodSandboxStatus,
  ContainerStartError,
  PullImageError,
  RuntimeNotFoundError,
} from '../runtime';
import {
  containerPod,
  type HostPod,
  hostPathClaimName,
  ROLE_LABEL,
  RUNTIME_LABEL,
  SANDBOX_LABEL,
  START_FAILURES,
  secretData,
  shortId,
  toContainerStatus,
  volumeObjectName,
} from './host-pods';
import { hostPodDns } from './host-dns';
import type { SandboxNetwork } from './host-network';
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

/** KubernetesRuntimeOptions configure the runtime of one learner node. */
export interface KubernetesRuntimeOptions {
  /** The host cluster: REST through the ApiClient, exec/attach through its WebSocket endpoints. */
  host: { client: ApiClient; streams: HostStreams };
  /** The learner sandbox's host namespace (shared by the runtimes of its nodes). */
  namespace: string;
  /** The learner node this runtime serves (labels and names). */
  nodeName: string;
  policy?: SandboxNamespacePolicy;
  /** Image of the sandbox anchor pods (default busybox:1.36 running `sleep`). */
  anchorImage?: string;
  /** Size requested for each emptyDir / hostPath claim (default 256Mi). */
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
  anchor: string;
  state: 'ready' | 'notready';
  createdAt: Date;
  ip: string;
  node: string | undefined;
}

interface Container {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  pod: string;
  status: ContainerStatus;
  /** Logs captured (with timestamps) before the host pod was deleted by stopContainer. */
  finalLogs?: string;
  cpu?: { at: number; cumulative: number };
}

export class KubernetesRuntime implements ContainerRuntime {
  readonly runtimeName = 'kubernetes';
  readonly runtimeVersion = '1.32.0';
  private readonly client: ApiClient;
  private readonly ns: string;
  private readonly runtimeId: string;
  private readonly timeoutMs: number;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  private readonly byPod = new Map<string, Container>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  /** Waiters on host pod changes (anchor ready, container started/exited, probe outcome). */
  private readonly podWaiters = new Set<(pod: HostPod, deleted: boolean) => void>();
  private ready: Promise<void> | undefined;
  /**
   * The host node of this learner node: every pod of the runtime goes there, so ReadWriteOnce claims (emptyDir,
   * the node's hostPath volumes) mount wherever they are used. Chosen by the host scheduler for the first
   * anchor, then kept in a namespace annotation so a restarted runtime returns to it.
   */
  private hostNode: string | undefined;
  private watch: { stop(): void } | undefined;
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
      // A new runtime knows no pod sandbox yet: pods, files and emptyDir claims labelled with this learner
      // node are what a previous process left when it stopped without closing (crash, kill -9). They are found
      // by their labels and removed; the learner's kubelet starts its pods again, as after a sleep.
      await this.removeOwnObjects();
      await this.startWatch();
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

  private podChanged(pod: HostPod, deleted: boolean): void {
    for (const waiter of [...this.podWaiters]) waiter(pod, deleted);
    const container = this.byPod.get(pod.metadata.name!);
    if (!container) return;
    const before = container.status.state;
    const host = pod.status?.containerStatuses?.find((s) => s.name === container.config.name);
    const next = toContainerStatus(this.baseOf(container), host);
    // A container never goes back: a deleted pod keeps its last known (exited) status.
    if (before === 'exited' || (next.state === 'created' && before === 'running')) return;
    container.status = next;
    if (next.state === 'running' && before !== 'running') this.emit('started', container);
    if (next.state === 'exited') this.emit('exited', container);
  }

  private baseOf(c: Container): Omit<ContainerStatus, 'state' | 'imageRef'> & { imageRef?: string } {
    return {
      id: c.id,
      podSandboxId: c.sandboxId,
      name: c.config.name,
      attempt: c.config.attempt ?? 0,
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
        () => finish(undefined, new Error(`timed out after ${this.timeoutMs} ms waiting for ${what}`)),
        this.timeoutMs,
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

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    await this.setup();
    const id = shortId();
    const anchor = `s-${id}`;
    await this.client.create(PODS, this.ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: anchor,
        namespace: this.ns,
        labels: this.labels('anchor', id),
        annotations: { 'atelier.dev/pod': `${config.namespace}/${config.name}` },
      },
      spec: {
        restartPolicy: 'Always',
        ...(this.hostNode ? { nodeSelector: { 'kubernetes.io/hostname': this.hostNode } } : {}),
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        terminationGracePeriodSeconds: 0,
        ...hostPodDns(config.dnsConfig),
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'anchor',
            image: this.options.anchorImage ?? 'busybox:1.36',
            command: ['sleep', '2147483647'],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '1m', memory: '4Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
          },
        ],
      },
    });
    const pod = await this.waitForPod(
      anchor,
      (p) => (p?.status?.phase === 'Running' && p.status.podIP ? p : undefined),
      `the sandbox pod ${this.ns}/${anchor} to run`,
    );
    if (!this.hostNode && pod.spec.nodeName) {
      this.hostNode = pod.spec.nodeName;
      await this.client.patch(NAMESPACES, undefined, this.ns, 'merge', {
        metadata: { annotations: { [this.nodeAnnotation()]: this.hostNode } },
      });
    }
    this.sandboxes.set(id, {
      id,
      config,
      anchor,
      state: 'ready',
      createdAt: new Date(),
      ip: pod.status!.podIP!,
      node: pod.spec.nodeName,
    });
    return id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.sandboxOf(podSandboxId);
    for (const c of this.containers.values()) {
      if (c.sandboxId === podSandboxId && c.status.state === 'running') await this.stopContainer(c.id, 0);
    }
    await this.deletePod(sandbox.anchor, 0);
    sandbox.state = 'notready';
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(podSandboxId);
    if (!sandbox) return;
    for (const c of [...this.containers.values()]) {
      if (c.sandboxId === podSandboxId) await this.removeContainer(c.id);
    }
    await this.deletePod(sandbox.anchor, 0);
    const selector = `${RUNTIME_LABEL}=${this.runtimeId},${SANDBOX_LABEL}=${podSandboxId}`;
    for (const ref of [SECRETS, CLAIMS]) {
      const list = await this.client.list(ref, this.ns, { labelSelector: selector });
      for (const item of list.items) {
        await this.client.delete(ref, this.ns, item.metadata.name!).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
    this.sandboxes.delete(podSandboxId);
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

  async createContainer(podSandboxId: string, config: ContainerConfig): Promise<string> {
    this.sandboxOf(podSandboxId);
    const id = shortId();
    const container: Container = {
      id,
      sandboxId: podSandboxId,
      config,
      pod: `c-${id}`,
      status: {
        id,
        podSandboxId,
        name: config.name,
        attempt: config.attempt ?? 0,
        image: config.image,
        imageRef: this.images.get(formatImageRef(parseImageRef(config.image)))?.id ?? config.image,
        state: 'created',
        createdAt: new Date(),
      },
    };
    this.containers.set(id, container);
    this.byPod.set(container.pod, container);
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.containerOf(containerId);
    const sandbox = this.sandboxOf(c.sandboxId);
    const volumes = await this.volumesOf(sandbox, c.config);
    const pod = containerPod({
      name: c.pod,
      namespace: this.ns,
      labels: this.labels('container', sandbox.id),
      node: sandbox.node,
      config: c.config,
      volumes,
    });
    // The learner's resolv.conf (its cluster DNS through the host kube-dns Service): host-dns.ts.
    Object.assign(pod.spec as object, hostPodDns(sandbox.config.dnsConfig));
    await this.client.create(PODS, this.ns, pod);
    const status = await this.waitForPod(
      c.pod,
      (pod) => {
        const host = pod?.status?.containerStatuses?.find((s) => s.name === c.config.name);
        if (!pod) return 'deleted';
        if (host?.state?.running || host?.state?.terminated) return 'started';
        if (host?.state?.waiting?.reason && START_FAILURES.has(host.state.waiting.reason)) return 'failed';
        return undefined;
      },
      `the container pod ${this.ns}/${c.pod} to start`,
    );
    if (status === 'failed' || status === 'deleted') {
      const pod = await this.client.get<HostPod>(PODS, this.ns, c.pod).catch(() => undefined);
      const host = pod?.status?.containerStatuses?.find((s) => s.name === c.config.name);
      c.status = toContainerStatus(this.baseOf(c), host);
      if (c.status.state !== 'exited') {
        c.status = {
          ...c.status,
          state: 'exited',
          exitCode: 128,
          reason: 'StartError',
          finishedAt: new Date(),
        };
      }
      this.emit('exited', c);
      await this.deletePod(c.pod, 0);
      throw new ContainerStartError(c.status.message ?? 'the host cluster could not start the container');
    }
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    const c = this.containerOf(containerId);
    if (c.status.state !== 'running') return;
    // Deleting the host pod is the only way to signal its main process through the API: the host's kubelet
    // sends SIGTERM, then SIGKILL after the grace period, and reports the exit before the pod goes away.
    const exited = new Promise<void>((resolve) => {
      const off = this.onContainerEvent((event) => {
        if (event.containerId === containerId && event.type === 'exited') {
          off();
          resolve();
        }
      });
    });
    // The host forgets the logs with the pod: keep them (with timestamps, so tail and since still apply).
    await this.captureLogs(c);
    await this.deletePod(c.pod, gracePeriodSeconds);
    await Promise.race([
      exited,
      this.waitForPod(c.pod, (pod) => (pod ? undefined : true), `the container pod ${c.pod} to stop`),
    ]);
    // Lines written during the grace period, when the pod is still there to ask.
    await this.captureLogs(c);
    if ((c.status.state as ContainerStatus['state']) !== 'exited') {
      // The pod vanished without a final status reaching us: report it killed, as the kubelet does.
      c.status = { ...c.status, state: 'exited', exitCode: 137, reason: 'Error', finishedAt: new Date() };
      this.emit('exited', c);
    }
  }

  private async captureLogs(c: Container): Promise<void> {
    try {
      c.finalLogs = await this.client.requestText('GET', `/api/v1/namespaces/${this.ns}/pods/${c.pod}/log`, {
        container: c.config.name,
        timestamps: true,
      });
    } catch {
      // Already gone: keep what was captured before.
    }
  }

  async removeContainer(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    await this.deletePod(c.pod, 0);
    this.containers.delete(containerId);
    this.byPod.delete(c.pod);
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

  private async volumesOf(
    sandbox: Sandbox,
    config: ContainerConfig,
  ): Promise<
    {
      name: string;
      source: Record<string, unknown>;
      mount: ContainerConfig['mounts'] extends (infer M)[] | undefined ? M : never;
    }[]
  > {
    const volumes = [];
    let i = 0;
    for (const mount of config.mounts ?? []) {
      const name = `vol-${i++}`;
      if (mount.kind === 'files') {
        const secret = volumeObjectName(sandbox.id, mount.volumeName);
        const { items } = await this.writeFiles(sandbox.id, secret, mount.files);
        volumes.push({ name, source: { secret: { secretName: secret, items } }, mount });
      } else {
        // emptyDir claims live and die with the sandbox; hostPath ones (the learner cluster's persistent
        // volumes) belong to the node and outlive sandboxes, restarts and sleeps.
        const claim =
          mount.kind === 'emptyDir'
            ? volumeObjectName(sandbox.id, mount.volumeName)
            : hostPathClaimName(this.runtimeId, mount.hostPath);
        await this.ensureClaim(claim, mount.kind === 'emptyDir' ? sandbox.id : 'node');
        volumes.push({ name, source: { persistentVolumeClaim: { claimName: claim } }, mount });
      }
    }
    return volumes;
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
        if (seen === content) break;
        if (Date.now() > deadline) throw new Error(`volume ${volumeName} not refreshed by the host in time`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  // ---- streams ----

  async exec(containerId: string, cmd: string[], io: ExecIO): Promise<{ exitCode: number }> {
    const c = this.containerOf(containerId);
    if (c.status.state !== 'running') {
      throw new Error(`container ${containerId} is not running (state: ${c.status.state})`);
    }
    try {
      return await remoteCommand(
        this.options.host.streams,
        { namespace: this.ns, pod: c.pod, container: c.config.name, command: cmd },
        io,
      );
    } catch (err) {
      // The host's text is containerd's (`OCI runtime exec failed: … executable file not found …`): keep it.
      if (err instanceof RemoteCommandError) throw new Error(err.message, { cause: err });
      throw err;
    }
  }

  async attach(containerId: string, io: AttachIO): Promise<void> {
    const c = this.containerOf(containerId);
    await remoteCommand(
      this.options.host.streams,
      { namespace: this.ns, pod: c.pod, container: c.config.name },
      io,
    );
  }

  portForward(podSandboxId: string, port: number): Promise<Duplex> {
    this.sandboxOf(podSandboxId);
    // The host offers port-forward only over SPDY or WebSocket-tunnelled SPDY, which this runtime does not
    // speak yet: say so instead of pretending.
    return Promise.reject(
      new Error(
        `port-forward to port ${port} is not available with the kubernetes runtime (see kubelet/runtime/kubernetes/README.md)`,
      ),
    );
  }

  async logs(containerId: string, options: LogOptions): Promise<void> {
    const c = this.containerOf(containerId);
    const query: Record<string, unknown> = {
      container: c.config.name,
      ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
      ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
      ...(options.sinceTime ? { sinceTime: options.sinceTime.toISOString() } : {}),
      ...(options.timestamps ? { timestamps: true } : {}),
      ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
      ...(options.follow ? { follow: true } : {}),
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
      const c = this.byPod.get(item.metadata.name);
      if (!c || c.status.state !== 'running') continue;
      if (filter.podSandboxId && c.sandboxId !== filter.podSandboxId) continue;
      const usage = item.containers.find((x) => x.name === c.config.name)?.usage ?? {};
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
   * its pod sandboxes (files Secrets, emptyDir claims); hostPath claims stay for the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.watch?.stop();
    await this.options.network?.close();
    if (!this.ready) return;
    await this.removeOwnObjects();
  }

  /** removeOwnObjects deletes this learner node's pods, files Secrets and emptyDir claims (not hostPath ones). */
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
