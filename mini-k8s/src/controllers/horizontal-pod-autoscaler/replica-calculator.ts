/**
 * calculateReplicas is the HPA's ReplicaCalculator for per-pod resource metrics
 * (pkg/controller/podautoscaler/replica_calculator.go), pure:
 * - pods being deleted or Failed are ignored; Pending pods, and for CPU pods not yet Ready or still in
 *   their initialisation period (cpuInitializationPeriod, delayOfInitialReadinessStatus), are "unready";
 *   running pods without a sample are "missing";
 * - utilization targets compare the pods' usage with their requests (sum over containers, a container
 *   without a request is an error); value targets compare the average usage with the target;
 * - within the tolerance (|1 - ratio| <= 0.1) the replica count stays; otherwise ceil(ratio × ready pods),
 *   except that with missing or unready pods the ratio is recomputed assuming missing pods use 0 (scale-up)
 *   or max(100 %, target) of their request (scale-down) and unready pods use 0 (scale-up only), and the
 *   scale is abandoned if that flips the direction.
 * Errors carry upstream's messages, as they end up in events and conditions.
 */
import type { KubeObject } from '../../api/object';
import { Quantity } from '../../machinery/quantity';

/** PodMetric is one pod's usage sample, in milli-units (millicores, milli-bytes). */
export interface PodMetric {
  valueMillis: number;
  timestamp: Date;
  windowMs: number;
}

export interface ReplicaCalculation {
  replicas: number;
  /** utilization is the average usage as a percentage of requests (utilization targets only). */
  utilization?: number;
  /** rawAverageMillis is the average usage per pod with a sample (milli-units). */
  rawAverageMillis: number;
  timestamp: Date;
}

export interface CalculatorInput {
  currentReplicas: number;
  resource: string;
  /** target: a percentage of requests, or an average value per pod in milli-units. */
  target: { averageUtilization: number } | { averageValueMillis: number };
  pods: KubeObject[];
  metrics: Map<string, PodMetric>;
  /** container restricts requests and usage to one container (ContainerResource metrics). */
  container?: string;
  tolerance?: number;
  cpuInitializationPeriodMs?: number;
  delayOfInitialReadinessStatusMs?: number;
  now: Date;
}

interface PodStatusView {
  phase?: string;
  startTime?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
}

interface ContainerView {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string> };
}

function groupPods(input: CalculatorInput) {
  const cpuInit = input.cpuInitializationPeriodMs ?? 300_000;
  const readinessDelay = input.delayOfInitialReadinessStatusMs ?? 30_000;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let ready = 0;
  for (const pod of input.pods) {
    const name = pod.metadata.name!;
    const status = (pod.status ?? {}) as PodStatusView;
    if (pod.metadata.deletionTimestamp || status.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (status.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = input.metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (input.resource === 'cpu') {
      const condition = status.conditions?.find((c) => c.type === 'Ready');
      let isUnready: boolean;
      if (!condition || !status.startTime) {
        isUnready = true;
      } else {
        const start = Date.parse(status.startTime);
        const transition = Date.parse(condition.lastTransitionTime ?? status.startTime);
        if (start + cpuInit > input.now.getTime()) {
          // Still initialising: a sample taken before one full window after the last transition is unreliable.
          isUnready =
            condition.status === 'False' || metric.timestamp.getTime() < transition + metric.windowMs;
        } else {
          // Past initialisation: ignore only pods that never became ready.
          isUnready = condition.status === 'False' && start + readinessDelay > transition;
        }
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

function podRequestMillis(pod: KubeObject, resource: string, container?: string): number {
  const spec = (pod.spec ?? {}) as { containers?: ContainerView[]; initContainers?: ContainerView[] };
  // Why: sidecars (init containers that keep running) consume resources like app containers.
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
  let sum = 0;
  for (const c of containers) {
    if (container && c.name !== container) continue;
    const request = c.resources?.requests?.[resource];
    if (request === undefined)
      throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
    sum += Quantity.parse(request).toMillis();
  }
  return sum;
}

/** ratioOf returns the usage ratio against the target and the figures reported in status. */
function ratioOf(
  metrics: Map<string, number>,
  requests: Map<string, number> | undefined,
  target: CalculatorInput['target'],
): { ratio: number; utilization?: number; rawAverage: number } {
  if ('averageValueMillis' in target) {
    let total = 0;
    for (const value of metrics.values()) total += value;
    const average = Math.trunc(total / metrics.size);
    return { ratio: average / target.averageValueMillis, rawAverage: average };
  }
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entities = 0;
  for (const [name, value] of metrics) {
    const request = requests!.get(name);
    if (request === undefined) continue;
    metricsTotal += value;
    requestsTotal += request;
    entities++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / target.averageUtilization,
    utilization,
    rawAverage: Math.trunc(metricsTotal / entities),
  };
}

export function calculateReplicas(input: CalculatorInput): ReplicaCalculation {
  const tolerance = input.tolerance ?? 0.1;
  const within = (ratio: number): boolean => Math.abs(1 - ratio) <= tolerance;
  if (input.pods.length === 0)
    throw new Error('no pods returned by selector while calculating replica count');
  const { ready, unready, missing, ignored } = groupPods(input);
  const metrics = new Map<string, number>();
  let timestamp = input.now;
  for (const [name, metric] of input.metrics) {
    if (ignored.has(name) || unready.has(name)) continue;
    if (!input.pods.some((p) => p.metadata.name === name)) continue;
    metrics.set(name, metric.valueMillis);
    timestamp = metric.timestamp;
  }
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const utilizationTarget = 'averageUtilization' in input.target;
  let requests: Map<string, number> | undefined;
  if (utilizationTarget) {
    requests = new Map();
    for (const pod of input.pods)
      requests.set(pod.metadata.name!, podRequestMillis(pod, input.resource, input.container));
  }
  const first = ratioOf(metrics, requests, input.target);
  const result = (replicas: number): ReplicaCalculation => ({
    replicas,
    utilization: first.utilization,
    rawAverageMillis: first.rawAverage,
    timestamp,
  });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (within(first.ratio)) return result(input.currentReplicas);
    return result(Math.ceil(first.ratio * ready));
  }
  if (missing.size > 0) {
    for (const name of missing) {
      if (first.ratio < 1) {
        // Assume missing pods use their request (at least the target) when scaling down.
        metrics.set(
          name,
          'averageUtilization' in input.target
            ? Math.trunc((requests!.get(name)! * Math.max(100, input.target.averageUtilization)) / 100)
            : input.target.averageValueMillis,
        );
      } else if (first.ratio > 1) {
        metrics.set(name, 0);
      }
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);
  const next = ratioOf(metrics, requests, input.target);
  if (within(next.ratio) || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1))
    return result(input.currentReplicas);
  const replicas = Math.ceil(next.ratio * metrics.size);
  if (
    (next.ratio < 1 && replicas > input.currentReplicas) ||
    (next.ratio > 1 && replicas < input.currentReplicas)
  )
    return result(input.currentReplicas);
  return result(replicas);
}
