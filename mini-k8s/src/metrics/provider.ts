/**
 * MetricsProvider serves metrics.k8s.io/v1beta1 (what metrics-server answers for `kubectl top` and the
 * HPA) from the kubelets' stats: CPU in nanocores (`1234567n`), memory in Ki, a `window` and a timestamp
 * per item. `KubeletMetricsProvider` reads a live set of kubelets, so nodes added later are included.
 */
import { rfc3339 } from '../client/event-recorder';
import type { KubeletStats } from '../kubelet/stats';

/** Usage is a ResourceList of cpu and memory. */
export interface Usage {
  cpu: string;
  memory: string;
}

/** NodeMetrics is metrics.k8s.io/v1beta1 NodeMetrics. */
export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: Usage;
}

/** PodMetrics is metrics.k8s.io/v1beta1 PodMetrics. */
export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: Usage }[];
}

/** MetricsProvider answers the metrics API; a name filter returns at most one item. */
export interface MetricsProvider {
  nodeMetrics(name?: string): Promise<NodeMetrics[]>;
  podMetrics(namespace?: string, name?: string): Promise<PodMetrics[]>;
}

/** StatsSource is a running kubelet as the provider sees it. */
export interface StatsSource {
  readonly nodeName: string;
  stats(): Promise<KubeletStats>;
}

/** WINDOW is the sampling window metrics-server reports (its default resolution is 15 s). */
export const WINDOW = '15s';

/** usage formats nanocores and bytes as metrics-server does (`123456n`, `2048Ki`). */
export function usage(cpuNanoCores: number, memoryBytes: number): Usage {
  return {
    cpu: `${Math.max(0, Math.round(cpuNanoCores))}n`,
    memory: `${Math.max(0, Math.round(memoryBytes / 1024))}Ki`,
  };
}

export class KubeletMetricsProvider implements MetricsProvider {
  /** @param kubelets returns the current kubelets (called on every request). */
  constructor(
    private readonly kubelets: () => Iterable<StatsSource>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async nodeMetrics(name?: string): Promise<NodeMetrics[]> {
    const selected = [...this.kubelets()].filter((k) => name === undefined || k.nodeName === name);
    const stats = await Promise.all(
      selected.map(async (k) => ({ name: k.nodeName, stats: await k.stats() })),
    );
    const created = rfc3339(this.now());
    return stats
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name: node, stats: s }) => ({
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: node, creationTimestamp: created },
        timestamp: rfc3339(s.timestamp),
        window: WINDOW,
        usage: usage(s.node.cpuNanoCores, s.node.memoryWorkingSetBytes),
      }));
  }

  async podMetrics(namespace?: string, name?: string): Promise<PodMetrics[]> {
    const all = await Promise.all([...this.kubelets()].map((k) => k.stats()));
    const created = rfc3339(this.now());
    const out: PodMetrics[] = [];
    for (const s of all) {
      for (const pod of s.pods) {
        if (namespace !== undefined && pod.namespace !== namespace) continue;
        if (name !== undefined && pod.name !== name) continue;
        out.push({
          kind: 'PodMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: {
            name: pod.name,
            namespace: pod.namespace,
            creationTimestamp: created,
            ...(Object.keys(pod.labels).length > 0 ? { labels: pod.labels } : {}),
          },
          timestamp: rfc3339(pod.timestamp),
          window: WINDOW,
          containers: pod.containers.map((c) => ({
            name: c.name,
            usage: usage(c.cpuNanoCores, c.memoryWorkingSetBytes),
          })),
        });
      }
    }
    return out.sort((a, b) =>
      a.metadata.namespace === b.metadata.namespace
        ? a.metadata.name.localeCompare(b.metadata.name)
        : a.metadata.namespace.localeCompare(b.metadata.namespace),
    );
  }
}
