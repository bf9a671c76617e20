/**
 * HorizontalPodAutoscaler conversion between autoscaling/v1 and the storage version autoscaling/v2, as
 * pkg/apis/autoscaling/v1/conversion.go does upstream: the v1 CPU target and current utilisation map to
 * the first CPU Resource metric; whatever v1 cannot express (other metrics, conditions, current metrics,
 * behavior) travels in `autoscaling.alpha.kubernetes.io/*` annotations so that a round trip loses nothing.
 */
import type { KubeObject } from '../../../api/object';
import { asRecord, clone } from '../meta';

/** Annotations upstream uses to carry v2-only fields on v1 objects. */
export const HPA_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
} as const;

type Metric = Record<string, unknown>;

function isCpuUtilizationTarget(metric: Metric): boolean {
  const resource = asRecord(metric.resource);
  const target = asRecord(resource?.target);
  return (
    metric.type === 'Resource' &&
    resource?.name === 'cpu' &&
    target?.type === 'Utilization' &&
    typeof target.averageUtilization === 'number'
  );
}

function isCpuCurrent(metric: Metric): boolean {
  const resource = asRecord(metric.resource);
  return metric.type === 'Resource' && resource?.name === 'cpu';
}

function takeAnnotation(obj: KubeObject, key: string): unknown {
  const annotations = obj.metadata.annotations;
  if (!annotations || !(key in annotations)) return undefined;
  const text = annotations[key];
  delete annotations[key];
  if (Object.keys(annotations).length === 0) delete obj.metadata.annotations;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function putAnnotation(obj: KubeObject, key: string, value: unknown): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: JSON.stringify(value) };
}

/** hpaV1ToV2 converts an autoscaling/v1 HPA to autoscaling/v2. */
export function hpaV1ToV2(v1: KubeObject): KubeObject {
  const out = clone(v1);
  out.apiVersion = 'autoscaling/v2';
  const spec = { ...(asRecord(out.spec) ?? {}) };
  const extraMetrics = takeAnnotation(out, HPA_ANNOTATIONS.metrics);
  const behavior = takeAnnotation(out, HPA_ANNOTATIONS.behavior);
  const currentMetrics = takeAnnotation(out, HPA_ANNOTATIONS.currentMetrics);
  const conditions = takeAnnotation(out, HPA_ANNOTATIONS.conditions);

  const metrics: Metric[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  if (Array.isArray(extraMetrics)) metrics.push(...(extraMetrics as Metric[]));
  delete spec.targetCPUUtilizationPercentage;
  if (metrics.length > 0) spec.metrics = metrics;
  if (asRecord(behavior)) spec.behavior = behavior;
  if (out.spec !== undefined) out.spec = spec;

  const status = asRecord(out.status);
  if (status) {
    const next: Record<string, unknown> = { ...status };
    const current: Metric[] = [];
    if (typeof status.currentCPUUtilizationPercentage === 'number') {
      current.push({
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
      });
    }
    if (Array.isArray(currentMetrics)) current.push(...(currentMetrics as Metric[]));
    delete next.currentCPUUtilizationPercentage;
    if (current.length > 0) next.currentMetrics = current;
    if (Array.isArray(conditions)) next.conditions = conditions;
    out.status = next;
  }
  return out;
}

/** hpaV2ToV1 converts an autoscaling/v2 HPA to autoscaling/v1. */
export function hpaV2ToV1(v2: KubeObject): KubeObject {
  const out = clone(v2);
  out.apiVersion = 'autoscaling/v1';
  const spec = { ...(asRecord(out.spec) ?? {}) };
  const metrics = Array.isArray(spec.metrics) ? (spec.metrics as Metric[]) : [];
  const cpuIndex = metrics.findIndex(isCpuUtilizationTarget);
  if (cpuIndex >= 0) {
    const target = asRecord(asRecord(metrics[cpuIndex].resource)?.target);
    spec.targetCPUUtilizationPercentage = target?.averageUtilization;
  }
  const others = metrics.filter((_, i) => i !== cpuIndex);
  if (others.length > 0) putAnnotation(out, HPA_ANNOTATIONS.metrics, others);
  if (asRecord(spec.behavior)) putAnnotation(out, HPA_ANNOTATIONS.behavior, spec.behavior);
  delete spec.metrics;
  delete spec.behavior;
  if (out.spec !== undefined) out.spec = spec;

  const status = asRecord(out.status);
  if (status) {
    const next: Record<string, unknown> = { ...status };
    const current = Array.isArray(status.currentMetrics) ? (status.currentMetrics as Metric[]) : [];
    const cpuCurrent = current.findIndex(isCpuCurrent);
    if (cpuCurrent >= 0) {
      const utilization = asRecord(asRecord(current[cpuCurrent].resource)?.current)?.averageUtilization;
      if (typeof utilization === 'number') next.currentCPUUtilizationPercentage = utilization;
    }
    const otherCurrent = current.filter((_, i) => i !== cpuCurrent);
    if (otherCurrent.length > 0) putAnnotation(out, HPA_ANNOTATIONS.currentMetrics, otherCurrent);
    if (Array.isArray(status.conditions) && status.conditions.length > 0) {
      putAnnotation(out, HPA_ANNOTATIONS.conditions, status.conditions);
    }
    delete next.currentMetrics;
    delete next.conditions;
    out.status = next;
  }
  return out;
}
