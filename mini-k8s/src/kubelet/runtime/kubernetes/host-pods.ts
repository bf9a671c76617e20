/**
 * The host objects of the kubernetes runtime: one host Pod per learner pod (all its init containers and
 * containers: one network namespace, one IP), a Pod of its own for an ephemeral container, a Secret per
 * `files` volume, a host `emptyDir` per `emptyDir` volume, a PersistentVolumeClaim per `hostPath` volume, and
 * the mapping of a host Pod's container status back to a CRI ContainerStatus.
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../../../api/object';
import type { ContainerConfig, ContainerStatus, Mount, PodContainerConfig, WholePodConfig } from '../runtime';

/** Labels on every host object the runtime makes. */
export const RUNTIME_LABEL = 'atelier.dev/runtime';
export const SANDBOX_LABEL = 'atelier.dev/sandbox';
export const ROLE_LABEL = 'atelier.dev/role';

/** HostContainerStatus is the container status the host API server reports (core/v1 ContainerStatus). */
export interface HostContainerStatus {
  name: string;
  imageID?: string;
  restartCount?: number;
  ready?: boolean;
  started?: boolean;
  lastState?: { terminated?: HostTerminated };
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: {
      exitCode: number;
      reason?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
    };
  };
}

export interface HostTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface HostPod extends KubeObject {
  spec: { nodeName?: string; containers: { name: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    initContainerStatuses?: HostContainerStatus[];
    containerStatuses?: HostContainerStatus[];
    ephemeralContainerStatuses?: HostContainerStatus[];
  };
}

/** shortId is a random DNS-1123-safe id. */
export function shortId(): string {
  return crypto.randomBytes(6).toString('hex');
}

/** volumeObjectName names the host Secret/PVC of a sandbox volume (DNS-1123, at most 63 characters). */
export function volumeObjectName(sandboxId: string, volume: string): string {
  const safe = volume
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 30)
    .replace(/^-+|-+$/g, '');
  const digest = crypto.createHash('sha256').update(volume).digest('hex').slice(0, 8);
  return `v-${sandboxId}-${safe || 'vol'}-${digest}`;
}

/** hostPathClaimName names the PVC standing for a node hostPath directory (shared by the node's pods). */
export function hostPathClaimName(runtimeId: string, hostPath: string): string {
  return `h-${runtimeId}-${crypto.createHash('sha256').update(hostPath).digest('hex').slice(0, 16)}`;
}

/** fileKey turns a file path of a `files` volume into a Secret key (keys allow [-._a-zA-Z0-9]). */
export function fileKey(file: string): string {
  return file.replace(/[^-._a-zA-Z0-9]/g, '_');
}

/** secretData encodes the files of a `files` volume as Secret data, with the items mapping keys back to paths. */
export function secretData(files: Record<string, string>): {
  data: Record<string, string>;
  items: { key: string; path: string }[];
} {
  const data: Record<string, string> = {};
  const items: { key: string; path: string }[] = [];
  for (const [file, content] of Object.entries(files)) {
    data[fileKey(file)] = Buffer.from(content).toString('base64');
    items.push({ key: fileKey(file), path: file });
  }
  return { data, items };
}

/** HostVolume is one volume of a host Pod (core/v1 Volume: a name and one source). */
export type HostVolume = { name: string } & Record<string, unknown>;

/** MountedVolume is a learner mount with the host volume that serves it. */
export interface MountedVolume {
  volume: string;
  mount: Mount;
}

/** hostResources converts CRI resources to a core/v1 ResourceRequirements (absent when empty). */
function hostResources(config: ContainerConfig): Record<string, unknown> {
  const resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {};
  const r = config.resources ?? {};
  if (r.cpuRequestMilli !== undefined || r.memoryRequestBytes !== undefined) {
    resources.requests = {
      ...(r.cpuRequestMilli !== undefined ? { cpu: `${r.cpuRequestMilli}m` } : {}),
      ...(r.memoryRequestBytes !== undefined ? { memory: String(r.memoryRequestBytes) } : {}),
    };
  }
  if (r.cpuLimitMilli !== undefined || r.memoryLimitBytes !== undefined) {
    resources.limits = {
      ...(r.cpuLimitMilli !== undefined ? { cpu: `${r.cpuLimitMilli}m` } : {}),
      ...(r.memoryLimitBytes !== undefined ? { memory: String(r.memoryLimitBytes) } : {}),
    };
  }
  return resources.requests || resources.limits ? { resources } : {};
}

