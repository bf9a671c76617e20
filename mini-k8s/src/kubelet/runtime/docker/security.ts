/**
 * Security for real containers on a shared classroom host, where learners run whatever they like:
 * - `podSecurityViolations`/`validatePodSecurity`/`podSecurityRejection` refuse, before anything runs (API
 *   admission or kubelet admission through `DockerRuntime.admitPod`), what would escape the
 *   sandbox: privileged containers, added capabilities outside Docker's safe default set, host namespaces
 *   (hostNetwork/hostPID/hostIPC), hostPath volumes outside the paths mapped into the sandbox directory,
 *   and devices. The error is Kubernetes-style (`pods "x" is forbidden: ...`); the terminal adds French hints.
 * - `containerHostConfig` builds every container's HostConfig from an allowlist (never from the pod spec):
 *   all capabilities dropped except a default set without NET_RAW/MKNOD, `no-new-privileges`, pids, memory
 *   and CPU caps; nothing else (no devices, no privileged mode, no Docker socket) can be expressed.
 * - `hostPathSource`/`assertSafeBind` map hostPath into the sandbox's data directory and refuse any bind
 *   source outside the runtime's own directories (so the Docker socket can never be mounted).
 */
import path from 'node:path';
import { errors, type StatusError } from '../../../machinery/errors';
import type { ContainerResources } from '../runtime';

/** SAFE_CAPABILITIES is Docker's default capability set minus NET_RAW (raw sockets, ARP spoofing) and MKNOD. */
export const SAFE_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'SETFCAP',
  'AUDIT_WRITE',
] as const;

/** DEFAULT_HOST_PATH_PREFIXES are the hostPath locations lessons use; each is mapped into the sandbox. */
export const DEFAULT_HOST_PATH_PREFIXES = [
  '/data',
  '/mnt',
  '/srv',
  '/tmp',
  '/opt',
  '/home',
  '/var/log',
  '/var/lib/mini-k8s',
];

/** SecurityContextInput is the part of a container securityContext this check reads. */
interface SecurityContextInput {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

/** PodSecurityInput is the part of a Pod this check reads (any Pod object fits). */
export interface PodSecurityInput {
  metadata?: { name?: string };
  spec?: {
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    containers?: { name: string; securityContext?: SecurityContextInput; volumeDevices?: unknown[] }[];
    initContainers?: { name: string; securityContext?: SecurityContextInput; volumeDevices?: unknown[] }[];
    ephemeralContainers?: {
      name: string;
      securityContext?: SecurityContextInput;
      volumeDevices?: unknown[];
    }[];
    volumes?: { name: string; hostPath?: { path: string } }[];
  };
}

/** SecurityViolation is one refused setting: the field path and the English reason. */
export interface SecurityViolation {
  field: string;
  reason: string;
}

/** SecurityPolicy tunes the check; every field has a safe default. */
export interface SecurityPolicy {
  /** hostPathPrefixes are the hostPath paths accepted (and mapped into the sandbox directory). */
  hostPathPrefixes?: string[];
}

/** normalizeCapability accepts `NET_ADMIN` and `CAP_NET_ADMIN` like the container runtimes do. */
function normalizeCapability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

/** isUnderPrefix tells whether the normalised absolute `p` is `prefix` or below it. */
function isUnderPrefix(p: string, prefix: string): boolean {
  return p === prefix || p.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/** podSecurityViolations lists everything in `pod` this platform refuses, in spec order. */
export function podSecurityViolations(
  pod: PodSecurityInput,
  policy: SecurityPolicy = {},
): SecurityViolation[] {
  const spec = pod.spec ?? {};
  const out: SecurityViolation[] = [];
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[ns]) out.push({ field: `spec.${ns}`, reason: `${ns}=true is not allowed on this platform` });
  }
  const groups = [
    ['containers', spec.containers],
    ['initContainers', spec.initContainers],
    ['ephemeralContainers', spec.ephemeralContainers],
  ] as const;
  for (const [group, list] of groups) {
    (list ?? []).forEach((c, i) => {
      const base = `spec.${group}[${i}]`;
      const sc = c.securityContext ?? {};
      if (sc.privileged) {
        out.push({
          field: `${base}.securityContext.privileged`,
          reason: `privileged containers are not allowed on this platform (container "${c.name}")`,
        });
      }
      for (const cap of sc.capabilities?.add ?? []) {
        if (!(SAFE_CAPABILITIES as readonly string[]).includes(normalizeCapability(cap))) {
          out.push({
            field: `${base}.securityContext.capabilities.add`,
            reason: `capability "${cap}" is not allowed on this platform (container "${c.name}")`,
          });
        }
      }
      if ((c.volumeDevices ?? []).length > 0) {
        out.push({
          field: `${base}.volumeDevices`,
          reason: `devices are not allowed on this platform (container "${c.name}")`,
        });
      }
    });
  }
  const prefixes = policy.hostPathPrefixes ?? DEFAULT_HOST_PATH_PREFIXES;
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v.hostPath) return;
    const p = path.posix.normalize(v.hostPath.path || '/');
    if (!path.posix.isAbsolute(p) || !prefixes.some((prefix) => isUnderPrefix(p, prefix))) {
      out.push({
        field: `spec.volumes[${i}].hostPath.path`,
        reason:
          `hostPath volume "${v.name}" with path "${v.hostPath.path}" is not allowed on this platform ` +
          `(allowed: ${prefixes.join(', ')})`,
      });
    }
  });
  return out;
}

/**
 * validatePodSecurity returns the 403 admission error for a refused pod, undefined when it may run:
 * `pods "x" is forbidden: privileged containers are not allowed on this platform (container "c")`.
 */
