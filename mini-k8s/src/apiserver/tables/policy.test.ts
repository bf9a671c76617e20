import { describe, expect, it } from 'vitest';
import {
  formatHPAMetrics,
  horizontalPodAutoscalerPrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  resourceQuotaPrinter,
} from './policy';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('podDisruptionBudgetPrinter', () => {
  it.each([
    [{ minAvailable: 2 }, ['2', 'N/A']],
    [{ maxUnavailable: '25%' }, ['N/A', '25%']],
  ])('prints %j', (spec, expected) => {
    const obj = kubeObject(
      'policy/v1',
      'PodDisruptionBudget',
      { name: 'web' },
      { spec, status: { disruptionsAllowed: 1 } },
    );
    expect(podDisruptionBudgetPrinter.print(obj, ctx).cells).toEqual(['web', ...expected, 1, '5m']);
  });
});

describe('priorityClassPrinter', () => {
  it('prints value, global default and the preemption policy', () => {
    const obj = kubeObject(
      'scheduling.k8s.io/v1',
      'PriorityClass',
      { name: 'system-cluster-critical' },
      { value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'x' },
    );
    expect(priorityClassPrinter.print(obj, ctx).cells).toEqual([
      'system-cluster-critical',
      2000000000,
      false,
      '5m',
      'PreemptLowerPriority',
    ]);
    expect(priorityClassPrinter.columns.every((c) => c.priority === 0)).toBe(true);
  });
});

describe('resourceQuotaPrinter', () => {
  it('splits requests and limits, sorted, with canonical quantities', () => {
    const obj = kubeObject(
      'v1',
      'ResourceQuota',
      { name: 'compute' },
      {
        spec: { hard: {} },
        status: {
          hard: {
            pods: '10',
            'requests.cpu': '1',
            'requests.memory': '1Gi',
            'limits.cpu': '2',
            'limits.memory': '2Gi',
          },
          used: { pods: '2', 'requests.cpu': '500m', 'requests.memory': '268435456', 'limits.cpu': '1000m' },
        },
      },
    );
    expect(resourceQuotaPrinter.print(obj, ctx).cells).toEqual([
      'compute',
      'pods: 2/10, requests.cpu: 500m/1, requests.memory: 268435456/1Gi',
      'limits.cpu: 1/2, limits.memory: 0/2Gi',
      '5m',
    ]);
  });

  it('prints empty cells before the quota controller fills status', () => {
    const obj = kubeObject('v1', 'ResourceQuota', { name: 'new' }, { spec: { hard: { pods: '5' } } });
    expect(resourceQuotaPrinter.print(obj, ctx).cells).toEqual(['new', '', '', '5m']);
  });
});

describe('formatHPAMetrics', () => {
  const cpu = (averageUtilization?: number) => ({
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
  });
  it.each([
    ['no metrics', [], [], '<none>'],
    ['unknown current', [cpu(50)], [], 'cpu: <unknown>/50%'],
    [
      'current utilisation',
      [cpu(80)],
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '250m' } },
        },
      ],
      'cpu: 50%/80%',
    ],
    ['auto target', [cpu(undefined)], [], 'cpu: <unknown>/<auto>'],
    [
      'average value',
      [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
        },
      ],
      [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '262144k' } } }],
      'memory: 262144k/500Mi',
    ],
    [
      'pods metric',
      [
        {
          type: 'Pods',
          pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1k' } },
        },
      ],
      [],
      '<unknown>/1k',
    ],
    [
      'external value and object average',
      [
        { type: 'External', external: { target: { type: 'Value', value: '10' } } },
        { type: 'Object', object: { target: { type: 'AverageValue', averageValue: '2' } } },
      ],
      [{ type: 'External', external: { current: { value: '3' } } }],
      '3/10, <unknown>/2 (avg)',
    ],
    [
      'more than two',
      [cpu(10), cpu(20), cpu(30), cpu(40)],
      [],
      'cpu: <unknown>/10%, cpu: <unknown>/20% + 2 more...',
    ],
    ['unknown type', [{ type: 'Bogus' }], [], '<unknown type>'],
  ])('%s', (_label, specs, statuses, expected) => {
    expect(formatHPAMetrics(specs, statuses)).toBe(expected);
  });
});

describe('horizontalPodAutoscalerPrinter', () => {
  it('prints an autoscaling/v2 HPA', () => {
    const obj = kubeObject(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      { name: 'web' },
      {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        },
        status: { currentReplicas: 2, desiredReplicas: 2 },
      },
    );
    expect(horizontalPodAutoscalerPrinter.print(obj, ctx).cells).toEqual([
      'web',
      'Deployment/web',
      'cpu: <unknown>/50%',
      '1',
      10,
      2,
      '5m',
    ]);
  });

  it('prints an autoscaling/v1 HPA from its CPU fields', () => {
    const obj = kubeObject(
      'autoscaling/v1',
      'HorizontalPodAutoscaler',
      { name: 'web' },
      {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          maxReplicas: 5,
          targetCPUUtilizationPercentage: 80,
        },
        status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 },
      },
    );
    expect(horizontalPodAutoscalerPrinter.print(obj, ctx).cells).toEqual([
      'web',
      'Deployment/web',
      'cpu: 12%/80%',
      '<unset>',
      5,
      1,
      '5m',
    ]);
  });
});
