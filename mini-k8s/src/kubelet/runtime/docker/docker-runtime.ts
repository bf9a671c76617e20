/**
 * DockerRuntime runs a learner sandbox's pods as real containers through a Docker daemon (dockerode). The
 * daemon is the state store: every container carries labels (`labels.ts`) and ids are Docker ids (pod
 * sandbox id = the pause container's id), so a new instance adopts what a previous one left (`adopt`).
 * Each runtime instance only ever sees containers labelled with its own `sandboxId`: ids of another
 * sandbox are "not found". See `network.ts` (isolation), `security.ts` (hardening) and `volumes.ts`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { AttachIO, ExecIO } from '../io';
import type { PolicyMatrix } from '../../../network/policy-matrix';
import type { ServiceMap } from '../../../proxy/service-map';
import type { Pod } from '../../types';
import {
  ContainerStartError,
  type AdmissionRejection,
  RuntimeNotFoundError,
  type ContainerConfig,
  type ContainerEvent,
  type ContainerRuntime,
  type ContainerStats,
  type ContainerStatus,
  type ImageInfo,
  type LogOptions,
  type PodSandboxConfig,
  type PodSandboxStatus,
} from '../runtime';
import { DEFAULT_IMAGE_ALIASES, DEFAULT_IMAGE_ALLOW, OFFLINE_TAGS } from './course-images';
import { containerCreateOptions, containerStatusFromInspect, killAndWait, stopWithGrace } from './containers';
import { attachToContainer, execInContainer } from './exec';
import { removeDockerSandbox } from './cleanup';
import {
  checkDirectNetwork,
  dropPodIpAllocators,
  plugPod,
  podIpAllocator,
  podNetworkMode,
  unplugPod,
  vethName,
  type PodIpAllocator,
  type PodNetworkMode,
  type PodNetworkSetting,
} from './direct-network';
import { DaemonEventWatcher } from './events';
import { ImageStore } from './image-store';
import { daemonMessage, inspectImage, resolveImage, type ImagePolicy } from './images';
import { CONTAINER_ROLE, LABELS, labelNumber, SANDBOX_ROLE, sandboxFilter } from './labels';
import { readLogs } from './logs';
import { cidrContains, ensureNetwork, type SandboxNetwork } from './network';
import { buildCourseImages } from './offline-images';
import { podEtcMounts, writePodEtcFiles } from './pod-etc-files';
import { sandboxCreateOptions, sandboxIp, sandboxStatusFromInspect } from './sandbox';
import { DEFAULT_LIMITS, podSecurityRejection, type RuntimeLimits } from './security';
import { PolicyRulesSyncer } from './policy-rules';
import { bridgeName, ServiceRulesSyncer } from './service-rules';
import { collectStats, StatsSampler } from './stats';
import {
  defaultFilesDir,
  filesVolumeDir,
  prepareMounts,
  removePodDirs,
  writeAtomicFiles,
  type VolumeDirs,
} from './volumes';

/** DockerRuntimeOptions configure one node of one learner sandbox. */
export interface DockerRuntimeOptions {
  /** docker is the daemon client (default: the local socket or DOCKER_HOST). */
  docker?: Docker;
  /** sandboxId is the learner sandbox (cluster) id: network, labels and cleanup unit. */
  sandboxId: string;
  nodeName: string;
  /** podCidr is the preferred subnet of the sandbox network (used when free). */
  podCidr?: string;
  network?: { allowOutbound: boolean };
  /**
   * onIsolationError is told when the sandbox network's gateway rules (`gateway-rules.ts`) cannot be
   * installed (no CAP_NET_ADMIN on the Docker host); default: a process warning. The network is used anyway.
   */
  onIsolationError?: (err: unknown) => void;
  imagePolicy?: ImagePolicy;
  /** dataDir is the sandbox's directory for emptyDir, hostPath and PersistentVolume data. */
  dataDir: string;
  /** filesDir holds configMap/secret files (default: tmpfs under /dev/shm when available). */
  filesDir?: string;
  limits?: Partial<RuntimeLimits>;
  /** pauseImage is the sandbox container image (built offline when missing). */
  pauseImage?: string;
  /**
   * podNetwork: `docker` (default) gives each pause container a Docker endpoint on the sandbox network;
   * `direct` plugs it into the network's bridge itself (`direct-network.ts`), which needs root on the Docker
   * host and is refused at start-up otherwise; `auto` is `direct` when this process can, else `docker`.
   * Default: `DOCKER_POD_NETWORK`.
   */
  podNetwork?: PodNetworkSetting;
}

