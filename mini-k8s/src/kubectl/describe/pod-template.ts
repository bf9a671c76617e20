/**
 * describePodTemplate is kubectl's DescribePodTemplate (used by deployments, replica sets, jobs, …):
 * template labels and annotations, containers without statuses, volumes, node selectors and tolerations.
 * The container and volume helpers are shared with the pod describer.
 */
import type { DescribeWriter } from './describe-writer';

/** Container is the part of a core/v1 Container describe prints. */
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; hostPort?: number; protocol?: string }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      fieldRef?: { apiVersion?: string; fieldPath: string };
      resourceFieldRef?: { resource: string };
      secretKeyRef?: { name: string; key: string; optional?: boolean };
      configMapKeyRef?: { name: string; key: string; optional?: boolean };
    };
  }[];
  envFrom?: {
    prefix?: string;
    configMapRef?: { name: string; optional?: boolean };
    secretRef?: { name: string; optional?: boolean };
  }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

/** Probe is a core/v1 Probe. */
export interface Probe {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
}

/** Volume is the part of a core/v1 Volume describe prints. */
export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  hostPath?: { path: string; type?: string };
  projected?: { sources?: ProjectedSource[] };
}

/** ProjectedSource is one source of a projected volume. */
export interface ProjectedSource {
  secret?: { name?: string; optional?: boolean };
  configMap?: { name?: string; optional?: boolean };
  downwardAPI?: unknown;
  serviceAccountToken?: { expirationSeconds?: number };
}

/**
 * optionalPointer prints a `*bool` as Go's `%v` does for nil (`<nil>`); a set value prints as the bool
 * (kubectl prints the pointer's address there, which no test can match).
 */
function optionalPointer(value: boolean | undefined): string {
  return value === undefined || value === null ? '<nil>' : String(value);
}

/** describeProjected is printProjectedVolumeSource. */
function describeProjected(w: DescribeWriter, sources: ProjectedSource[]): void {
  w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const s of sources) {
    if (s.secret) {
      w.write(
        2,
        `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPointer(s.secret.optional)}\n`,
      );
    } else if (s.downwardAPI) {
      w.write(2, 'DownwardAPI:\ttrue\n');
    } else if (s.configMap) {
      w.write(
        2,
        `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPointer(s.configMap.optional)}\n`,
      );
    } else if (s.serviceAccountToken) {
      w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
    }
  }
}

/** Toleration is a core/v1 Toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** PodTemplate is a core/v1 PodTemplateSpec. */
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    serviceAccountName?: string;
    initContainers?: Container[];
    containers?: Container[];
    volumes?: Volume[];
    priorityClassName?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
  };
}

export function describePodTemplate(w: DescribeWriter, template: PodTemplate): void {
  w.write(0, 'Pod Template:\n');
  w.labels('  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) {
    w.annotations('  Annotations', template.metadata?.annotations);
  }
  const spec = template.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers && spec.initContainers.length > 0) {
    describeTemplateContainers(w, 'Init Containers', spec.initContainers, '  ');
  }
  describeTemplateContainers(w, 'Containers', spec.containers ?? [], '  ');
  describeVolumes(w, spec.volumes ?? [], '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  w.labels('  Node-Selectors', spec.nodeSelector);
  describeTolerations(w, '  Tolerations', spec.tolerations ?? []);
}

/** describeTemplateContainers is describeContainers without statuses (a template has none). */
function describeTemplateContainers(
  w: DescribeWriter,
  label: string,
  containers: Container[],
  space: string,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    describeContainerBasics(w, c, space);
    describeContainerCommand(w, c);
    describeResources(w, c.resources, 2);
    describeProbes(w, c);
    if (c.envFrom && c.envFrom.length > 0) describeEnvFrom(w, c);
    describeEnv(w, c);
    describeMounts(w, c);
  }
}

/** describeContainerBasics prints the name, image and ports lines of a container. */
export function describeContainerBasics(
  w: DescribeWriter,
  c: Container,
  space: string,
  status?: { containerID?: string; imageID?: string },
): void {
  w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
  w.write(
    2,
    hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`,
  );
}

/** describeContainerCommand prints Command and Args, one (line of an) element per line. */
export function describeContainerCommand(w: DescribeWriter, c: Container): void {
  for (const [title, items] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    if (!items || items.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const item of items) for (const s of item.split('\n')) w.write(3, `${s}\n`);
  }
}

/** describeResources prints Limits and Requests with sorted resource names. */
export function describeResources(w: DescribeWriter, resources: Container['resources'], level: number): void {
  for (const [title, values] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(values ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${values![n]}\n`);
  }
}

/** describeProbes prints Liveness, Readiness and Startup as DescribeProbe does. */
export function describeProbes(w: DescribeWriter, c: Container): void {
  if (c.livenessProbe) w.write(2, `Liveness:\t${probeText(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(2, `Readiness:\t${probeText(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(2, `Startup:\t${probeText(c.startupProbe)}\n`);
}

function probeText(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${p.httpGet.host ?? ''}:${p.httpGet.port}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeEnvFrom prints `Environment Variables from:` rows. */
export function describeEnvFrom(w: DescribeWriter, c: Container): void {
  w.write(2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const ref = e.configMapRef ?? e.secretRef;
    const optional = ref?.optional === true;
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(3, `${ref?.name ?? ''}\t${what}\tOptional: ${optional}\n`);
  }
}

/** describeEnv prints `Environment:` (values, field refs and key refs). */
export function describeEnv(w: DescribeWriter, c: Container, resolve?: (fieldPath: string) => string): void {
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath) : '';
      w.write(3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      w.write(3, `${e.name}:\t (${from.resourceFieldRef.resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

/** describeMounts prints `Mounts:` sorted by mount path. */
export function describeMounts(w: DescribeWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

/** describeVolumes prints `Volumes:` with the common volume sources. */
export function describeVolumes(w: DescribeWriter, volumes: Volume[], space: string): void {
  if (volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`,
      );
    } else if (v.emptyDir) {
      w.write(
        2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`,
      );
    } else if (v.secret) {
      w.write(
        2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`,
      );
    } else if (v.configMap) {
      w.write(
        2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`,
      );
    } else if (v.projected) {
      describeProjected(w, v.projected.sources ?? []);
    } else if (v.persistentVolumeClaim) {
      w.write(
        2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      );
    }
  }
}

/** describeTolerations is printPodTolerationsMultiline. */
export function describeTolerations(w: DescribeWriter, title: string, tolerations: Toleration[]): void {
  w.write(0, `${title}:\t`);
  if (tolerations.length === 0) {
    w.line('<none>');
    return;
  }
  tolerations.forEach((t, i) => {
    let s = i === 0 ? '' : '\t';
    s += t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}
