/**
 * newHorizontalPodAutoscalerController is the HPA controller (pkg/controller/podautoscaler/horizontal.go)
 * over autoscaling/v2 objects, each HPA reconciled every sync period (15 s, scaled by the cluster speed):
 * 1. read the target's `scale` subresource (replicas, status.selector);
 * 2. outside [minReplicas, maxReplicas] snap to the bound; a target at 0 replicas disables scaling;
 *    otherwise compute a proposal per metric (Resource and ContainerResource metrics from a MetricsSource,
 *    calculateReplicas) and keep the largest;
 * 3. stabilize and limit it (ScaleNormalizer), write the scale subresource when it changes, with the events
 *    SuccessfulRescale / FailedRescale / FailedGetScale / FailedGetResourceMetric /
 *    FailedComputeMetricsReplicas and the conditions AbleToScale, ScalingActive, ScalingLimited;
 * 4. write status: currentReplicas, desiredReplicas, currentMetrics, lastScaleTime, observedGeneration.
 */
import type { KubeObject } from '../../api/object';
import { findKind } from '../../api/resources';
import type { ResourceRef } from '../../client/client';
import { objectKey, type Informer } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { parseLabelSelector } from '../../machinery/labels';
import { Quantity } from '../../machinery/quantity';
import { rfc3339 } from '../../client/event-recorder';
import { Controller } from '../controller';
import { delayScaler, scalePeriod } from '../timing';
import type { ControllerContext, ManagedController } from '../registry';
import { type Condition, setCondition } from '../workload-utils/conditions';
import { managedController } from '../workload-utils/managed';
import { REFS } from '../workload-utils/refs';
import { ClientMetricsSource, type MetricsSource } from './metrics-source';
import { type Behavior, ScaleNormalizer } from './normalize';
import { calculateReplicas } from './replica-calculator';

export interface HpaControllerOptions {
  /** metrics reads pod usage (default: the cluster's metrics.k8s.io API through the client). */
  metrics?: MetricsSource;
  /** syncPeriodMs is --horizontal-pod-autoscaler-sync-period (default 15 s). */
  syncPeriodMs?: number;
  /** downscaleStabilizationMs is --horizontal-pod-autoscaler-downscale-stabilization (default 300 s). */
  downscaleStabilizationMs?: number;
  /** tolerance is --horizontal-pod-autoscaler-tolerance (default 0.1). */
  tolerance?: number;
  /** cpuInitializationPeriodMs (default 5 min) and delayOfInitialReadinessStatusMs (default 30 s). */
  cpuInitializationPeriodMs?: number;
  delayOfInitialReadinessStatusMs?: number;
}

interface MetricTarget {
  type: 'Utilization' | 'AverageValue' | 'Value';
  averageUtilization?: number;
  averageValue?: string;
}

interface MetricSpec {
  type: 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: { name: string } };
  object?: { metric: { name: string } };
  external?: { metric: { name: string } };
}

interface HpaSpec {
  scaleTargetRef: { apiVersion?: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: Behavior;
}

interface HpaStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: unknown[];
  conditions?: Condition[];
}

interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

