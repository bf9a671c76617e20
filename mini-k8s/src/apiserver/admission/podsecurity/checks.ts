/**
 * The Pod Security Standards checks (k8s.io/pod-security-admission/policy): each check returns a
 * forbidden reason and detail with upstream's exact wording. Baseline checks run first, then the
 * restricted ones, each group in upstream's check-ID order; a restricted check replaces the baseline
 * check it overrides (capabilities, hostPath volumes, seccomp).
 */

export type Level = 'privileged' | 'baseline' | 'restricted';

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  windowsOptions?: { hostProcess?: boolean };
}

interface Container {
  name: string;
  ports?: { hostPort?: number }[];
  securityContext?: SecurityContext;
}

export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { sysctls?: { name: string }[] };
  volumes?: Record<string, unknown>[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

/** Violation is one failed check: `reason (detail)` in messages. */
export interface Violation {
  reason: string;
  detail: string;
}

interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  /** Baseline checks this restricted check replaces. */
  overrides?: string[];
  run(spec: PodSpec): Violation | undefined;
}

function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

function joinQuote(values: string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** containersWhere names the containers (in visit order) for which `bad` holds. */
function containersWhere(spec: PodSpec, bad: (c: Container) => boolean): string[] {
  return containersOf(spec)
    .filter(bad)
    .map((c) => c.name);
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** volumeType is the volume source key of a volume (`hostPath`, `emptyDir`, ...). */
function volumeType(volume: Record<string, unknown>): string | undefined {
  return Object.keys(volume).find((k) => k !== 'name');
}

const UNCONFINED = 'Unconfined';

const CHECKS: Check[] = [
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    run(spec) {
      const forbidden = new Set<string>();
      const bad = containersWhere(spec, (c) => {
        const extra = (c.securityContext?.capabilities?.add ?? []).filter(
          (cap) => !BASELINE_CAPABILITIES.has(cap),
        );
        extra.forEach((cap) => forbidden.add(cap));
        return extra.length > 0;
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'non-default capabilities',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote([...forbidden].sort())} in securityContext.capabilities.add`,
      };
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    run(spec) {
      const set: string[] = [];
      if (spec.hostNetwork) set.push('hostNetwork=true');
      if (spec.hostPID) set.push('hostPID=true');
      if (spec.hostIPC) set.push('hostIPC=true');
      return set.length > 0 ? { reason: 'host namespaces', detail: set.join(', ') } : undefined;
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    run(spec) {
      const bad = (spec.volumes ?? []).filter((v) => v.hostPath !== undefined).map((v) => String(v.name));
      if (bad.length === 0) return undefined;
      return {
        reason: 'hostPath volumes',
        detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`,
      };
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    run(spec) {
      const ports: string[] = [];
      const bad = containersWhere(spec, (c) => {
        const used = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => String(p.hostPort));
        ports.push(...used);
        return used.length > 0;
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'hostPort',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
      };
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    run(spec) {
      const bad = containersWhere(spec, (c) => c.securityContext?.privileged === true);
      if (bad.length === 0) return undefined;
      return {
        reason: 'privileged',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`,
      };
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    run(spec) {
      const mounts = new Set<string>();
      const bad = containersWhere(spec, (c) => {
        const value = c.securityContext?.procMount;
        if (value === undefined || value === 'Default') return false;
        mounts.add(value);
        return true;
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'procMount',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote([...mounts])}`,
      };
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    run(spec) {
      const parts: string[] = [];
      if (spec.securityContext?.seccompProfile?.type === UNCONFINED)
        parts.push('pod must not set securityContext.seccompProfile.type to "Unconfined"');
      const bad = containersWhere(spec, (c) => c.securityContext?.seccompProfile?.type === UNCONFINED);
      if (bad.length > 0)
        parts.push(
          `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.seccompProfile.type to "Unconfined"`,
        );
      return parts.length > 0 ? { reason: 'seccompProfile', detail: parts.join('; ') } : undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    run(spec) {
      const bad = (spec.securityContext?.sysctls ?? [])
        .map((s) => s.name)
        .filter((n) => !SAFE_SYSCTLS.has(n));
      return bad.length > 0 ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
    },
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    run(spec) {
      const bad = containersWhere(spec, (c) => c.securityContext?.allowPrivilegeEscalation !== false);
      if (bad.length === 0) return undefined;
      return {
        reason: 'allowPrivilegeEscalation != false',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      };
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: ['capabilities_baseline'],
    run(spec) {
      const noDrop = containersWhere(
        spec,
        (c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'),
      );
      const forbidden = new Set<string>();
      const adding = containersWhere(spec, (c) => {
        const extra = (c.securityContext?.capabilities?.add ?? []).filter(
          (cap) => cap !== 'NET_BIND_SERVICE',
        );
        extra.forEach((cap) => forbidden.add(cap));
        return extra.length > 0;
      });
      const parts: string[] = [];
      if (noDrop.length > 0)
        parts.push(
          `${pluralize('container', 'containers', noDrop.length)} ${joinQuote(noDrop)} must set securityContext.capabilities.drop=["ALL"]`,
        );
      if (adding.length > 0)
        parts.push(
          `${pluralize('container', 'containers', adding.length)} ${joinQuote(adding)} must not include ${joinQuote([...forbidden].sort())} in securityContext.capabilities.add`,
        );
      return parts.length > 0 ? { reason: 'unrestricted capabilities', detail: parts.join('; ') } : undefined;
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    overrides: ['hostPathVolumes'],
    run(spec) {
      const types = new Set<string>();
      const bad: string[] = [];
      for (const volume of spec.volumes ?? []) {
        const type = volumeType(volume);
        if (type === undefined || RESTRICTED_VOLUME_TYPES.has(type)) continue;
        bad.push(String(volume.name));
        types.add(type);
      }
      if (bad.length === 0) return undefined;
      return {
        reason: 'restricted volume types',
        detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote([...types].sort())}`,
      };
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    run(spec) {
      const podValue = spec.securityContext?.runAsNonRoot;
      const parts: string[] = [];
      if (podValue === false) parts.push('pod must not set securityContext.runAsNonRoot=false');
      const explicit = containersWhere(spec, (c) => c.securityContext?.runAsNonRoot === false);
      if (explicit.length > 0)
        parts.push(
          `${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)} must not set securityContext.runAsNonRoot=false`,
        );
      if (podValue !== true) {
        const implicit = containersWhere(spec, (c) => c.securityContext?.runAsNonRoot === undefined);
        if (implicit.length > 0)
          parts.push(
            `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true`,
          );
      }
      return parts.length > 0 ? { reason: 'runAsNonRoot != true', detail: parts.join('; ') } : undefined;
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    run(spec) {
      const setters: string[] = [];
      if (spec.securityContext?.runAsUser === 0) setters.push('pod');
      const bad = containersWhere(spec, (c) => c.securityContext?.runAsUser === 0);
      if (bad.length > 0)
        setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
      return setters.length > 0
        ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` }
        : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: ['seccompProfile_baseline'],
    run(spec) {
      const valid = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
      const podType = spec.securityContext?.seccompProfile?.type;
      const parts: string[] = [];
      if (podType !== undefined && !valid(podType))
        parts.push(`pod must not set securityContext.seccompProfile.type to ${JSON.stringify(podType)}`);
      const explicit = containersWhere(spec, (c) => {
        const type = c.securityContext?.seccompProfile?.type;
        return type !== undefined && !valid(type);
      });
      if (explicit.length > 0) {
        const types = new Set(
          containersOf(spec)
            .filter((c) => explicit.includes(c.name))
            .map((c) => c.securityContext!.seccompProfile!.type!),
        );
        parts.push(
          `${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)} must not set securityContext.seccompProfile.type to ${joinQuote([...types])}`,
        );
      }
      if (!valid(podType)) {
        const implicit = containersWhere(spec, (c) => c.securityContext?.seccompProfile?.type === undefined);
        if (implicit.length > 0)
          parts.push(
            `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
          );
      }
      return parts.length > 0 ? { reason: 'seccompProfile', detail: parts.join('; ') } : undefined;
    },
  },
];

/** evaluatePod returns the violations of a pod spec against a level, in upstream's order. */
export function evaluatePod(level: Level, spec: PodSpec): Violation[] {
  if (level === 'privileged') return [];
  const active = CHECKS.filter((c) => level === 'restricted' || c.level === 'baseline');
  const overridden = new Set(active.flatMap((c) => c.overrides ?? []));
  const out: Violation[] = [];
  for (const check of active) {
    if (overridden.has(check.id)) continue;
    const violation = check.run(spec);
    if (violation) out.push(violation);
  }
  return out;
}

/** formatViolations renders `reason (detail), reason (detail)`. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.reason} (${v.detail})`).join(', ');
}
