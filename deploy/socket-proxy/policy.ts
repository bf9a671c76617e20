/**
 * The socket proxy's policy: which Docker Engine API calls the platform's Docker runtime may make, and what a
 * container or network it creates may ask for. The runtime (mini-k8s/src/kubelet/runtime/docker) only ever
 * touches objects labelled `atelier.sandbox`, runs containers without privileges, with Docker's default
 * capabilities minus NET_RAW/MKNOD, and binds only directories under its data directory; the proxy enforces
 * exactly that, so a compromised platform process cannot use the daemon to take the host.
 */
import path from 'node:path';
import { SAFE_CAPABILITIES } from '../../mini-k8s/src/kubelet/runtime/docker/security';

/** OWNER_LABEL marks every object the platform creates. */
export const OWNER_LABEL = 'atelier.sandbox';

/** Route is an allowed call; `target` names the object whose ownership must be checked first. */
export type Route =
  | { kind: 'pass' }
  | { kind: 'filtered'; filterKey: 'label' }
  | { kind: 'container-create' }
  | { kind: 'network-create' }
  | { kind: 'container'; id: string }
  | { kind: 'exec'; id: string }
  | { kind: 'network'; id: string };

/** Decision is a route, or the reason a call is refused. */
export type Decision = { allowed: true; route: Route } | { allowed: false; reason: string };

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

/** CONTAINER_ACTIONS are the per-container calls the runtime makes, by method. */
const CONTAINER_ACTIONS: Record<string, Set<string>> = {
  GET: new Set(['json', 'logs', 'stats']),
  POST: new Set(['start', 'stop', 'kill', 'wait', 'resize', 'attach', 'exec']),
};

/** decide classifies one request; `pathname` may carry Docker's `/v1.xx` version prefix. */
export function decide(method: string, pathname: string): Decision {
  const p = pathname.replace(VERSION_PREFIX, '');
  const m = method.toUpperCase();
  const parts = p.split('/').filter(Boolean).map(decodeURIComponent);
  const allow = (route: Route): Decision => ({ allowed: true, route });
  const deny = (reason: string): Decision => ({ allowed: false, reason });

  if ((m === 'GET' || m === 'HEAD') && (p === '/_ping' || p === '/version')) return allow({ kind: 'pass' });
  if (m === 'GET' && (p === '/containers/json' || p === '/networks' || p === '/events')) {
    return allow({ kind: 'filtered', filterKey: 'label' });
  }
  if (m === 'POST' && p === '/containers/create') return allow({ kind: 'container-create' });
  if (m === 'POST' && p === '/networks/create') return allow({ kind: 'network-create' });
  // Images: list, inspect, pull or import (POST /images/create), tag. Never delete or push.
  if (m === 'GET' && p === '/images/json') return allow({ kind: 'pass' });
  if (m === 'POST' && p === '/images/create') return allow({ kind: 'pass' });
  if (parts[0] === 'images' && parts.length >= 3) {
    const action = parts[parts.length - 1];
    if (m === 'GET' && action === 'json') return allow({ kind: 'pass' });
    if (m === 'POST' && action === 'tag') return allow({ kind: 'pass' });
  }
  if (parts[0] === 'containers' && parts.length === 2 && m === 'DELETE') {
    return allow({ kind: 'container', id: parts[1] });
  }
  if (parts[0] === 'containers' && parts.length === 3 && CONTAINER_ACTIONS[m]?.has(parts[2])) {
    return allow({ kind: 'container', id: parts[1] });
  }
  if (parts[0] === 'exec' && parts.length === 3) {
    if (
      (m === 'POST' && (parts[2] === 'start' || parts[2] === 'resize')) ||
      (m === 'GET' && parts[2] === 'json')
    ) {
      return allow({ kind: 'exec', id: parts[1] });
    }
  }
  if (parts[0] === 'networks' && parts.length === 2 && (m === 'GET' || m === 'DELETE')) {
    return allow({ kind: 'network', id: parts[1] });
  }
  if (parts[0] === 'networks' && parts.length === 3 && m === 'POST') {
    if (parts[2] === 'connect' || parts[2] === 'disconnect') return allow({ kind: 'network', id: parts[1] });
  }
  return deny(`${m} ${p} is not a call the Atelier Docker runtime makes`);
}

/**
 * withOwnerFilter adds `label=atelier.sandbox` to a list or events query's `filters`, so the platform only
 * ever sees its own containers, networks and events.
 */
export function withOwnerFilter(search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  let filters: Record<string, unknown> = {};
  const raw = search.get('filters');
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        filters = parsed as Record<string, unknown>;
    } catch {
      filters = {};
    }
  }
  const label = filters.label;
  let labels: string[] = [];
  if (Array.isArray(label)) labels = label.map(String);
  else if (label && typeof label === 'object') labels = Object.keys(label);
  if (!labels.some((l) => l === OWNER_LABEL || l.startsWith(`${OWNER_LABEL}=`))) labels.push(OWNER_LABEL);
  next.set('filters', JSON.stringify({ ...filters, label: labels }));
  return next;
}