export function validatePodSecurity(
  pod: PodSecurityInput,
  policy: SecurityPolicy = {},
): StatusError | undefined {
  const violations = podSecurityViolations(pod, policy);
  if (violations.length === 0) return undefined;
  const name = pod.metadata?.name ?? '';
  return errors.forbidden(`pods "${name}" is forbidden: ${violations.map((v) => v.reason).join(', ')}`);
}

/**
 * POD_SECURITY_REJECTED is the kubelet admission reason for a pod this platform refuses (in the style of
 * upstream's `SysctlForbidden`): `kubectl get pod` shows it as the STATUS.
 */
export const POD_SECURITY_REJECTED = 'PodSecurityForbidden';

/**
 * podSecurityRejection is the kubelet admission verdict for `pod`: undefined when it may run, otherwise
 * reason `PodSecurityForbidden` and every violated rule (`privileged containers are not allowed on this
 * platform (container "c")`), joined with `; `.
 */
export function podSecurityRejection(
  pod: PodSecurityInput,
  policy: SecurityPolicy = {},
): { reason: string; message: string } | undefined {
  const violations = podSecurityViolations(pod, policy);
  if (violations.length === 0) return undefined;
  return { reason: POD_SECURITY_REJECTED, message: violations.map((v) => v.reason).join('; ') };
}

/** RuntimeLimits are the per-pod and per-sandbox caps of the Docker runtime. */
export interface RuntimeLimits {
  /** podMemoryBytes caps every container's memory (its limit, or this when it has none). */
  podMemoryBytes: number;
  /** podNanoCpus caps every container's CPU (billionths of a CPU). */
  podNanoCpus: number;
  /** podPids caps the number of processes per container. */
  podPids: number;
  /** sandboxMemoryBytes is the total memory the live containers of one sandbox may be given. */
  sandboxMemoryBytes?: number;
  /** readonlyRootfs makes every container's root file system read-only. */
  readonlyRootfs?: boolean;
}

/** DEFAULT_LIMITS suit a 2-core classroom server with 20 sandboxes of 5 pods. */
export const DEFAULT_LIMITS: RuntimeLimits = {
  podMemoryBytes: 256 * 1024 * 1024,
  podNanoCpus: 1_000_000_000,
  podPids: 256,
  sandboxMemoryBytes: 2 * 1024 * 1024 * 1024,
};

/** ResourceHostConfig is the cgroup part of a Docker HostConfig. */
export interface ResourceHostConfig {
  Memory: number;
  MemorySwap: number;
  NanoCpus: number;
  CpuShares?: number;
  PidsLimit: number;
}

/** memoryLimit is the memory a container gets: its own limit, capped by the per-pod maximum. */
export function memoryLimit(resources: ContainerResources | undefined, limits: RuntimeLimits): number {
  const own = resources?.memoryLimitBytes;
  return own && own > 0 ? Math.min(own, limits.podMemoryBytes) : limits.podMemoryBytes;
}

/**
 * resourceHostConfig maps requests/limits to cgroup settings: memory limit without swap (so the OOM killer
 * acts at the limit, as in Kubernetes), CPU limit as NanoCpus (CFS quota), CPU request as shares.
 */
export function resourceHostConfig(
  resources: ContainerResources | undefined,
  limits: RuntimeLimits,
): ResourceHostConfig {
  const memory = memoryLimit(resources, limits);
  const cpuLimit = resources?.cpuLimitMilli;
  const nanoCpus =
    cpuLimit && cpuLimit > 0 ? Math.min(cpuLimit * 1_000_000, limits.podNanoCpus) : limits.podNanoCpus;
  const request = resources?.cpuRequestMilli;
  return {
    Memory: memory,
    MemorySwap: memory,
    NanoCpus: nanoCpus,
    // Why: the kubelet's MilliCPUToShares: 1000m = 1024 shares, never below the kernel minimum of 2.
    ...(request && request > 0 ? { CpuShares: Math.max(2, Math.floor((request * 1024) / 1000)) } : {}),
    PidsLimit: limits.podPids,
  };
}

/** SecurityHostConfig is the hardening part of every app container's HostConfig. */
export interface SecurityHostConfig {
  Privileged: false;
  CapDrop: string[];
  CapAdd: string[];
  SecurityOpt: string[];
  ReadonlyRootfs: boolean;
}

/** containerSecurityConfig is the fixed hardening applied to every learner container. */
export function containerSecurityConfig(limits: RuntimeLimits): SecurityHostConfig {
  return {
    Privileged: false,
    CapDrop: ['ALL'],
    CapAdd: [...SAFE_CAPABILITIES],
    SecurityOpt: ['no-new-privileges'],
    ReadonlyRootfs: limits.readonlyRootfs ?? false,
  };
}

/**
 * hostPathSource maps a pod's hostPath (`/data/web`) to its place under the sandbox's data directory
 * (`<dataDir>/host/data/web`). `..` components cannot climb out: the path is normalised as absolute first.
 */
export function hostPathSource(dataDir: string, hostPath: string): string {
  const normalized = path.posix.normalize(`/${hostPath}`);
  return path.join(dataDir, 'host', normalized);
}

/**
 * assertSafeBind refuses a bind source outside the runtime's own roots, and the Docker socket anywhere:
 * the last line of defence should a mapping bug produce a host path.
 */
export function assertSafeBind(source: string, roots: string[]): void {
  const resolved = path.resolve(source);
  if (/docker\.sock$|containerd\.sock$/.test(resolved)) {
    throw new Error(`refusing to mount the container daemon socket ${resolved}`);
  }
  if (!roots.some((root) => isUnderPrefix(resolved, path.resolve(root)))) {
    throw new Error(`refusing to mount ${resolved}: outside the sandbox directories`);
  }
}
