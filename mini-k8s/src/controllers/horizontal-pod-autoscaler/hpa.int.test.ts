/**
 * HPA controller on an in-process cluster. No kubelet, metrics server or Deployment controller runs: the
 * test creates Running and Ready pods itself and serves their usage through an in-test MetricsSource.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newHorizontalPodAutoscalerController } from './controller';
import type { MetricsSource } from './metrics-source';
import type { PodMetric } from './replica-calculator';

let cluster: TestCluster;
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const HPA_V1 = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  namespaced: true,
};

/** usage holds each pod's CPU usage in millicores, as a metrics server would report it. */
const usage = new Map<string, number>();
const testMetrics: MetricsSource = {
  async getResourceMetric(resource) {
    if (resource !== 'cpu' || usage.size === 0)
      throw new Error('no metrics returned from resource metrics API');
    const out = new Map<string, PodMetric>();
    for (const [name, value] of usage)
      out.set(name, { valueMillis: value, timestamp: new Date(), windowMs: 15_000 });
    return out;
  },
};

beforeEach(async () => {
  usage.clear();
  cluster = await startTestCluster();
});
afterEach(() => cluster.close());

const stamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

async function deploymentWithPods(name: string, replicas: number): Promise<void> {
  await cluster.client.create(REFS.deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }],
        },
      },
    },
  });
  for (let i = 0; i < replicas; i++) {
    const pod = await cluster.client.create(REFS.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-${i}`, namespace: 'default', labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] },
    });
    const past = stamp(new Date(Date.now() - 600_000));
    await cluster.client.updateStatus(REFS.pods, 'default', {
      ...pod,
      status: {
        phase: 'Running',
        startTime: past,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: past }],
      },
    });
  }
}

function hpa(name: string, target: string): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    },
  };
}

const replicasOf = async (name: string): Promise<number> =>
  ((await cluster.client.get(REFS.deployments, 'default', name)).spec as { replicas: number }).replicas;

async function events(name: string): Promise<{ type: string; reason: string; message: string }[]> {
  const list = await cluster.client.list(EVENTS, 'default');
  return list.items
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => ({ type: String(e.type), reason: String(e.reason), message: String(e.message) }));
}

describe('HorizontalPodAutoscaler', () => {
  it('scales up under load and down after the stabilization window', async () => {
    cluster.run((ctx) =>
      newHorizontalPodAutoscalerController(ctx, {
        metrics: testMetrics,
        syncPeriodMs: 40,
        downscaleStabilizationMs: 600,
      }),
    );
    await deploymentWithPods('web', 2);
    usage.set('web-0', 100).set('web-1', 100);
    await cluster.client.create(REFS.hpas, 'default', hpa('web', 'web'));
    await waitFor(async () => (await replicasOf('web')) === 4, 5000, 'scale to 4');
    expect(await events('web')).toContainEqual({
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
    });
    const scaled = await cluster.client.get(REFS.hpas, 'default', 'web');
    const status = scaled.status as Record<string, unknown>;
    expect(status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 100, averageValue: '100m' } },
        },
      ],
    });
    expect(status.lastScaleTime).toBeDefined();
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'AbleToScale',
          status: 'True',
          reason: 'SucceededRescale',
          message: 'the HPA controller was able to update the target scale to 4',
        }),
        expect.objectContaining({
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        }),
      ]),
    );
    // The v1 view of the same object.
    const v1 = await cluster.client.get(HPA_V1, 'default', 'web');
    expect(v1.spec).toMatchObject({ targetCPUUtilizationPercentage: 50 });

    // Load drops: the recommendation (1) waits for the stabilization window.
    const dropped = Date.now();
    usage.set('web-0', 10).set('web-1', 10);
    await waitFor(
      async () => {
        const h = await cluster.client.get(REFS.hpas, 'default', 'web');
        const conditions = (h.status as { conditions?: { type: string; reason: string }[] }).conditions ?? [];
        return conditions.some((c) => c.type === 'AbleToScale' && c.reason === 'ScaleDownStabilized');
      },
      5000,
      'ScaleDownStabilized',
    );
    expect(await replicasOf('web')).toBe(4);
    await waitFor(async () => (await replicasOf('web')) === 1, 5000, 'scale to 1');
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(300);
    expect(await events('web')).toContainEqual({
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 1; reason: All metrics below target',
    });
    // Idle pods recommend 0, below minReplicas.
    usage.set('web-0', 0).set('web-1', 0);
    const settled = await waitFor(
      async () => {
        const h = await cluster.client.get(REFS.hpas, 'default', 'web');
        const conditions =
          (h.status as { conditions?: { type: string; reason: string; message: string }[] }).conditions ?? [];
        return conditions.some((c) => c.reason === 'TooFewReplicas') && conditions;
      },
      5000,
      'TooFewReplicas',
    );
    expect(settled.find((c) => c.type === 'ScalingLimited')).toMatchObject({
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    });
  });

  it('reports FailedGetResourceMetric when the metrics API answers nothing', async () => {
    // The default MetricsSource asks the cluster's metrics.k8s.io API through the client.
    cluster.run((ctx) => newHorizontalPodAutoscalerController(ctx, { syncPeriodMs: 40 }));
    await deploymentWithPods('api', 1);
    await cluster.client.create(REFS.hpas, 'default', hpa('api', 'api'));
    const list = await waitFor(
      async () => {
        const e = await events('api');
        return e.some((x) => x.reason === 'FailedComputeMetricsReplicas') && e;
      },
      5000,
      'failure events',
    );
    const failed = list.find((e) => e.reason === 'FailedGetResourceMetric')!;
    expect(failed.type).toBe('Warning');
    expect(failed.message).toMatch(
      /^failed to get cpu utilization: unable to get metrics for resource cpu: /,
    );
    expect(list.find((e) => e.reason === 'FailedComputeMetricsReplicas')!.message).toMatch(
      /^invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: failed to get cpu utilization: /,
    );
    const h = await cluster.client.get(REFS.hpas, 'default', 'api');
    const conditions = (
      h.status as { conditions: { type: string; status: string; reason: string; message: string }[] }
    ).conditions;
    expect(conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: expect.stringMatching(
        /^the HPA was unable to compute the replica count: failed to get cpu utilization: /,
      ),
    });
    expect(await replicasOf('api')).toBe(1);
  });
});