/** DirectNetwork is what the direct pod network needs once the sandbox network is known. */
interface DirectNetwork {
  bridge: string;
  mtu: number;
  allocator: PodIpAllocator;
}

/** CloseOptions: `removeAll` (default true) deletes this node's containers, and the sandbox once empty. */
export interface CloseOptions {
  removeAll?: boolean;
}

function isNotFoundError(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

function random(): string {
  return randomBytes(3).toString('hex');
}

/** DockerRuntime implements ContainerRuntime with one Docker container per CRI container. */
export class DockerRuntime implements ContainerRuntime {
  readonly runtimeName = 'docker';
  runtimeVersion = '20.10';

  private readonly docker: Docker;
  private readonly options: DockerRuntimeOptions;
  private readonly limits: RuntimeLimits;
  private readonly policy: ImagePolicy;
  private readonly dirs: VolumeDirs;
  private readonly pauseImage: string;
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly sampler = new StatsSampler();
  /** ips remembers pod IPs: the daemon forgets them once a sandbox stops, CRI keeps reporting them. */
  private readonly ips = new Map<string, string>();
  private network: Promise<SandboxNetwork> | undefined;
  /** podNetworkSetting is what was asked; `auto` is settled by `ready()` into `podNetwork`. */
  private readonly podNetworkSetting: PodNetworkSetting;
  /** podNetwork is the pod network mode in use (`docker` until `ready()` settles `auto`). */
  podNetwork: PodNetworkMode;
  private direct: DirectNetwork | undefined;
  private readonly events: DaemonEventWatcher;
  private readonly images: ImageStore;
  private closed = false;
  private pauseImageReady = false;
  private serviceRules: ServiceRulesSyncer | undefined;
  private policyRules: PolicyRulesSyncer | undefined;
  /**
   * oomKilled lists containers the daemon reported an `oom` event for. Why: Docker 20.10 sets the OOMKilled
   * flag only when containerd's OOM event reaches it before the exit event; under load the exit may come
   * first and the flag stays false (containerd's CRI applies the OOM event whichever order they arrive in).
   */
  private readonly oomKilled = new Set<string>();
  /**
   * podLabels / created remember the pod sandboxes and app containers this instance created (ownership
   * known, labels immutable), so a pod start does not inspect them again: a pod start is 5 daemon calls
   * (create + start of each container, the budget's list) instead of 8. Entries go when they are removed;
   * adopted objects are not in them and are inspected as before.
   */
  private readonly podLabels = new Map<string, Record<string, string>>();
  private readonly created = new Set<string>();

  constructor(options: DockerRuntimeOptions) {
    this.options = options;
    this.podNetworkSetting = options.podNetwork ?? podNetworkMode();
    this.podNetwork = this.podNetworkSetting === 'direct' ? 'direct' : 'docker';
    this.docker = options.docker ?? new Docker();
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.policy = options.imagePolicy ?? {
      allow: DEFAULT_IMAGE_ALLOW,
      aliases: DEFAULT_IMAGE_ALIASES,
      registry: true,
    };
    this.dirs = {
      dataDir: path.resolve(options.dataDir),
      filesDir: path.resolve(options.filesDir ?? defaultFilesDir(options.dataDir, options.sandboxId)),
    };
    this.pauseImage = options.pauseImage ?? OFFLINE_TAGS.pause;
    this.images = new ImageStore(this.docker, this.policy);
    this.events = new DaemonEventWatcher(
      this.docker,
      [
        `${LABELS.sandbox}=${options.sandboxId}`,
        `${LABELS.node}=${options.nodeName}`,
        `${LABELS.role}=${CONTAINER_ROLE}`,
      ],
      (id, action) => {
        if (action === 'oom') this.oomKilled.add(id);
        void this.emitFor(id, action);
      },
    );
  }

  /** start connects to the daemon: version, network, events. Called lazily by the first operation. */
  private async ready(): Promise<SandboxNetwork> {
    if (this.closed) throw new Error('DockerRuntime is closed');
    if (!this.network) {
      this.network = (async () => {
        const version = await this.docker.version();
        this.runtimeVersion = version.Version;
        fs.mkdirSync(this.dirs.dataDir, { recursive: true });
        fs.mkdirSync(this.dirs.filesDir, { recursive: true, mode: 0o700 });
        await this.events.start();
        const network = await ensureNetwork(this.docker, this.options.sandboxId, {
          allowOutbound: this.options.network?.allowOutbound ?? false,
          preferredSubnet: this.options.podCidr,
          onIsolationError:
            this.options.onIsolationError ??
            ((err) =>
              process.emitWarning(
                `sandbox ${this.options.sandboxId}: containers may reach every address of the Docker host: ${String(err)}`,
                'AtelierIsolationWarning',
              )),
        });
        if (this.podNetworkSetting !== 'docker') {
          const bridge = bridgeName(network.id);
          let mtu: number | undefined;
          try {
            mtu = await checkDirectNetwork(network, bridge);
          } catch (err) {
            // Why: `auto` falls back to Docker's endpoints; an explicit `direct` refuses to run without it.
            if (this.podNetworkSetting === 'direct') throw err;
          }
          if (mtu !== undefined) {
            this.podNetwork = 'direct';
            this.direct = {
              bridge,
              mtu,
              allocator: podIpAllocator(this.docker, this.options.sandboxId, network),
            };
          }
        }
        return network;
      })();
      this.network.catch(() => (this.network = undefined));
    }
    return this.network;
  }

  private async emitFor(id: string, action: 'start' | 'die' | 'oom'): Promise<void> {
    let status: ContainerStatus;
    try {
      status = containerStatusFromInspect(
        await this.docker.getContainer(id).inspect(),
        this.oomKilled.has(id),
      );
    } catch {
      return;
    }
    // Why: an `oom` only matters once the container is dead (then it corrects the reason); while it runs
    // (a child process was killed, PID 1 survived) there is nothing to report yet.
    if (action === 'oom' && status.state !== 'exited') return;
    // Why: the daemon sends `start` before a fast process may already have exited; report what happened.
    const type = action === 'die' || status.state === 'exited' ? 'exited' : 'started';
    this.emit({ type, containerId: id, podSandboxId: status.podSandboxId, status });
  }

  private emit(event: ContainerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** inspectOwned inspects a container of this sandbox with the given role; others are "not found". */
  private async inspectOwned(id: string, role: string): Promise<Docker.ContainerInspectInfo> {
    const what = role === SANDBOX_ROLE ? 'sandbox' : 'container';
    try {
      const info = await this.docker.getContainer(id).inspect();
      const labels = info.Config.Labels ?? {};
      if (labels[LABELS.sandbox] !== this.options.sandboxId || labels[LABELS.role] !== role) {
        throw new RuntimeNotFoundError(what, id);
      }
      return info;
    } catch (err) {
      if (isNotFoundError(err)) throw new RuntimeNotFoundError(what, id);
      throw err;
    }
  }

  private async listOwned(extra: string[], all = true): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({
      all,
      filters: sandboxFilter(this.options.sandboxId, [`${LABELS.node}=${this.options.nodeName}`, ...extra]),
    });
  }

  /** admitPod refuses, at kubelet admission, the pods `security.ts` forbids (reason `PodSecurityForbidden`). */
  admitPod(pod: Pod): AdmissionRejection | undefined {
    return podSecurityRejection(pod);
  }

  /**
   * clusterDnsHost is the sandbox network's gateway: the host keeps that address on the bridge, and
   * containers reach it over UDP and TCP even on an internal network (measured on Docker 20.10).
   */
  async clusterDnsHost(): Promise<string | undefined> {
    return (await this.ready()).gateway || undefined;
  }

  /**
   * serveServices installs this sandbox network's Service DNAT rules on the host (`service-rules.ts`);
   * false when they could not be installed.
   */
  async serveServices(
    proxy: { nodeName: string; serviceMap(): ServiceMap; nodes?(): { name: string; ip: string }[] },
    onError: (err: unknown) => void,
    redirects?: ReadonlyMap<string, { ip: string; port: number }>,
  ): Promise<boolean> {
    const network = await this.ready();
    await this.serviceRules?.stop();
    this.serviceRules = new ServiceRulesSyncer({
      sandboxId: this.options.sandboxId,
      bridge: bridgeName(network.id),
      nodeName: proxy.nodeName,
      dnsHost: network.gateway || undefined,
      serviceMap: () => proxy.serviceMap(),
      nodes: () => proxy.nodes?.() ?? [],
      redirects,
      onError,
    });
    return this.serviceRules.start();
  }

  /** enforceNetworkPolicy installs this sandbox network's NetworkPolicy chain on the host (`policy-rules.ts`). */
  async enforceNetworkPolicy(matrix: () => PolicyMatrix, onError: (err: unknown) => void): Promise<boolean> {
    const network = await this.ready();
    await this.policyRules?.stop();
    this.policyRules = new PolicyRulesSyncer({
      sandboxId: this.options.sandboxId,
      bridge: bridgeName(network.id),
      matrix,
      onError,
    });
    return this.policyRules.start();
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    if (config.hostNetwork) {
      // Why: defence in depth; `validatePodSecurity` refuses such pods at admission already.
      throw new Error(`pod "${config.name}": hostNetwork=true is not allowed on this platform`);
    }
    const network = await this.ready();
    if (!this.pauseImageReady) {
      if (!(await inspectImage(this.docker, this.pauseImage))) {
        await buildCourseImages(this.docker, { only: [this.pauseImage] });
      }
      this.pauseImageReady = true;
    }
    if (this.direct) return this.startDirectSandbox(config, network, this.direct);
    try {
      return await this.startSandboxContainer(config, network);
    } catch (err) {
      // Why: the kubelet's per-node IPAM does not know the addresses Docker gave other nodes of the same
      // sandbox network; on a clash the daemon picks a free address instead.
      if (!config.podIp || !/address already in use|already allocated/i.test((err as Error).message))
        throw err;
      return this.startSandboxContainer({ ...config, podIp: undefined }, network);
    }
  }

  private async startSandboxContainer(config: PodSandboxConfig, network: SandboxNetwork): Promise<string> {
    const options = sandboxCreateOptions({
      config,
      sandboxId: this.options.sandboxId,
      nodeName: this.options.nodeName,
      network,
      pauseImage: this.pauseImage,
      random: random(),
    });
    const created = await this.docker.createContainer(options);
    try {
      await created.start();
    } catch (err) {
      await this.forceRemove(created.id).catch(() => undefined);
      throw new Error(`failed to start sandbox container for pod "${config.name}": ${daemonMessage(err)}`, {
        cause: err,
      });
    }
    // The IP asked for is the IP given (the daemon refuses the start otherwise). One the daemon picked is
    // read by the first podSandboxStatus (the kubelet's next call) or stopPodSandbox: its inspection is
    // needed anyway, so none here.
    if (config.podIp && network.subnet && cidrContains(network.subnet, config.podIp))
      this.ips.set(created.id, config.podIp);
    this.podLabels.set(created.id, options.Labels ?? {});
    return created.id;
  }

  /**
   * startDirectSandbox starts a pause container without a Docker endpoint and plugs it into the bridge
   * (`direct-network.ts`): an address reserved first (recorded in a label), the container created and
   * started, its PID read, then the veth set up. Any failure removes the container and frees the address.
   */
  private async startDirectSandbox(
    config: PodSandboxConfig,
    network: SandboxNetwork,
    direct: DirectNetwork,
  ): Promise<string> {
    const ip = await direct.allocator.allocate(`pending:${config.uid}`, config.podIp);
    let id = '';
    try {
      const options = sandboxCreateOptions({
        config,
        sandboxId: this.options.sandboxId,
        nodeName: this.options.nodeName,
        network,
        pauseImage: this.pauseImage,
        random: random(),
        directIp: ip,
        etcMounts: writePodEtcFiles(this.dirs, config, ip),
      });
      const created = await this.docker.createContainer(options);
      id = created.id;
      await created.start();
      const info = await created.inspect();
      await plugPod({
        pid: info.State.Pid,
        veth: vethName(id),
        bridge: direct.bridge,
        mtu: direct.mtu,
        ip,
        prefixLength: direct.allocator.prefixLength,
        gateway: network.gateway,
        defaultRoute: this.options.network?.allowOutbound ?? false,
      });
      this.ips.set(id, ip);
      this.podLabels.set(id, options.Labels ?? {});
      return id;
    } catch (err) {
      if (id) await this.forceRemove(id).catch(() => undefined);
      direct.allocator.release(ip);
      throw new Error(`failed to start sandbox container for pod "${config.name}": ${daemonMessage(err)}`, {
        cause: err,
      });
    }
  }

  /** releaseDirect frees a removed direct pod's address and any veth left (none once the netns is gone). */
  private async releaseDirect(podSandboxId: string, labels: Record<string, string>): Promise<void> {
    const ip = labels[LABELS.podIp];
    if (!ip) return;
    await unplugPod(vethName(podSandboxId));
    this.direct?.allocator.release(ip);
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const info = await this.inspectOwned(podSandboxId, SANDBOX_ROLE);
    // Why: the daemon forgets the IP once the sandbox stops; CRI keeps reporting it.
    const ip = sandboxIp(info, (await this.ready()).name);
    if (ip) this.ips.set(podSandboxId, ip);
    const members = await this.listOwned([`${LABELS.podSandbox}=${podSandboxId}`], false);
    await Promise.all([...members.map((c) => c.Id), podSandboxId].map((id) => this.kill(id)));
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.inspectOwned(podSandboxId, SANDBOX_ROLE);
    } catch (err) {
      if (err instanceof RuntimeNotFoundError) return;
      throw err;
    }
    const members = await this.listOwned([`${LABELS.podSandbox}=${podSandboxId}`]);
    for (const member of members) await this.forceRemove(member.Id);
    await this.forceRemove(podSandboxId);
    await this.releaseDirect(podSandboxId, info.Config.Labels ?? {});
    this.ips.delete(podSandboxId);
    this.podLabels.delete(podSandboxId);
    removePodDirs(this.dirs, info.Config.Labels?.[LABELS.podUid] ?? '');
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    const info = await this.inspectOwned(podSandboxId, SANDBOX_ROLE);
    const network = await this.ready();
    const ip = sandboxIp(info, network.name) || this.ips.get(podSandboxId) || '';
    if (ip) this.ips.set(podSandboxId, ip);
    return sandboxStatusFromInspect(info, ip);
  }

  async listPodSandboxes(): Promise<PodSandboxStatus[]> {
    const list = await this.listOwned([`${LABELS.role}=${SANDBOX_ROLE}`]);
    const out = await Promise.all(list.map((c) => this.podSandboxStatus(c.Id).catch(() => undefined)));
    return out.filter((s): s is PodSandboxStatus => s !== undefined);
  }

  async createContainer(podSandboxId: string, config: ContainerConfig): Promise<string> {
    await this.ready();
    // The sandbox's labels and the budget's list of containers are independent daemon reads: one round trip.
    const [labels, used] = await Promise.all([
      this.podLabels.get(podSandboxId) ??
        this.inspectOwned(podSandboxId, SANDBOX_ROLE).then((info) => info.Config.Labels ?? {}),
      this.sandboxMemoryUsed(),
    ]);
    const pod = {
      namespace: labels[LABELS.podNamespace] ?? '',
      name: labels[LABELS.podName] ?? '',
      uid: labels[LABELS.podUid] ?? '',
    };
    const resolved = resolveImage(config.image, this.policy);
    const mounts = prepareMounts(
      this.dirs,
      pod.uid,
      `${config.name}-${config.attempt ?? 0}`,
      config.mounts ?? [],
    );
    // A direct pod's pause container has no Docker networking, so nothing of its hosts and resolv.conf is
    // inherited: its containers bind the files the runtime wrote (`pod-etc-files.ts`).
    if (labels[LABELS.podIp]) mounts.push(...podEtcMounts(this.dirs, pod.uid, mounts));
    const options = containerCreateOptions({
      config,
      sandboxId: this.options.sandboxId,
      nodeName: this.options.nodeName,
      podSandboxId,
      pod,
      localImage: resolved.local,
      mounts,
      limits: this.limits,
      random: random(),
    });
    this.checkSandboxBudget(used, Number(options.Labels?.[LABELS.memory] ?? 0));
    try {
      const created = await this.docker.createContainer(options);
      this.created.add(created.id);
      return created.id;
    } catch (err) {
      throw new Error(daemonMessage(err), { cause: err });
    }
  }

  /** sandboxMemoryUsed sums the memory limits of the sandbox's live containers (0 without a budget). */
  private async sandboxMemoryUsed(): Promise<number> {
    if (!this.limits.sandboxMemoryBytes) return 0;
    const live = await this.docker.listContainers({
      all: true,
      filters: sandboxFilter(this.options.sandboxId, [`${LABELS.role}=${CONTAINER_ROLE}`]),
    });
    return live
      .filter((c) => c.State === 'running' || c.State === 'created')
      .reduce((sum, c) => sum + labelNumber(c.Labels, LABELS.memory), 0);
  }

  /** checkSandboxBudget refuses a container whose memory would exceed the sandbox's total budget. */
  private checkSandboxBudget(used: number, memory: number): void {
    const budget = this.limits.sandboxMemoryBytes;
    if (!budget) return;
    if (used + memory > budget) {
      throw new Error(
        `sandbox memory budget exceeded: ${Math.round((used + memory) / 1048576)}Mi requested, ` +
          `${Math.round(budget / 1048576)}Mi allowed`,
      );
    }
  }

  async startContainer(containerId: string): Promise<void> {
    if (!this.created.has(containerId)) await this.inspectOwned(containerId, CONTAINER_ROLE);
    try {
      await this.docker.getContainer(containerId).start();
    } catch (err) {
      const found = await this.containerStatus(containerId).catch((e: unknown) => e);
      // A container removed behind this instance's back is "not found", as the inspection said before.
      if (found instanceof RuntimeNotFoundError) throw found;
      const status = found instanceof Error ? undefined : (found as ContainerStatus);
      if (status) this.emit({ type: 'exited', containerId, podSandboxId: status.podSandboxId, status });
      throw new ContainerStartError(status?.message ?? daemonMessage(err));
    }
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    const info = await this.inspectOwned(containerId, CONTAINER_ROLE);
    if (info.State.Running)
      await stopWithGrace(this.docker.getContainer(containerId), info, gracePeriodSeconds);
  }

  private async kill(id: string): Promise<void> {
    await killAndWait(this.docker.getContainer(id));
  }

  private async forceRemove(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (!isNotFoundError(err) && !/already in progress/.test(daemonMessage(err))) throw err;
    }
    this.sampler.forget(id);
    this.oomKilled.delete(id);
    this.created.delete(id);
    this.podLabels.delete(id);
  }

  async removeContainer(containerId: string): Promise<void> {
    try {
      await this.inspectOwned(containerId, CONTAINER_ROLE);
    } catch (err) {
      if (err instanceof RuntimeNotFoundError) return;
      throw err;
    }
    await this.forceRemove(containerId);
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return containerStatusFromInspect(
      await this.inspectOwned(containerId, CONTAINER_ROLE),
      this.oomKilled.has(containerId),
    );
  }

  async listContainers(filter: { podSandboxId?: string } = {}): Promise<ContainerStatus[]> {
    const extra = [`${LABELS.role}=${CONTAINER_ROLE}`];
    if (filter.podSandboxId) extra.push(`${LABELS.podSandbox}=${filter.podSandboxId}`);
    const list = await this.listOwned(extra);
    const out = await Promise.all(list.map((c) => this.containerStatus(c.Id).catch(() => undefined)));
    return out.filter((s): s is ContainerStatus => s !== undefined);
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async updateFiles(podSandboxId: string, volumeName: string, files: Record<string, string>): Promise<void> {
    const info = await this.inspectOwned(podSandboxId, SANDBOX_ROLE);
    writeAtomicFiles(filesVolumeDir(this.dirs, info.Config.Labels?.[LABELS.podUid] ?? '', volumeName), files);
  }

  async exec(containerId: string, cmd: string[], io: ExecIO): Promise<{ exitCode: number }> {
    const info = await this.inspectOwned(containerId, CONTAINER_ROLE);
    if (!info.State.Running) throw new Error(`container ${containerId} is not running`);
    return execInContainer(this.docker.getContainer(containerId), cmd, io);
  }

  async attach(containerId: string, io: AttachIO): Promise<void> {
    await this.inspectOwned(containerId, CONTAINER_ROLE);
    await attachToContainer(this.docker.getContainer(containerId), io);
  }

  async portForward(podSandboxId: string, port: number): Promise<Duplex> {
    const { ip } = await this.podSandboxStatus(podSandboxId);
    if (!ip) throw new Error(`pod sandbox ${podSandboxId} has no IP`);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: ip, port });
      socket.once('connect', () => resolve(socket));
      socket.once('error', (err) =>
        reject(
          new Error(
            `failed to connect to localhost:${port} inside namespace "${podSandboxId}": ${err.message}`,
          ),
        ),
      );
    });
  }

  async logs(containerId: string, options: LogOptions): Promise<void> {
    const info = await this.inspectOwned(containerId, CONTAINER_ROLE);
    await readLogs(this.docker.getContainer(containerId), info.Config.Tty, options);
  }

  async stats(filter: { podSandboxId?: string } = {}): Promise<ContainerStats[]> {
    const extra = [`${LABELS.role}=${CONTAINER_ROLE}`];
    if (filter.podSandboxId) extra.push(`${LABELS.podSandbox}=${filter.podSandboxId}`);
    const running = await this.listOwned(extra, false);
    return collectStats(this.docker, this.sampler, running);
  }

  async pullImage(image: string): Promise<ImageInfo> {
    await this.ready();
    return this.images.pull(image);
  }

  imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.images.status(image);
  }

  listImages(): Promise<ImageInfo[]> {
    return this.images.list();
  }

  removeImage(image: string): Promise<void> {
    return this.images.remove(image);
  }

  /**
   * adopt rebuilds this instance's view after a server restart: it reconnects to the existing network and
   * events, and remembers the IPs of running sandboxes. Returns what it found.
   */
  async adopt(): Promise<{ sandboxes: number; containers: number }> {
    await this.ready();
    const sandboxes = await this.listPodSandboxes();
    const containers = await this.listContainers();
    return { sandboxes: sandboxes.length, containers: containers.length };
  }

  /**
   * removeSandbox deletes everything of this learner sandbox on every node: containers, the network and
   * the data and files directories (PersistentVolume data included).
   */
  async removeSandbox(): Promise<void> {
    await removeDockerSandbox(this.docker, this.options.sandboxId, this.dirs);
    dropPodIpAllocators(this.options.sandboxId);
  }

  async close(options: CloseOptions = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.events.stop();
    await this.serviceRules?.stop();
    await this.policyRules?.stop();
    this.listeners.clear();
    if (options.removeAll === false) return;
    const mine = await this.listOwned([]);
    for (const c of mine.filter((x) => x.Labels[LABELS.role] === CONTAINER_ROLE))
      await this.forceRemove(c.Id);
    for (const c of mine.filter((x) => x.Labels[LABELS.role] === SANDBOX_ROLE)) {
      await this.forceRemove(c.Id);
      await this.releaseDirect(c.Id, c.Labels);
      removePodDirs(this.dirs, c.Labels[LABELS.podUid] ?? '');
    }
    const left = await this.docker.listContainers({
      all: true,
      filters: sandboxFilter(this.options.sandboxId),
    });
    if (left.length === 0) {
      await removeDockerSandbox(this.docker, this.options.sandboxId, this.dirs);
      dropPodIpAllocators(this.options.sandboxId);
    }
  }
}

export { removeDockerSandbox };