/** A metric proposal failed: the ScalingActive condition and the error (its message is upstream's). */
class MetricError extends Error {
  constructor(
    readonly reason: string,
    /** detail is the metric's own error, quoted by the ScalingActive condition. */
    readonly detail: string,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_METRICS: MetricSpec[] = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
];

export function newHorizontalPodAutoscalerController(
  ctx: ControllerContext,
  options: HpaControllerOptions = {},
): ManagedController {
  const { client, now } = ctx;
  // Why scaled: at cluster speed 0 (tests) a 15 s sync and 5 min windows would stall every scenario.
  const scaled = delayScaler(ctx.speed);
  const syncPeriodMs = options.syncPeriodMs ?? scalePeriod(ctx.speed, 15_000);
  const cpuInitializationPeriodMs = options.cpuInitializationPeriodMs ?? scaled(300_000);
  const delayOfInitialReadinessStatusMs = options.delayOfInitialReadinessStatusMs ?? scaled(30_000);
  const metricsSource = options.metrics ?? new ClientMetricsSource(client);
  const normalizer = new ScaleNormalizer(options.downscaleStabilizationMs ?? 300_000, scaled);
  const recorder = ctx.recorder('horizontal-pod-autoscaler');
  const hpas = ctx.informers.informerFor(REFS.hpas);
  const pods: Informer = ctx.informers.informerFor(REFS.pods);
  const controller = new Controller({ name: 'horizontal-pod-autoscaler', reconcile, onError: ctx.onError });
  hpas.addHandler({
    onAdd: (h) => controller.enqueue(objectKey(h)),
    onUpdate: (o, h) => {
      // Why: our own status writes must not shortcut the sync period; spec changes apply at once.
      if (o.metadata.generation !== h.metadata.generation) controller.enqueue(objectKey(h));
    },
    onDelete: (h) => normalizer.forget(objectKey(h)),
  });

  function targetRef(spec: HpaSpec): ResourceRef | undefined {
    const apiVersion = spec.scaleTargetRef.apiVersion ?? 'v1';
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const info = findKind(group, version, spec.scaleTargetRef.kind);
    return info?.subresources?.some((s) => s.name === 'scale') ? info : undefined;
  }

  async function proposal(
    hpa: KubeObject,
    metric: MetricSpec,
    currentReplicas: number,
    selector: string,
  ): Promise<{ replicas: number; name: string; status: unknown }> {
    const namespace = hpa.metadata.namespace!;
    const container = metric.type === 'ContainerResource' ? metric.containerResource!.container : undefined;
    const source = metric.type === 'ContainerResource' ? metric.containerResource : metric.resource;
    if ((metric.type !== 'Resource' && metric.type !== 'ContainerResource') || !source) {
      const [reason, kind] =
        metric.type === 'Pods'
          ? ['FailedGetPodsMetric', 'pods']
          : metric.type === 'Object'
            ? ['FailedGetObjectMetric', 'object']
            : ['FailedGetExternalMetric', 'external'];
      const name = (metric.pods ?? metric.object ?? metric.external)?.metric.name ?? '';
      const api =
        kind === 'external'
          ? 'external metrics API (external.metrics.k8s.io)'
          : 'custom metrics API (custom.metrics.k8s.io)';
      const message = `unable to get metric ${name}: no ${api} registered`;
      await recorder.record(hpa, 'Warning', reason, message);
      throw new MetricError(reason, message, `failed to get ${kind} metric value: ${message}`);
    }
    const resource = source.name;
    const target = source.target;
    const isContainer = metric.type === 'ContainerResource';
    const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    const byValue = target.averageValue !== undefined;
    let inner: string | undefined;
    let result: ReturnType<typeof calculateReplicas> | undefined;
    if (!byValue && target.averageUtilization === undefined) {
      inner =
        'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
    } else {
      try {
        let samples;
        try {
          samples = await metricsSource.getResourceMetric(resource, namespace, selector, container);
        } catch (err) {
          throw new Error(`unable to get metrics for resource ${resource}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        const sel = parseLabelSelector(selector);
        result = calculateReplicas({
          currentReplicas,
          resource,
          target: byValue
            ? { averageValueMillis: Quantity.parse(target.averageValue!).toMillis() }
            : { averageUtilization: target.averageUtilization! },
          pods: pods.list((p) => p.metadata.namespace === namespace && sel.matches(p.metadata.labels ?? {})),
          // The metrics window (15 s) is how long after readiness a sample stays unreliable: scaled too.
          metrics: new Map([...samples].map(([pod, m]) => [pod, { ...m, windowMs: scaled(m.windowMs) }])),
          container,
          tolerance: options.tolerance,
          cpuInitializationPeriodMs,
          delayOfInitialReadinessStatusMs,
          now: now(),
        });
      } catch (err) {
        inner = `failed to get ${resource} ${byValue ? 'usage' : 'utilization'}: ${(err as Error).message}`;
      }
    }
    if (inner !== undefined || !result) {
      // Upstream reports the per-metric failure as an event at once.
      await recorder.record(hpa, 'Warning', reason, inner!);
      throw new MetricError(
        reason,
        inner!,
        `failed to get ${resource} ${isContainer ? 'container' : 'resource'} metric value: ${inner}`,
      );
    }
    const current: Record<string, unknown> = {
      averageValue: Quantity.fromMillis(result.rawAverageMillis).toString(),
    };
    if (!byValue) current.averageUtilization = result.utilization;
    const kindName = isContainer ? 'container resource' : 'resource';
    const name = byValue
      ? `${resource} ${kindName}`
      : `${resource} ${kindName} utilization (percentage of request)`;
    const status = isContainer
      ? { type: 'ContainerResource', containerResource: { name: resource, container, current } }
      : { type: 'Resource', resource: { name: resource, current } };
    return { replicas: result.replicas, name, status };
  }

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const hpa = hpas.get(key);
    if (!hpa || hpa.metadata.deletionTimestamp) return;
    const spec = hpa.spec as HpaSpec;
    const original = (hpa.status ?? {}) as HpaStatus;
    const status: HpaStatus = { ...original };
    const at = now();
    const condition = (type: string, value: 'True' | 'False', reason: string, message: string): void => {
      status.conditions = setCondition(status.conditions, { type, status: value, reason, message }, at);
    };
    const writeStatus = async (): Promise<void> => {
      status.observedGeneration = hpa.metadata.generation;
      if (JSON.stringify(status) === JSON.stringify(original)) return;
      try {
        await client.updateStatus(REFS.hpas, hpa.metadata.namespace, { ...hpa, status });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    };
    const requeue = { requeueAfterMs: syncPeriodMs };

    const ref = targetRef(spec);
    let scale: Scale;
    try {
      if (!ref) {
        const apiVersion = spec.scaleTargetRef.apiVersion ?? '';
        throw new Error(
          `unable to determine resource for scale target reference: no matches for kind "${spec.scaleTargetRef.kind}" in version "${apiVersion}"`,
        );
      }
      scale = (await client.request(
        'GET',
        client.path(ref, hpa.metadata.namespace, spec.scaleTargetRef.name, 'scale'),
      )) as Scale;
    } catch (err) {
      const message = (err as Error).message;
      await recorder.record(hpa, 'Warning', 'FailedGetScale', message);
      condition(
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${message}`,
      );
      await writeStatus();
      return requeue;
    }
    condition(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    const currentReplicas = scale.spec?.replicas ?? 0;
    normalizer.recordInitial(key, currentReplicas, at);
    const minReplicas = spec.minReplicas ?? 1;
    let desiredReplicas: number;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: unknown[] | undefined = original.currentMetrics;
    if (currentReplicas === 0 && minReplicas !== 0) {
      desiredReplicas = 0;
      rescale = false;
      condition(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
    } else if (currentReplicas > spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const selector = scale.status?.selector ?? '';
      if (selector === '') {
        await recorder.record(hpa, 'Warning', 'SelectorRequired', 'selector is required');
        condition(
          'ScalingActive',
          'False',
          'InvalidSelector',
          "the HPA target's scale is missing a selector",
        );
        status.currentReplicas = currentReplicas;
        await writeStatus();
        return requeue;
      }
      const specs = spec.metrics?.length ? spec.metrics : DEFAULT_METRICS;
      let best: { replicas: number; name: string } | undefined;
      let firstError: MetricError | undefined;
      let invalid = 0;
      const statuses: unknown[] = [];
      for (const metric of specs) {
        try {
          const p = await proposal(hpa, metric, currentReplicas, selector);
          statuses.push(p.status);
          if (!best || p.replicas > best.replicas) best = p;
        } catch (err) {
          if (!(err instanceof MetricError)) throw err;
          statuses.push({ type: '' });
          firstError ??= err;
          invalid++;
        }
      }
      metricStatuses = statuses;
      if (invalid >= specs.length || (invalid > 0 && best!.replicas < currentReplicas)) {
        const inner = firstError!.message;
        condition(
          'ScalingActive',
          'False',
          firstError!.reason,
          `the HPA was unable to compute the replica count: ${firstError!.detail}`,
        );
        status.currentReplicas = currentReplicas;
        status.currentMetrics = statuses;
        await writeStatus();
        await recorder.record(
          hpa,
          'Warning',
          'FailedComputeMetricsReplicas',
          `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${inner}`,
        );
        return requeue;
      }
      condition(
        'ScalingActive',
        'True',
        'ValidMetricFound',
        `the HPA was able to successfully calculate a replica count from ${best!.name}`,
      );
      desiredReplicas = best!.replicas;
      if (desiredReplicas > currentReplicas) rescaleReason = `${best!.name} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      const normalized = normalizer.normalize({
        key,
        currentReplicas,
        desiredReplicas,
        minReplicas,
        maxReplicas: spec.maxReplicas,
        behavior: spec.behavior,
        now: at,
      });
      for (const c of normalized.conditions) condition(c.type, c.status, c.reason, c.message);
      desiredReplicas = normalized.replicas;
      rescale = desiredReplicas !== currentReplicas;
    }

    if (rescale) {
      try {
        await client.update(
          ref!,
          hpa.metadata.namespace,
          { ...scale, spec: { ...scale.spec, replicas: desiredReplicas } },
          { subresource: 'scale' },
        );
      } catch (err) {
        const message = (err as Error).message;
        await recorder.record(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${message}`,
        );
        condition(
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${message}`,
        );
        status.currentReplicas = currentReplicas;
        await writeStatus();
        throw err;
      }
      condition(
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desiredReplicas}`,
      );
      await recorder.record(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desiredReplicas}; reason: ${rescaleReason}`,
      );
      normalizer.recordScale(
        {
          key,
          currentReplicas,
          desiredReplicas,
          minReplicas,
          maxReplicas: spec.maxReplicas,
          behavior: spec.behavior,
          now: at,
        },
        currentReplicas,
        desiredReplicas,
      );
      status.lastScaleTime = rfc3339(at);
    } else {
      desiredReplicas = currentReplicas;
    }
    status.currentReplicas = currentReplicas;
    status.desiredReplicas = desiredReplicas;
    if (metricStatuses) status.currentMetrics = metricStatuses;
    await writeStatus();
    return requeue;
  }

  return managedController(controller, [hpas, pods]);
}