/**
 * hostContainer builds one host container: the learner's command, env, resources and mounts, with the
 * platform's constraints (no privilege escalation, NET_RAW dropped). For a container of a whole pod, its
 * probes, ports, lifecycle hooks, pull policy and user settings go to the host, whose kubelet applies them.
 */
export function hostContainer(
  config: ContainerConfig | PodContainerConfig,
  mounts: MountedVolume[],
): Record<string, unknown> {
  const pod = config as PodContainerConfig;
  const podIpEnv = new Set(pod.podIpEnv ?? []);
  const env = (config.env ?? []).map((e) =>
    podIpEnv.has(e.name) ? { name: e.name, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } } : e,
  );
  const runAs = Object.fromEntries(Object.entries(pod.runAs ?? {}).filter(([, v]) => v !== undefined));
  return {
    name: config.name,
    image: config.image,
    ...(config.command ? { command: config.command } : {}),
    ...(config.args ? { args: config.args } : {}),
    ...(env.length ? { env } : {}),
    ...(config.workingDir ? { workingDir: config.workingDir } : {}),
    ...(config.tty ? { tty: true } : {}),
    ...(config.stdin ? { stdin: true } : {}),
    ...(config.stdinOnce ? { stdinOnce: true } : {}),
    ...hostResources(config),
    ...(pod.restartPolicy ? { restartPolicy: pod.restartPolicy } : {}),
    ...(pod.imagePullPolicy ? { imagePullPolicy: pod.imagePullPolicy } : {}),
    ...(pod.ports?.length
      ? {
          ports: pod.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            ...(p.protocol ? { protocol: p.protocol } : {}),
          })),
        }
      : {}),
    ...(pod.livenessProbe ? { livenessProbe: pod.livenessProbe } : {}),
    ...(pod.readinessProbe ? { readinessProbe: pod.readinessProbe } : {}),
    ...(pod.startupProbe ? { startupProbe: pod.startupProbe } : {}),
    ...(pod.lifecycle ? { lifecycle: pod.lifecycle } : {}),
    securityContext: {
      ...runAs,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['NET_RAW'] },
    },
    volumeMounts: mounts.map((m) => ({
      name: m.volume,
      mountPath: m.mount.containerPath,
      ...(m.mount.readOnly ? { readOnly: true } : {}),
      ...(m.mount.subPath ? { subPath: m.mount.subPath } : {}),
    })),
  };
}

/** podSpecBase is what every host Pod of the runtime carries: no token, no service links, seccomp. */
function podSpecBase(node: string | undefined): Record<string, unknown> {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    // Shared volumes (ReadWriteOnce claims) need every pod of a learner node on one host node.
    ...(node ? { nodeSelector: { 'kubernetes.io/hostname': node } } : {}),
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
  };
}

/** hostname is the learner's hostname when it is a valid host pod hostname (a DNS label), else undefined. */
export function hostname(name: string): string | undefined {
  const label = name.slice(0, 63).replace(/[-.]+$/, '');
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label) ? label : undefined;
}

/**
 * wholePod builds the host Pod of one learner pod: every init container and container, the pod's restart
 * policy (the host's kubelet runs init containers in order, restarts, probes), its volumes and hostname.
 */
export function wholePod(options: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  node: string | undefined;
  hostname: string;
  hostAliases?: { ip: string; hostnames: string[] }[];
  pod: WholePodConfig;
  volumes: HostVolume[];
  mounts: Map<string, MountedVolume[]>;
}): KubeObject {
  const { pod } = options;
  const host = hostname(options.hostname);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: options.labels,
      annotations: options.annotations,
    },
    spec: {
      ...podSpecBase(options.node),
      restartPolicy: pod.restartPolicy,
      ...(pod.terminationGracePeriodSeconds !== undefined
        ? { terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds }
        : {}),
      ...(host ? { hostname: host } : {}),
      ...(options.hostAliases?.length ? { hostAliases: options.hostAliases } : {}),
      ...(pod.initContainers.length > 0
        ? {
            initContainers: pod.initContainers.map((c) => hostContainer(c, options.mounts.get(c.name) ?? [])),
          }
        : {}),
      containers: pod.containers.map((c) => hostContainer(c, options.mounts.get(c.name) ?? [])),
      volumes: options.volumes,
    },
  };
}

