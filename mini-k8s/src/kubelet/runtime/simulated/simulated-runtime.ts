/**
 * SimulatedRuntime: a KWOK-like ContainerRuntime with no Docker. Containers are simulated processes
 * (process.ts) over per-container virtual file systems (filesystem.ts), images come from the ImageCatalog,
 * logs are bounded buffers, stats follow each image's baseline plus load. `speed` scales the delays
 * (0 = instant for tests, 1 = realistic: pull 1-3 s, start 0.5 s).
 */
import { Duplex } from 'node:stream';
import {
  formatImageRef,
  parseImageRef,
  pullAccessDeniedError,
  pullNotFoundError,
  pullUnreachableError,
} from '../image-ref';
import { InputQueue, toBytes, type AttachIO, type ExecIO } from '../io';
import { LocalNetwork, type NetworkResolver, type SimHttpRequest, type SimHttpResponse } from '../network';
import {
  ContainerStartError,
  RuntimeNotFoundError,
  type ContainerConfig,
  type ContainerEvent,
  type ContainerRuntime,
  type ContainerStats,
  type ContainerStatus,
  type ImageInfo,
  imageUser,
  type LogOptions,
  type PodSandboxConfig,
  type PodSandboxStatus,
} from '../runtime';
import { AtomicFilesVolume, FileSystem, newDir, type DirNode } from './filesystem';
import { ImageCatalog, osFiles, type ResolvedImage } from './image-catalog';
import { LogBuffer } from './log-buffer';
import type { PidNamespace } from './process';
import { execErrorMessage, ProcessTable, startErrorMessage } from './process';
import { EMPTY_STDIN, Terminal } from './terminal';
import { TimerSet, type Clock } from './timers';
import { parseHttpRequests, formatHttpResponse } from './http-wire';
import { hostsFileContent } from '../hosts-file';

/** SimulatedRuntimeOptions configure one node's runtime. */
export interface SimulatedRuntimeOptions {
  nodeName: string;
  /** speed scales delays: 0 = instant, 1 = realistic. */
  speed: number;
  catalog?: ImageCatalog;
  clock?: Clock;
  /** podCidr is the node's pod range for IPs the caller does not assign (default 10.244.0.0/24). */
  podCidr?: string;
  /** nodeIp is used by hostNetwork pods. */
  nodeIp?: string;
  /** network replaces the node-local resolver (cluster DNS, Services, other nodes). */
  network?: NetworkResolver;
  /** allowUnknownImages runs images outside the catalogue as busybox-like images instead of failing the pull. */
  allowUnknownImages?: boolean;
}

interface Sandbox {
  id: string;
  config: PodSandboxConfig;
  ip: string;
  createdAt: Date;
  state: 'ready' | 'notready';
  volumes: Map<string, DirNode | AtomicFilesVolume>;
  loadMilli: number;
  unregister: () => void;
}

interface Container {
  id: string;
  sandbox: Sandbox;
  config: ContainerConfig;
  image: ResolvedImage;
  status: ContainerStatus;
  logs: LogBuffer;
  fs?: FileSystem;
  table?: ProcessTable;
  listeners: Map<number, (request: SimHttpRequest) => SimHttpResponse>;
  stdin?: InputQueue<Uint8Array | string>;
  attached: Set<(text: string) => void>;
  oom: boolean;
  requests: number[];
  cpuTotalNs: number;
  lastStatsMs: number;
  exited: Promise<void>;
  markExited: () => void;
}

const MI = 1024 * 1024;

/** SimulatedRuntime implements ContainerRuntime in memory; see the file comment. */
export class SimulatedRuntime implements ContainerRuntime {
  readonly runtimeName = 'containerd';
  readonly runtimeVersion = '1.7.24';
  private readonly catalog: ImageCatalog;
  private readonly now: Clock;
  private readonly timers = new TimerSet();
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  private readonly images = new Map<string, ResolvedImage>();
  private readonly hostDirs = new Map<string, DirNode>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly localNetwork = new LocalNetwork();
  private readonly network: NetworkResolver;
  private readonly cidrBase: number[];
  private nextHost = 2;
  private nextId = 1;

