/**
 * MetricsSource is where the HPA reads per-pod resource usage (the resource metrics client of
 * pkg/controller/podautoscaler/metrics). ClientMetricsSource reads the metrics.k8s.io/v1beta1 PodMetrics
 * list through the ApiClient (`GET /apis/metrics.k8s.io/v1beta1/namespaces/<ns>/pods?labelSelector=`) and
 * sums each pod's containers (or takes one container); errors carry upstream's messages.
 */
import type { ApiClient } from '../../client/client';
import { Quantity } from '../../machinery/quantity';
import type { PodMetric } from './replica-calculator';

export interface MetricsSource {
  /**
   * getResourceMetric returns, by pod name, the usage of `resource` (milli-units) of the pods matching the
   * label selector; it throws when nothing can be read.
   */
  getResourceMetric(
    resource: string,
    namespace: string,
    selector: string,
    container?: string,
  ): Promise<Map<string, PodMetric>>;
}

interface PodMetricsItem {
  metadata: { name: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** parseWindow reads a metrics window such as `15s`, `1m0s` or `500ms` (default 15 s when absent). */
export function parseWindow(text: string | undefined): number {
  if (!text) return 15_000;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const value = Number(match[1]);
    total +=
      match[2] === 'ms'
        ? value
        : match[2] === 's'
          ? value * 1000
          : match[2] === 'm'
            ? value * 60_000
            : value * 3_600_000;
  }
  return total;
}

/** podMetricsFromList converts a PodMetricsList into per-pod samples of one resource. */
export function podMetricsFromList(
  items: PodMetricsItem[],
  resource: string,
  container?: string,
): Map<string, PodMetric> {
  if (items.length === 0) throw new Error('no metrics returned from resource metrics API');
  const out = new Map<string, PodMetric>();
  for (const item of items) {
    let sum = 0;
    let found = false;
    for (const c of item.containers ?? []) {
      if (container && c.name !== container) continue;
      const usage = c.usage?.[resource];
      // Why: a pod missing the resource for one of its containers has no reliable sample (upstream skips it).
      if (usage === undefined) {
        found = false;
        break;
      }
      sum += Quantity.parse(usage).toMillis();
      found = true;
    }
    if (!found) continue;
    out.set(item.metadata.name, {
      valueMillis: sum,
      timestamp: item.timestamp ? new Date(item.timestamp) : new Date(),
      windowMs: parseWindow(item.window),
    });
  }
  if (out.size === 0) throw new Error('no metrics returned from resource metrics API');
  return out;
}

/** ClientMetricsSource reads the metrics API served by the cluster. */
export class ClientMetricsSource implements MetricsSource {
  constructor(private readonly client: ApiClient) {}

  async getResourceMetric(
    resource: string,
    namespace: string,
    selector: string,
    container?: string,
  ): Promise<Map<string, PodMetric>> {
    let list: { items?: PodMetricsItem[] };
    try {
      list = (await this.client.request(
        'GET',
        `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`,
        { query: { labelSelector: selector } },
      )) as { items?: PodMetricsItem[] };
    } catch (err) {
      throw new Error(`unable to fetch metrics from resource metrics API: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return podMetricsFromList(list.items ?? [], resource, container);
  }
}