/**
 * toContainerStatus maps the host's view of a container to the CRI view. A host container still waiting
 * after being created is `created`; an image or start failure the host reports while waiting is
 * `exited` with reason StartError (exit 128), like containerd's failed start.
 */
export function toContainerStatus(
  base: Omit<ContainerStatus, 'state' | 'imageRef'> & { imageRef?: string },
  host: HostContainerStatus | undefined,
): ContainerStatus {
  const imageRef = host?.imageID
    ? host.imageID.replace(/^docker-pullable:\/\//, '')
    : (base.imageRef ?? base.image);
  const state = host?.state;
  if (state?.terminated) {
    const t = state.terminated;
    return {
      ...base,
      imageRef,
      state: 'exited',
      exitCode: t.exitCode,
      reason: t.reason ?? (t.exitCode === 0 ? 'Completed' : 'Error'),
      ...(t.message ? { message: t.message } : {}),
      ...(t.startedAt ? { startedAt: new Date(t.startedAt) } : {}),
      finishedAt: t.finishedAt ? new Date(t.finishedAt) : new Date(),
    };
  }
  if (state?.running) {
    return {
      ...base,
      imageRef,
      state: 'running',
      startedAt: state.running.startedAt ? new Date(state.running.startedAt) : new Date(),
    };
  }
  const reason = state?.waiting?.reason;
  if (reason && START_FAILURES.has(reason)) {
    return {
      ...base,
      imageRef,
      state: 'exited',
      exitCode: 128,
      reason: 'StartError',
      message: state?.waiting?.message ?? reason,
      finishedAt: new Date(),
    };
  }
  return { ...base, imageRef, state: 'created' };
}

/** HostInstance is what one host container status says about the container's latest instance. */
export interface HostInstance {
  /** attempt is the latest instance's CRI attempt: the host's restartCount. */
  attempt: number;
  /** state of that instance (running or terminated); absent while it never started. */
  state?: { running?: { startedAt?: string }; terminated?: HostTerminated };
  /** waiting is why the container waits: to start that instance, or to start the next one (back-off). */
  waiting?: { reason: string; message?: string };
  /** previousEnd is how the instance before it ended, when the host still says. */
  previousEnd?: HostTerminated;
}

/**
 * readHostInstance reads a host container status the way the host's kubelet writes it: `restartCount` R is the
 * attempt of the latest instance. That instance is described by `state` when it runs or ran (running,
 * terminated), then `lastState` is the instance before; it is described by `lastState` when it died and the
 * host waits to restart it (`state.waiting`: CrashLoopBackOff, or a failed pull of the next instance's image).
 * Waiting without `lastState`: the first instance never started (ContainerCreating, ErrImagePull, ...).
 */
export function readHostInstance(host: HostContainerStatus): HostInstance {
  const attempt = host.restartCount ?? 0;
  const w = host.state?.waiting;
  const waiting = w?.reason ? { reason: w.reason, ...(w.message ? { message: w.message } : {}) } : undefined;
  const last = host.lastState?.terminated;
  if (host.state?.running) {
    return { attempt, state: { running: host.state.running }, ...(last ? { previousEnd: last } : {}) };
  }
  if (host.state?.terminated) {
    return { attempt, state: { terminated: host.state.terminated }, ...(last ? { previousEnd: last } : {}) };
  }
  if (last) return { attempt, state: { terminated: last }, ...(waiting ? { waiting } : {}) };
  return { attempt, ...(waiting ? { waiting } : {}) };
}

/** START_FAILURES are the waiting reasons after which the host will never start the container. */
export const START_FAILURES = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'StartError',
]);