  constructor(private readonly options: SimulatedRuntimeOptions) {
    this.catalog = options.catalog ?? new ImageCatalog();
    this.now = options.clock ?? Date.now;
    this.network = options.network ?? this.localNetwork;
    this.cidrBase = (options.podCidr ?? '10.244.0.0/24').split('/')[0].split('.').map(Number);
  }

  private newId(): string {
    const counter = (this.nextId++).toString(16).padStart(8, '0');
    return `${this.options.nodeName
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8)
      .padEnd(8, '0')}${counter}`.padEnd(64, '0');
  }

  private delay(ms: number): Promise<void> {
    return this.options.speed > 0 ? this.timers.sleep(ms * this.options.speed) : Promise.resolve();
  }

  private emit(container: Container, type: ContainerEvent['type']): void {
    const event: ContainerEvent = {
      type,
      containerId: container.id,
      podSandboxId: container.sandbox.id,
      status: { ...container.status },
    };
    for (const listener of this.listeners) listener(event);
  }

  /** handleHttp answers a request to `podIp:port` (used by cluster-wide network resolvers). */
  handleHttp(podIp: string, port: number, request: SimHttpRequest): SimHttpResponse | undefined {
    for (const sandbox of this.sandboxes.values()) {
      if (sandbox.ip !== podIp || sandbox.state !== 'ready') continue;
      for (const container of this.containers.values()) {
        const handler =
          container.sandbox === sandbox && container.status.state === 'running'
            ? container.listeners.get(port)
            : undefined;
        if (handler) {
          container.requests.push(this.now());
          if (container.requests.length > 200) container.requests.shift();
          return handler(request);
        }
      }
    }
    return undefined;
  }

  /** setLoad adds simulated CPU load (milli-cores) to a pod, spread over its containers (HPA exercises). */
  setLoad(podSandboxId: string, cpuMilli: number): void {
    this.sandbox(podSandboxId).loadMilli = Math.max(0, cpuMilli);
  }

  private allocateIp(): string {
    const used = new Set([...this.sandboxes.values()].map((s) => s.ip));
    for (let attempt = 0; attempt < 253; attempt++) {
      const host = this.nextHost;
      this.nextHost = this.nextHost >= 254 ? 2 : this.nextHost + 1;
      const ip = `${this.cidrBase[0]}.${this.cidrBase[1]}.${this.cidrBase[2]}.${host}`;
      if (!used.has(ip)) return ip;
    }
    throw new Error('failed to allocate for range 0: no IP addresses available in range set');
  }

  private sandbox(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new RuntimeNotFoundError('sandbox', id);
    return sandbox;
  }

