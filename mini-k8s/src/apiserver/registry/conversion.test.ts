import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './strategies/events';
import { hpaV1ToV2, hpaV2ToV1 } from './strategies/horizontalpodautoscalers';
import { newTestRegistry, R } from './test-support';

const hpaV1: KubeObject = {
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    targetCPUUtilizationPercentage: 50,
  },
};

describe('HPA conversion', () => {
  it('maps the v1 CPU target to the first v2 metric and back', () => {
    const v2 = hpaV1ToV2(hpaV1);
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    expect(hpaV2ToV1(v2)).toEqual(hpaV1);
  });

  it('maps current utilisation and keeps v2-only data in annotations across a round trip', () => {
    const memory = {
      type: 'Resource',
      resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
    };
    const v2: KubeObject = {
      ...hpaV1ToV2(hpaV1),
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } },
        ],
        conditions: [{ type: 'AbleToScale', status: 'True' }],
      },
    };
    (v2.spec as { metrics: unknown[] }).metrics.push(memory);
    const v1 = hpaV2ToV1(v2);
    expect(v1.status).toEqual({
      currentReplicas: 2,
      desiredReplicas: 2,
      currentCPUUtilizationPercentage: 30,
    });
    expect(JSON.parse(v1.metadata.annotations?.['autoscaling.alpha.kubernetes.io/metrics'] ?? '')).toEqual([
      memory,
    ]);
    expect(hpaV1ToV2(v1)).toEqual(v2);
  });

  it('stores HPAs once and serves them in both versions', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.hpaV1, 'default', hpaV1, ctx);
    const v2 = await registry.get(R.hpaV2, 'default', 'web', ctx);
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect((v2.spec as { metrics: unknown[] }).metrics).toHaveLength(1);
    const v1List = await registry.list(R.hpaV1, 'default', {}, ctx);
    expect(v1List.kind).toBe('HorizontalPodAutoscalerList');
    expect(
      (v1List.items[0].spec as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage,
    ).toBe(50);
  });
});

describe('Event conversion', () => {
  const core: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to node-1',
    source: { component: 'default-scheduler' },
    firstTimestamp: '2026-03-01T10:00:00Z',
    lastTimestamp: '2026-03-01T10:00:00Z',
    count: 1,
    type: 'Normal',
  };

  it('renames fields between core/v1 and events.k8s.io/v1', () => {
    const v1 = coreEventToEventsV1(core);
    expect(v1).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: core.involvedObject,
      note: core.message,
      reportingController: 'default-scheduler',
      deprecatedSource: core.source,
      deprecatedCount: 1,
      reason: 'Scheduled',
      type: 'Normal',
    });
    expect(v1.message).toBeUndefined();
    const back = eventsV1ToCoreEvent(v1);
    expect(back).toEqual({ ...core, reportingComponent: 'default-scheduler' });
  });

  it('serves events stored once through both APIs', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.events, 'default', core, ctx);
    const v1 = await registry.get(R.eventsV1, 'default', 'web.1', ctx);
    expect(v1.note).toBe(core.message);
    await expect(registry.get(R.eventsV1, 'default', 'missing', ctx)).rejects.toThrow(
      'events.events.k8s.io "missing" not found',
    );
  });
});