/** ownedBy tells whether Docker labels mark an object as the platform's. */
export function ownedBy(labels: Record<string, string> | null | undefined): boolean {
  return typeof labels?.[OWNER_LABEL] === 'string' && labels[OWNER_LABEL] !== '';
}

const HOST_NAMESPACE_MODES = ['PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode'] as const;
const SAFE = new Set<string>(SAFE_CAPABILITIES);

function isUnder(candidate: string, roots: string[]): boolean {
  const resolved = path.resolve('/', candidate);
  if (/docker\.sock$|containerd\.sock$/.test(resolved)) return false;
  return roots.some((root) => resolved === root || resolved.startsWith(`${root.replace(/\/$/, '')}/`));
}

/** ContainerRefs are the container references a create body makes (`container:<id>` modes), to be checked. */
export interface CreateCheck {
  violations: string[];
  /** referenced containers (network/IPC namespace joins) that must themselves be the platform's */
  containers: string[];
  /** networks the container joins, which must be the platform's */
  networks: string[];
}

/** checkContainerCreate lists what a container create body asks for that the policy forbids. */
export function checkContainerCreate(body: unknown, dataRoots: string[]): CreateCheck {
  const out: CreateCheck = { violations: [], containers: [], networks: [] };
  if (!body || typeof body !== 'object') {
    out.violations.push('the body is not a JSON object');
    return out;
  }
  const spec = body as Record<string, unknown>;
  if (!ownedBy(spec.Labels as Record<string, string> | undefined)) {
    out.violations.push(`the container has no ${OWNER_LABEL} label`);
  }
  const host = (spec.HostConfig ?? {}) as Record<string, unknown>;
  if (host.Privileged) out.violations.push('privileged containers are refused');
  for (const cap of (host.CapAdd as string[] | undefined) ?? []) {
    const name = String(cap).toUpperCase().replace(/^CAP_/, '');
    if (!SAFE.has(name) && name !== 'NET_ADMIN') out.violations.push(`capability ${name} is refused`);
  }
  if ((host.Devices as unknown[] | undefined)?.length) out.violations.push('host devices are refused');
  if ((host.DeviceRequests as unknown[] | undefined)?.length)
    out.violations.push('device requests are refused');
  for (const key of HOST_NAMESPACE_MODES) {
    const mode = host[key];
    if (mode === 'host') out.violations.push(`${key}=host is refused`);
    if (typeof mode === 'string' && mode.startsWith('container:')) out.containers.push(mode.slice(10));
  }
  for (const opt of (host.SecurityOpt as string[] | undefined) ?? []) {
    if (/unconfined/.test(String(opt))) out.violations.push(`security option ${String(opt)} is refused`);
  }
  const networkMode = host.NetworkMode;
  if (typeof networkMode === 'string' && networkMode !== '' && networkMode !== 'none') {
    if (networkMode === 'host' || networkMode === 'bridge' || networkMode === 'default') {
      out.violations.push(`network mode ${networkMode} is refused`);
    } else if (networkMode.startsWith('container:')) out.containers.push(networkMode.slice(10));
    else out.networks.push(networkMode);
  }
  const endpoints = ((spec.NetworkingConfig as Record<string, unknown> | undefined)?.EndpointsConfig ??
    {}) as Record<string, unknown>;
  out.networks.push(...Object.keys(endpoints));
  if (host.PortBindings && Object.keys(host.PortBindings as object).length > 0) {
    out.violations.push('publishing ports on the host is refused');
  }
  if (host.PublishAllPorts) out.violations.push('publishing ports on the host is refused');
  if ((host.VolumesFrom as unknown[] | undefined)?.length) out.violations.push('VolumesFrom is refused');
  for (const bind of (host.Binds as string[] | undefined) ?? []) {
    const source = String(bind).split(':')[0];
    if (!source.startsWith('/') || !isUnder(source, dataRoots)) {
      out.violations.push(`bind of ${source} is outside the platform's data directory`);
    }
  }
  for (const mount of (host.Mounts as Record<string, unknown>[] | undefined) ?? []) {
    const type = String(mount.Type ?? 'volume');
    if (type === 'tmpfs') continue;
    if (type !== 'bind') {
      out.violations.push(`mounts of type ${type} are refused`);
      continue;
    }
    const source = String(mount.Source ?? '');
    if (!isUnder(source, dataRoots))
      out.violations.push(`bind of ${source} is outside the platform's data directory`);
  }
  out.networks = [...new Set(out.networks)];
  out.containers = [...new Set(out.containers)];
  return out;
}

/** checkNetworkCreate lists what a network create body asks for that the policy forbids. */
export function checkNetworkCreate(body: unknown): string[] {
  if (!body || typeof body !== 'object') return ['the body is not a JSON object'];
  const spec = body as Record<string, unknown>;
  const violations: string[] = [];
  if (!ownedBy(spec.Labels as Record<string, string> | undefined)) {
    violations.push(`the network has no ${OWNER_LABEL} label`);
  }
  const driver = spec.Driver === undefined ? 'bridge' : String(spec.Driver);
  if (driver !== 'bridge') violations.push(`network driver ${driver} is refused`);
  if (spec.ConfigOnly || spec.ConfigFrom) violations.push('config-only networks are refused');
  return violations;
}
