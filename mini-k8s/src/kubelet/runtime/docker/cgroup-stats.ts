/**
 * A container's usage read from its cgroup on the Docker host, for when the daemon's stats are empty: Docker
 * 20.10 fails a container's stats when it cannot read its network counters, which is the case of every app
 * container of a direct pod (it joins a pause container that has no libnetwork sandbox, `pod-etc-files.ts`).
 * The direct pod network runs on the Docker host with root, where these files are readable. Layouts: cgroup v1
 * (cgroupfs or systemd driver) and v2 (systemd or cgroupfs), as the daemon's own stats read them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DockerStatsJson } from './stats';

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** parseKeyValues reads `memory.stat` / `cpu.stat` lines (`name value`). */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

/** firstDir returns the first existing directory among the candidates. */
function firstDir(candidates: string[]): string | undefined {
  return candidates.find((dir) => fs.existsSync(dir));
}

/**
 * cgroupStats reads a container's CPU time and memory as the daemon's stats report them (`total_usage` in
 * nanoseconds, `usage` and the memory.stat counters); undefined when no cgroup of that container is found.
 */
export function cgroupStats(containerId: string, root = '/sys/fs/cgroup'): DockerStatsJson | undefined {
  const v2 = firstDir([
    path.join(root, 'system.slice', `docker-${containerId}.scope`),
    path.join(root, 'docker', containerId),
  ]);
  if (v2 && fs.existsSync(path.join(v2, 'memory.current'))) {
    const usage = Number(read(path.join(v2, 'memory.current'))?.trim() ?? 0);
    const cpu = parseKeyValues(read(path.join(v2, 'cpu.stat')) ?? '');
    return {
      read: new Date().toISOString(),
      cpu_stats: { cpu_usage: { total_usage: (cpu.usage_usec ?? 0) * 1000 } },
      memory_stats: { usage, stats: parseKeyValues(read(path.join(v2, 'memory.stat')) ?? '') },
    };
  }
  const scopes = [path.join('docker', containerId), path.join('system.slice', `docker-${containerId}.scope`)];
  const memory = firstDir(scopes.map((s) => path.join(root, 'memory', s)));
  if (!memory) return undefined;
  const cpuacct = firstDir(
    ['cpuacct', 'cpu,cpuacct'].flatMap((controller) => scopes.map((s) => path.join(root, controller, s))),
  );
  return {
    read: new Date().toISOString(),
    cpu_stats: {
      cpu_usage: {
        total_usage: Number(cpuacct ? read(path.join(cpuacct, 'cpuacct.usage'))?.trim() : 0) || 0,
      },
    },
    memory_stats: {
      usage: Number(read(path.join(memory, 'memory.usage_in_bytes'))?.trim() ?? 0) || 0,
      stats: parseKeyValues(read(path.join(memory, 'memory.stat')) ?? ''),
    },
  };
}
