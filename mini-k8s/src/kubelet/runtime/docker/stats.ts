/**
 * Container usage for metrics.k8s.io from the daemon's one-shot stats (cgroup counters, no 1 s sampling
 * delay). CPU nanocores are computed from the previous sample this runtime took of the same container, like
 * cAdvisor's rate; memory is the working set (usage minus inactive file cache), as the kubelet reports it.
 */
import type Docker from 'dockerode';
import type { ContainerStats } from '../runtime';
import { cgroupStats } from './cgroup-stats';
import { LABELS } from './labels';

/** CgroupSample is one cumulative CPU reading. */
export interface CgroupSample {
  cpuTotalNs: number;
  at: number;
}

/** DockerStatsJson is the part of the daemon's stats answer this module reads (cgroup v1 and v2 names). */
export interface DockerStatsJson {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/** memoryWorkingSet is usage minus inactive file pages (`total_inactive_file` v1, `inactive_file` v2). */
export function memoryWorkingSet(stats: DockerStatsJson): number {
  const usage = stats.memory_stats?.usage ?? 0;
  const detail = stats.memory_stats?.stats ?? {};
  const inactive = detail.total_inactive_file ?? detail.inactive_file ?? 0;
  return Math.max(0, usage - inactive);
}

/**
 * cpuNanoCores derives the usage rate between two samples (billionths of a core); 0 without a previous
 * sample or when the counter went backwards (a new container under the same id never happens in Docker,
 * but a daemon restart resets counters).
 */
export function cpuNanoCores(previous: CgroupSample | undefined, current: CgroupSample): number {
  if (!previous || current.at <= previous.at || current.cpuTotalNs < previous.cpuTotalNs) return 0;
  return Math.round(((current.cpuTotalNs - previous.cpuTotalNs) / ((current.at - previous.at) * 1e6)) * 1e9);
}

/** StatsSampler remembers the last CPU sample of each container to compute rates. */
export class StatsSampler {
  private readonly last = new Map<string, CgroupSample>();

  /** sample records a reading and returns the CPU rate since the previous one. */
  sample(
    containerId: string,
    stats: DockerStatsJson,
    now = Date.now(),
  ): { nanoCores: number; totalNs: number } {
    const totalNs = stats.cpu_stats?.cpu_usage?.total_usage ?? 0;
    const current = { cpuTotalNs: totalNs, at: now };
    const nanoCores = cpuNanoCores(this.last.get(containerId), current);
    this.last.set(containerId, current);
    return { nanoCores, totalNs };
  }

  /** forget drops a removed container's sample. */
  forget(containerId: string): void {
    this.last.delete(containerId);
  }
}

/**
 * collectStats reads one-shot stats of the given running containers in parallel; containers that stopped
 * in the meantime are left out.
 */
export async function collectStats(
  docker: Docker,
  sampler: StatsSampler,
  running: Docker.ContainerInfo[],
): Promise<ContainerStats[]> {
  const out = await Promise.all(
    running.map(async (c): Promise<ContainerStats | undefined> => {
      try {
        let json = (await docker
          .getContainer(c.Id)
          .stats({ stream: false, 'one-shot': true } as never)) as unknown as DockerStatsJson;
        // Why: the daemon answers an empty sample (zero `read` time) when it cannot collect the container's
        // stats, as for the containers of a direct pod (`cgroup-stats.ts`); their cgroup has the numbers.
        if (!json.read || json.read.startsWith('0001-')) json = cgroupStats(c.Id) ?? json;
        const { nanoCores, totalNs } = sampler.sample(c.Id, json);
        return {
          containerId: c.Id,
          name: c.Labels[LABELS.container] ?? '',
          podSandboxId: c.Labels[LABELS.podSandbox] ?? '',
          timestamp: json.read ? new Date(json.read) : new Date(),
          cpuNanoCores: nanoCores,
          cpuUsageCoreNanoSeconds: totalNs,
          memoryWorkingSetBytes: memoryWorkingSet(json),
        };
      } catch {
        return undefined;
      }
    }),
  );
  return out.filter((s): s is ContainerStats => s !== undefined);
}