  private container(id: string): Container {
    const container = this.containers.get(id);
    if (!container) throw new RuntimeNotFoundError('container', id);
    return container;
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = this.newId();
    const ip = config.hostNetwork
      ? (this.options.nodeIp ?? '192.168.49.2')
      : (config.podIp ?? this.allocateIp());
    const sandbox: Sandbox = {
      id,
      config,
      ip,
      createdAt: new Date(this.now()),
      state: 'ready',
      volumes: new Map(),
      loadMilli: 0,
      unregister: () => undefined,
    };
    sandbox.unregister = this.localNetwork.register(ip, (port, request) =>
      Promise.resolve(this.handleHttp(ip, port, request)),
    );
    this.sandboxes.set(id, sandbox);
    await this.delay(200);
    return id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const sandbox = this.sandbox(podSandboxId);
    for (const container of this.containers.values()) {
      if (container.sandbox === sandbox && container.status.state === 'running') {
        container.table?.killAll(137);
        await container.exited;
      }
    }
    sandbox.state = 'notready';
    sandbox.unregister();
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    if (!this.sandboxes.has(podSandboxId)) return;
    await this.stopPodSandbox(podSandboxId);
    for (const container of [...this.containers.values()]) {
      if (container.sandbox.id === podSandboxId) this.containers.delete(container.id);
    }
    this.sandboxes.delete(podSandboxId);
  }

  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    const s = this.sandbox(podSandboxId);
    return Promise.resolve({
      id: s.id,
      name: s.config.name,
      namespace: s.config.namespace,
      uid: s.config.uid,
      attempt: s.config.attempt ?? 0,
      state: s.state,
      createdAt: s.createdAt,
      ip: s.ip,
      hostname: s.config.hostname,
    });
  }

  async listPodSandboxes(): Promise<PodSandboxStatus[]> {
    return Promise.all([...this.sandboxes.keys()].map((id) => this.podSandboxStatus(id)));
  }

  async createContainer(podSandboxId: string, config: ContainerConfig): Promise<string> {
    const sandbox = this.sandbox(podSandboxId);
    const image = this.images.get(formatImageRef(parseImageRef(config.image)));
    if (!image)
      throw new Error(`rpc error: code = NotFound desc = failed to get image "${config.image}": not found`);
    const id = this.newId();
    let markExited = (): void => undefined;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const container: Container = {
      id,
      sandbox,
      config,
      image,
      status: {
        id,
        podSandboxId,
        name: config.name,
        attempt: config.attempt ?? 0,
        image: formatImageRef(image.ref),
        imageRef: `${image.spec.repository}@${image.digest}`,
        state: 'created',
        createdAt: new Date(this.now()),
      },
      logs: new LogBuffer(this.now),
      listeners: new Map(),
      stdin: config.stdin ? new InputQueue() : undefined,
      attached: new Set(),
      oom: false,
      requests: [],
      cpuTotalNs: 0,
      lastStatsMs: this.now(),
      exited,
      markExited,
    };
    this.containers.set(id, container);
    return id;
  }

  /** filesystem builds a container's file system on first use (most containers are never looked into). */
  private filesystem(container: Container): FileSystem {
    if (container.fs) return container.fs;
    const { sandbox, image, config } = container;
    const fs = new FileSystem(this.now, { ...osFiles(image.spec.os), ...image.spec.files });
    const dns = sandbox.config.dnsConfig;
    fs.writeFile('/etc/hosts', hostsFileContent(sandbox.config, sandbox.ip), { createParents: true });
    fs.writeFile('/etc/hostname', `${sandbox.config.hostname}\n`);
    if (dns) {
      const lines = [];
      if (dns.searches.length) lines.push(`search ${dns.searches.join(' ')}`);
      for (const server of dns.servers) lines.push(`nameserver ${server}`);
      if (dns.options.length) lines.push(`options ${dns.options.join(' ')}`);
      fs.writeFile('/etc/resolv.conf', `${lines.join('\n')}\n`);
    }
    if (config.workingDir) fs.mkdir(config.workingDir, { recursive: true });
    for (const mount of config.mounts ?? []) {
      let node: DirNode | undefined;
      if (mount.kind === 'emptyDir') {
        let volume = sandbox.volumes.get(mount.volumeName);
        if (!volume) sandbox.volumes.set(mount.volumeName, (volume = newDir(this.now(), 0o777)));
        node = volume instanceof AtomicFilesVolume ? volume.dir : volume;
      } else if (mount.kind === 'files') {
        let volume = sandbox.volumes.get(mount.volumeName);
        if (!(volume instanceof AtomicFilesVolume)) {
          volume = new AtomicFilesVolume(this.now, mount.files);
          sandbox.volumes.set(mount.volumeName, volume);
        }
        if (mount.subPath) {
          // Like Kubernetes, a subPath mount is a copy that configMap updates never reach.
          const file = volume.file(mount.subPath);
          if (file) fs.mount(mount.containerPath, file, mount.readOnly ?? false);
          continue;
        }
        node = volume.dir;
      } else {
        let dir = this.hostDirs.get(mount.hostPath);
        if (!dir) this.hostDirs.set(mount.hostPath, (dir = newDir(this.now())));
        node = dir;
      }
      if (mount.subPath) {
        const sub = new FileSystem(this.now);
        sub.root.children = node.children;
        node = sub.mkdir(mount.subPath, { recursive: true });
      }
      fs.mount(mount.containerPath, node, mount.readOnly ?? mount.kind === 'files');
    }
    container.fs = fs;
    return fs;
  }

  private processTable(container: Container): ProcessTable {
    if (container.table) return container.table;
    const { image, sandbox, config } = container;
    const env = new Map<string, string>([
      ['PATH', image.spec.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HOSTNAME', sandbox.config.hostname],
    ]);
    for (const [k, v] of Object.entries(image.spec.env)) env.set(k, v);
    for (const { name, value } of config.env ?? []) env.set(name, value);
    if (!env.has('HOME')) env.set('HOME', '/root');
    if (config.tty) env.set('TERM', 'xterm');
    const dns = sandbox.config.dnsConfig;
    container.table = new ProcessTable(
      {
        fs: this.filesystem(container),
        hostname: sandbox.config.hostname,
        podIp: sandbox.ip,
        os: image.spec.os,
        programs: image.spec.programs,
        network: this.network,
        resolveContext: {
          namespace: sandbox.config.namespace,
          searches: dns?.searches ?? [],
          nameserver: dns?.servers[0],
        },
        now: this.now,
        sleep: (ms, signal) => this.timers.sleep(ms, signal),
        memoryLimitBytes: config.resources?.memoryLimitBytes,
        baseEnv: env,
        workingDir: config.workingDir ?? image.spec.workingDir,
      },
      image,
      {
        listen: (port, handler) => container.listeners.set(port, handler),
        memoryChanged: () => {
          const limit = config.resources?.memoryLimitBytes;
          if (limit !== undefined && this.memoryOf(container) > limit) {
            container.oom = true;
            container.table?.killAll(137);
          }
        },
      },
      this.targetPidNamespace(config.targetContainerId),
    );
    return container.table;
  }

  /** targetPidNamespace is the PID namespace an ephemeral container joins (its target's), if any. */
  private targetPidNamespace(targetId: string | undefined): PidNamespace | undefined {
    const target = targetId ? this.containers.get(targetId) : undefined;
    return target ? this.processTable(target).pidNamespace : undefined;
  }

  private memoryOf(container: Container): number {
    return container.image.spec.memoryBaselineBytes + (container.table?.memoryBytes() ?? 0);
  }

  private argv(container: Container): string[] {
    const { config, image } = container;
    const entry = config.command ?? image.spec.entrypoint;
    const args = config.args ?? (config.command ? [] : image.spec.cmd);
    return [...entry, ...args];
  }

  async startContainer(containerId: string): Promise<void> {
    const container = this.container(containerId);
    if (container.status.state !== 'created')
      throw new Error(`rpc error: code = Unknown desc = container ${containerId} is not in created state`);
    const argv = this.argv(container);
    const table = this.processTable(container);
    await this.delay(500);
    if (argv.length === 0 || !table.canRun(argv[0])) {
      const message =
        argv.length === 0
          ? 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown'
          : startErrorMessage(argv[0]);
      Object.assign(container.status, {
        state: 'exited',
        exitCode: 128,
        reason: 'StartError',
        message,
        startedAt: new Date(0),
        finishedAt: new Date(this.now()),
      });
      container.logs.close();
      container.markExited();
      this.emit(container, 'exited');
      throw new ContainerStartError(message);
    }
    Object.assign(container.status, { state: 'running', startedAt: new Date(this.now()) });
    const write =
      (stream: 'stdout' | 'stderr') =>
      (text: string): void => {
        container.logs.write(stream, text);
        for (const listener of container.attached) listener(text);
      };
    this.emit(container, 'started');
    void table
      .run(argv, {
        stdin: EMPTY_STDIN,
        stdinStream: container.stdin,
        tty: container.config.tty ?? false,
        stdout: write('stdout'),
        stderr: write('stderr'),
      })
      .catch((error: unknown) => {
        write('stderr')(`${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      })
      .then((code) => this.finish(container, code));
  }

  private finish(container: Container, code: number): void {
    container.table?.killAll(137);
    const reason = container.oom ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
    Object.assign(container.status, {
      state: 'exited',
      exitCode: container.oom ? 137 : code,
      reason,
      finishedAt: new Date(this.now()),
    });
    container.listeners.clear();
    container.stdin?.end();
    container.logs.close();
    container.markExited();
    this.emit(container, 'exited');
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    const container = this.container(containerId);
    if (container.status.state !== 'running') return;
    container.table?.kill(1, 15);
    const cancel = this.timers.after(Math.max(0, gracePeriodSeconds) * 1000, () =>
      container.table?.killAll(137),
    );
    await container.exited;
    cancel();
  }

  async removeContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) return;
    if (container.status.state === 'running') {
      container.table?.killAll(137);
      await container.exited;
    }
    container.table?.pidNamespace.tables.delete(container.table);
    this.containers.delete(containerId);
  }

  containerStatus(containerId: string): Promise<ContainerStatus> {
    return Promise.resolve({ ...this.container(containerId).status });
  }

  listContainers(filter: { podSandboxId?: string } = {}): Promise<ContainerStatus[]> {
    return Promise.resolve(
      [...this.containers.values()]
        .filter((c) => !filter.podSandboxId || c.sandbox.id === filter.podSandboxId)
        .map((c) => ({ ...c.status })),
    );
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  updateFiles(podSandboxId: string, volumeName: string, files: Record<string, string>): Promise<void> {
    const sandbox = this.sandbox(podSandboxId);
    const volume = sandbox.volumes.get(volumeName);
    if (volume instanceof AtomicFilesVolume) volume.update(files);
    else sandbox.volumes.set(volumeName, new AtomicFilesVolume(this.now, files));
    return Promise.resolve();
  }

  async exec(containerId: string, cmd: string[], io: ExecIO): Promise<{ exitCode: number }> {
    const container = this.container(containerId);
    if (container.status.state !== 'running') {
      throw new Error(`rpc error: code = Unknown desc = container ${containerId} is not running`);
    }
    const table = this.processTable(container);
    if (cmd.length === 0 || !table.canRun(cmd[0])) throw new Error(execErrorMessage(cmd[0] ?? ''));
    const stdout = (text: string): void => io.onStdout(toBytes(text));
    const stderr = (text: string): void =>
      io.tty ? stdout(text) : (io.onStderr ?? io.onStdout)(toBytes(text));
    const base = cmd[0].slice(cmd[0].lastIndexOf('/') + 1);
    const interactiveShell = ['sh', 'bash', 'ash'].includes(base) && !cmd.includes('-c');
    const stdin =
      io.stdin && !interactiveShell ? new Terminal(io.stdin, false, () => undefined) : EMPTY_STDIN;
    const exitCode = await table.run(
      cmd,
      { stdin, stdinStream: io.stdin, tty: io.tty ?? false, stdout, stderr },
      { signal: io.signal },
    );
    return { exitCode };
  }

  async attach(containerId: string, io: AttachIO): Promise<void> {
    const container = this.container(containerId);
    if (container.status.state !== 'running') return;
    const listener = (text: string): void =>
      io.onStdout(toBytes(io.tty ? text.replace(/\r?\n/g, '\r\n') : text));
    container.attached.add(listener);
    const pump = (async () => {
      if (!io.stdin || !container.stdin) return;
      for await (const chunk of io.stdin) container.stdin.push(chunk);
      if (container.config.stdinOnce) container.stdin.end();
    })();
    const aborted = new Promise<void>((resolve) =>
      io.signal?.addEventListener('abort', () => resolve(), { once: true }),
    );
    await Promise.race([container.exited, aborted, io.stdin ? pump : new Promise(() => undefined)]);
    container.attached.delete(listener);
  }

  async portForward(podSandboxId: string, port: number): Promise<Duplex> {
    const sandbox = this.sandbox(podSandboxId);
    const listening = () =>
      [...this.containers.values()].some(
        (c) => c.sandbox === sandbox && c.status.state === 'running' && c.listeners.has(port),
      );
    if (!listening()) {
      throw new Error(
        `failed to connect to localhost:${port} inside namespace "${podSandboxId}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `,
      );
    }
    let buffer = '';
    const stream = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer | string, _encoding, callback) => {
        buffer += chunk.toString();
        const { requests, rest } = parseHttpRequests(buffer);
        buffer = rest;
        for (const request of requests) {
          const response = this.handleHttp(sandbox.ip, port, { ...request, clientIp: '127.0.0.1' });
          if (!response) {
            stream.push(null);
            break;
          }
          stream.push(formatHttpResponse(response));
        }
        callback();
      },
      final: (callback) => {
        stream.push(null);
        callback();
      },
    });
    return stream;
  }

  logs(containerId: string, options: LogOptions): Promise<void> {
    return this.container(containerId).logs.read(options);
  }

  stats(filter: { podSandboxId?: string } = {}): Promise<ContainerStats[]> {
    const now = this.now();
    const result: ContainerStats[] = [];
    for (const c of this.containers.values()) {
      if (c.status.state !== 'running' || (filter.podSandboxId && c.sandbox.id !== filter.podSandboxId))
        continue;
      const siblings = [...this.containers.values()].filter(
        (o) => o.sandbox === c.sandbox && o.status.state === 'running',
      ).length;
      const recent = c.requests.filter((t) => now - t < 10_000).length;
      let milli =
        c.image.spec.cpuBaselineMilli +
        (c.table?.cpuMilli() ?? 0) +
        c.sandbox.loadMilli / siblings +
        recent * 0.5;
      const limit = c.config.resources?.cpuLimitMilli;
      if (limit !== undefined) milli = Math.min(milli, limit);
      const nanoCores = Math.round(milli * 1e6);
      c.cpuTotalNs += nanoCores * ((now - c.lastStatsMs) / 1000);
      c.lastStatsMs = now;
      result.push({
        containerId: c.id,
        name: c.config.name,
        podSandboxId: c.sandbox.id,
        timestamp: new Date(now),
        cpuNanoCores: nanoCores,
        cpuUsageCoreNanoSeconds: Math.round(c.cpuTotalNs),
        memoryWorkingSetBytes: Math.round(this.memoryOf(c)),
      });
    }
    return Promise.resolve(result);
  }

  private info(image: ResolvedImage): ImageInfo {
    return {
      id: image.id,
      repoTags: [formatImageRef({ ...image.ref, digest: undefined })],
      repoDigests: [`${image.spec.repository}@${image.digest}`],
      sizeBytes: image.spec.sizeBytes,
      ...imageUser(image.spec.user),
    };
  }

  async pullImage(image: string): Promise<ImageInfo> {
    const ref = parseImageRef(image);
    const key = formatImageRef(ref);
    const resolved =
      this.catalog.resolve(ref) ?? (this.options.allowUnknownImages ? this.catalog.generic(ref) : undefined);
    await this.delay(resolved ? 1000 + Math.min(2000, (resolved.spec.sizeBytes / (100 * MI)) * 1000) : 800);
    if (!resolved) {
      if (this.catalog.hasRepository(ref)) throw pullNotFoundError(ref);
      if (
        ref.domain !== 'docker.io' &&
        !['gcr.io', 'registry.k8s.io', 'k8s.gcr.io', 'quay.io', 'ghcr.io'].includes(ref.domain)
      ) {
        throw pullUnreachableError(ref);
      }
      throw ref.domain === 'docker.io' ? pullAccessDeniedError(ref) : pullNotFoundError(ref);
    }
    this.images.set(key, resolved);
    return this.info(resolved);
  }

  imageStatus(image: string): Promise<ImageInfo | undefined> {
    const found = this.images.get(formatImageRef(parseImageRef(image)));
    return Promise.resolve(found ? this.info(found) : undefined);
  }

  listImages(): Promise<ImageInfo[]> {
    return Promise.resolve([...this.images.values()].map((image) => this.info(image)));
  }

  removeImage(image: string): Promise<void> {
    this.images.delete(formatImageRef(parseImageRef(image)));
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const container of this.containers.values()) container.table?.killAll(137);
    await Promise.all(
      [...this.containers.values()].filter((c) => c.status.state === 'running').map((c) => c.exited),
    );
    for (const sandbox of this.sandboxes.values()) sandbox.unregister();
    this.timers.clear();
    this.containers.clear();
    this.sandboxes.clear();
  }

  /** pendingTimers is the number of live timers (leak checks in tests). */
  get pendingTimers(): number {
    return this.timers.size;
  }
}
