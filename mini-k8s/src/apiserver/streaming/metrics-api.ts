/**
 * `metrics.k8s.io/v1beta1` as metrics-server serves it: NodeMetrics and PodMetrics built from the injected
 * `MetricsProvider` samples, with metadata (labels) from the Node and Pod objects so `labelSelector`
 * filters like on a real cluster. Objects without a sample are left out of lists and are 404 on get
 * (`nodemetrics.metrics.k8s.io "x" not found`, `podmetrics.metrics.k8s.io "ns/x" not found`).
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { ResourceInfo } from '../../api/resources';
import { formatDuration } from '../../machinery/duration';
import { errors, isNotFound } from '../../machinery/errors';
import type { RequestContext, UserInfo } from '../registry/interface';
import type { NodeMetricsSample, PodMetricsSample } from './metrics';
import type { StreamingDeps } from './pod-target';

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** MetricsRequest is a parsed metrics.k8s.io request. */
export interface MetricsRequest {
  resource: 'nodes' | 'pods';
  namespace?: string;
  name?: string;
  labelSelector?: string;
}

function timestampOf(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function windowOf(seconds: number): string {
  return formatDuration(BigInt(Math.round(seconds * 1e9)));
}

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (!info) throw new Error(`the resource catalogue has no ${resource}`);
  return info;
}

function nodeMetricsObject(sample: NodeMetricsSample, node: KubeObject, now: Date): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: sample.name, creationTimestamp: timestampOf(now) };
  if (node.metadata.labels) metadata.labels = node.metadata.labels;
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata,
    timestamp: timestampOf(sample.timestamp),
    window: windowOf(sample.windowSeconds),
    usage: { cpu: sample.usage.cpu, memory: sample.usage.memory },
  };
}

function podMetricsObject(sample: PodMetricsSample, pod: KubeObject, now: Date): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: sample.name,
    namespace: sample.namespace,
    creationTimestamp: timestampOf(now),
  };
  if (pod.metadata.labels) metadata.labels = pod.metadata.labels;
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata,
    timestamp: timestampOf(sample.timestamp),
    window: windowOf(sample.windowSeconds),
    containers: sample.containers.map((c) => ({
      name: c.name,
      usage: { cpu: c.usage.cpu, memory: c.usage.memory },
    })),
  };
}

function list(kind: string, items: unknown[]): Record<string, unknown> {
  return { kind, apiVersion: API_VERSION, metadata: {}, items };
}

/** serveMetrics answers a metrics.k8s.io get or list (503 when no provider is installed). */
export async function serveMetrics(
  request: MetricsRequest,
  user: UserInfo,
  deps: StreamingDeps,
): Promise<Record<string, unknown>> {
  const provider = deps.metricsProvider;
  if (!provider) throw errors.serviceUnavailable('the server is currently unable to handle the request');
  const ctx: RequestContext = { user, dryRun: false, fieldValidation: 'Ignore', warnings: [], now: deps.now };
  const now = deps.now();

  if (request.resource === 'nodes') {
    const notFound = (name: string) =>
      errors.notFound({ group: 'metrics.k8s.io', resource: 'nodemetrics' }, name);
    if (request.name !== undefined) {
      const node = await getOrUndefined(() =>
        deps.registry.get(core('nodes'), undefined, request.name!, ctx),
      );
      const sample = (await provider.nodeMetrics(request.name)).find((s) => s.name === request.name);
      if (!node || !sample) throw notFound(request.name);
      return nodeMetricsObject(sample, node, now);
    }
    const nodes = await deps.registry.list(core('nodes'), undefined, selectorOptions(request), ctx);
    const samples = new Map((await provider.nodeMetrics()).map((s) => [s.name, s]));
    const items = nodes.items.flatMap((node) => {
      const sample = samples.get(node.metadata.name ?? '');
      return sample ? [nodeMetricsObject(sample, node, now)] : [];
    });
    return list('NodeMetricsList', items);
  }

  const notFound = (namespace: string, name: string) =>
    errors.notFound({ group: 'metrics.k8s.io', resource: 'podmetrics' }, `${namespace}/${name}`);
  if (request.name !== undefined && request.namespace !== undefined) {
    const { namespace, name } = request;
    const pod = await getOrUndefined(() => deps.registry.get(core('pods'), namespace, name, ctx));
    const sample = (await provider.podMetrics(namespace, name)).find(
      (s) => s.namespace === namespace && s.name === name,
    );
    if (!pod || !sample) throw notFound(namespace, name);
    return podMetricsObject(sample, pod, now);
  }
  const pods = await deps.registry.list(core('pods'), request.namespace, selectorOptions(request), ctx);
  const samples = new Map(
    (await provider.podMetrics(request.namespace)).map((s) => [`${s.namespace}/${s.name}`, s]),
  );
  const items = pods.items.flatMap((pod) => {
    const sample = samples.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
    return sample ? [podMetricsObject(sample, pod, now)] : [];
  });
  return list('PodMetricsList', items);
}

function selectorOptions(request: MetricsRequest): { labelSelector?: string } {
  return request.labelSelector ? { labelSelector: request.labelSelector } : {};
}

async function getOrUndefined(get: () => Promise<KubeObject>): Promise<KubeObject | undefined> {
  try {
    return await get();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
