/**
 * The host objects of the kubernetes runtime: the anchor Pod of a sandbox (its IP and node), one Pod per
 * container, a Secret per `files` volume, a PersistentVolumeClaim per `emptyDir` or `hostPath` volume, and
 * the mapping of a host Pod's container status back to a CRI ContainerStatus.
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../../../api/object';
import type { ContainerConfig, ContainerStatus, Mount } from '../runtime';

/** Labels on every host object the runtime makes. */
export const RUNTIME_LABEL = 'atelier.dev/runtime';
export const SANDBOX_LABEL = 'atelier.dev/sandbox';
export const ROLE_LABEL = 'atelier.dev/role';

/** HostContainerStatus is the container status the host API server reports (core/v1 ContainerStatus). */
export interface HostContainerStatus {
  name: string;
  imageID?: string;
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

export interface HostPod extends KubeObject {
  spec: { nodeName?: string; containers: { name: string }[] };
  status?: { phase?: string; podIP?: string; containerStatuses?: HostContainerStatus[] };
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

/** containerPod builds the host Pod running one learner container. */
export function containerPod(options: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  node: string | undefined;
  config: ContainerConfig;
  volumes: { name: string; source: Record<string, unknown>; mount: Mount }[];
}): KubeObject {
  const { config } = options;
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
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: options.name, namespace: options.namespace, labels: options.labels },
    spec: {
      // The learner's kubelet decides restarts: each restart is a new container, so a new host Pod.
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // Shared volumes (ReadWriteOnce claims) need every container of a sandbox on the anchor's node.
      ...(options.node ? { nodeSelector: { 'kubernetes.io/hostname': options.node } } : {}),
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: config.name,
          image: config.image,
          ...(config.command ? { command: config.command } : {}),
          ...(config.args ? { args: config.args } : {}),
          ...(config.env?.length ? { env: config.env } : {}),
          ...(config.workingDir ? { workingDir: config.workingDir } : {}),
          ...(config.tty ? { tty: true } : {}),
          ...(config.stdin ? { stdin: true } : {}),
          ...(config.stdinOnce ? { stdinOnce: true } : {}),
          ...(resources.requests || resources.limits ? { resources } : {}),
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW'] } },
          volumeMounts: options.volumes.map((v) => ({
            name: v.name,
            mountPath: v.mount.containerPath,
            ...(v.mount.readOnly ? { readOnly: true } : {}),
            ...(v.mount.subPath ? { subPath: v.mount.subPath } : {}),
          })),
        },
      ],
      volumes: options.volumes.map((v) => ({ name: v.name, ...v.source })),
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
