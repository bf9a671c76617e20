/**
 * `/etc/hosts` and `/etc/resolv.conf` of a pod on the direct pod network (`direct-network.ts`). Its pause
 * container runs with `NetworkDisabled` (no libnetwork sandbox at all: a plain empty network namespace,
 * about 100 ms less per start than `NetworkMode: none`), and the daemon then writes neither file; the runtime
 * writes them, as the kubelet writes a pod's managed hosts file in Kubernetes, under the pod's files
 * directory (tmpfs), and binds them read-only into every container of the pod.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DnsConfig, PodSandboxConfig } from '../runtime';
import { hostsFileContent } from '../hosts-file';
import { assertSafeBind } from './security';
import { podDir, type BindMount, type VolumeDirs } from './volumes';

/** The files and where they go in the containers. */
const ETC_FILES = [
  ['hosts', '/etc/hosts'],
  ['resolv.conf', '/etc/resolv.conf'],
] as const;

/**
 * resolvConfContent is the pod's resolv.conf from the kubelet's DNS config. What the config leaves empty
 * comes from the host's resolv.conf, loopback nameservers removed, as Docker does for a container without
 * DNS settings (a pod's containers cannot reach the host's loopback resolver).
 */
export function resolvConfContent(dns: DnsConfig | undefined, hostResolvConf: string): string {
  const host = { servers: [] as string[], searches: [] as string[], options: [] as string[] };
  for (const line of hostResolvConf.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'nameserver' && values[0] && !/^(127\.|::1$)/.test(values[0])) host.servers.push(values[0]);
    else if (key === 'search' || key === 'domain') host.searches = values;
    else if (key === 'options') host.options = values;
  }
  const servers = dns?.servers.length ? dns.servers : host.servers;
  const searches = dns?.searches.length ? dns.searches : host.searches;
  const options = dns?.options.length ? dns.options : host.options;
  const lines: string[] = [];
  if (searches.length) lines.push(`search ${searches.join(' ')}`);
  for (const server of servers) lines.push(`nameserver ${server}`);
  if (options.length) lines.push(`options ${options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

function etcDir(dirs: VolumeDirs, podUid: string): string {
  return path.join(podDir(dirs.filesDir, podUid), 'etc');
}

function readHostResolvConf(): string {
  try {
    return fs.readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return '';
  }
}

/** writePodEtcFiles writes a direct pod's hosts and resolv.conf and returns their bind mounts. */
export function writePodEtcFiles(dirs: VolumeDirs, config: PodSandboxConfig, ip: string): BindMount[] {
  const dir = etcDir(dirs, config.uid);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const content: Record<(typeof ETC_FILES)[number][0], string> = {
    hosts: hostsFileContent(config, ip),
    'resolv.conf': resolvConfContent(config.dnsConfig, readHostResolvConf()),
  };
  for (const [name] of ETC_FILES) {
    // Why: a new sandbox attempt of the same pod may find the previous files; replace them in one rename.
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.tmp`, content[name], { mode: 0o644 });
    fs.renameSync(`${file}.tmp`, file);
  }
  return podEtcMounts(dirs, config.uid, []);
}

/**
 * podEtcMounts are the binds of a direct pod's hosts and resolv.conf for one of its containers, except where
 * the container mounts a volume of its own (Docker refuses two mounts on one path) and where the file was
 * never written (a pod started by an earlier version, whose files the daemon wrote and its containers
 * inherit).
 */
export function podEtcMounts(dirs: VolumeDirs, podUid: string, own: { Target: string }[]): BindMount[] {
  const dir = etcDir(dirs, podUid);
  const mounts: BindMount[] = [];
  for (const [name, target] of ETC_FILES) {
    const source = path.join(dir, name);
    if (own.some((m) => path.posix.normalize(m.Target) === target) || !fs.existsSync(source)) continue;
    assertSafeBind(source, [dirs.filesDir]);
    mounts.push({ Type: 'bind', Source: source, Target: target, ReadOnly: true });
  }
  return mounts;
}
