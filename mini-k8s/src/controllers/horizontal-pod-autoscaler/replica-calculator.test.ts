import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { calculateReplicas, type CalculatorInput, type PodMetric } from './replica-calculator';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

interface PodCase {
  usage?: number;
  request?: string | null;
  phase?: string;
  ready?: boolean;
  deleting?: boolean;
}

function build(cases: PodCase[]): { pods: KubeObject[]; metrics: Map<string, PodMetric> } {
  const pods: KubeObject[] = [];
  const metrics = new Map<string, PodMetric>();
  cases.forEach((c, i) => {
    const name = `p${i}`;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...(c.deleting ? { deletionTimestamp: ago(1) } : {}) },
      spec: {
        containers: [
          {
            name: 'c',
            resources:
              c.request === null ? {} : { requests: { cpu: c.request ?? '1', memory: c.request ?? '1' } },
          },
        ],
      },
      status: {
        phase: c.phase ?? 'Running',
        startTime: ago(60),
        conditions: [
          { type: 'Ready', status: c.ready === false ? 'False' : 'True', lastTransitionTime: ago(50) },
        ],
      },
    });
    if (c.usage !== undefined) metrics.set(name, { valueMillis: c.usage, timestamp: NOW, windowMs: 15_000 });
  });
  return { pods, metrics };
}

function run(
  currentReplicas: number,
  cases: PodCase[],
  target: CalculatorInput['target'],
  resource = 'cpu',
): { replicas: number; utilization?: number; raw: number } {
  const { pods, metrics } = build(cases);
  const r = calculateReplicas({ currentReplicas, resource, target, pods, metrics, now: NOW });
  return { replicas: r.replicas, utilization: r.utilization, raw: r.rawAverageMillis };
}

describe('calculateReplicas', () => {
  it.each<
    [
      string,
      number,
      PodCase[],
      CalculatorInput['target'],
      { replicas: number; utilization?: number; raw: number },
    ]
  >([
    [
      'scale up',
      3,
      [{ usage: 300 }, { usage: 500 }, { usage: 700 }],
      { averageUtilization: 30 },
      { replicas: 5, utilization: 50, raw: 500 },
    ],
    [
      'scale down',
      5,
      [{ usage: 100 }, { usage: 300 }, { usage: 500 }, { usage: 250 }, { usage: 250 }],
      { averageUtilization: 50 },
      { replicas: 3, utilization: 28, raw: 280 },
    ],
    [
      'within tolerance keeps the size',
      3,
      [{ usage: 1050 }, { usage: 1050 }, { usage: 1050 }],
      { averageUtilization: 100 },
      { replicas: 3, utilization: 105, raw: 1050 },
    ],
    [
      'ratio 1.09 is within tolerance',
      2,
      [{ usage: 1090 }, { usage: 1090 }],
      { averageUtilization: 100 },
      { replicas: 2, utilization: 109, raw: 1090 },
    ],
    // Why: like Go, |1 - 1.1| is 0.10000000000000009 in float64, just outside the tolerance.
    [
      'ratio 1.1 scales, as float64 does upstream',
      2,
      [{ usage: 1100 }, { usage: 1100 }],
      { averageUtilization: 100 },
      { replicas: 3, utilization: 110, raw: 1100 },
    ],
    [
      'unready pods count as 0 when scaling up',
      3,
      [{ usage: 300, ready: false }, { usage: 500 }, { usage: 700 }],
      { averageUtilization: 30 },
      { replicas: 4, utilization: 60, raw: 600 },
    ],
    [
      'pending pods are unready',
      3,
      [{ phase: 'Pending' }, { usage: 500 }, { usage: 700 }],
      { averageUtilization: 30 },
      { replicas: 4, utilization: 60, raw: 600 },
    ],
    [
      'missing pods assumed at 100% when scaling down',
      4,
      [{ usage: 100 }, { usage: 100 }, { usage: 100 }, {}],
      { averageUtilization: 50 },
      { replicas: 3, utilization: 10, raw: 100 },
    ],
    [
      'missing pods assumed at 0 when scaling up',
      3,
      [{ usage: 900 }, { usage: 900 }, {}],
      { averageUtilization: 50 },
      { replicas: 4, utilization: 90, raw: 900 },
    ],
    [
      'no change when missing pods flip the direction',
      3,
      [{ usage: 600 }, { usage: 600 }, {}],
      { averageUtilization: 50 },
      { replicas: 3, utilization: 60, raw: 600 },
    ],
    [
      'deleted and failed pods are ignored',
      3,
      [{ usage: 500 }, { usage: 500 }, { usage: 2000, phase: 'Failed' }, { usage: 2000, deleting: true }],
      { averageUtilization: 25 },
      { replicas: 4, utilization: 50, raw: 500 },
    ],
    [
      'average value target',
      2,
      [{ usage: 800 }, { usage: 1200 }],
      { averageValueMillis: 500 },
      { replicas: 4, utilization: undefined, raw: 1000 },
    ],
  ])('%s', (_name, current, cases, target, expected) => {
    expect(run(current, cases, target)).toEqual(expected);
  });

  it('does not apply CPU readiness rules to memory', () => {
    expect(
      run(2, [{ usage: 2000, ready: false }, { usage: 2000 }], { averageUtilization: 100 }, 'memory')
        .replicas,
    ).toBe(4);
  });

  it.each<[string, PodCase[], string]>([
    ['no pods', [], 'no pods returned by selector while calculating replica count'],
    [
      'only unready pods',
      [{ usage: 100, ready: false }],
      'did not receive metrics for targeted pods (pods might be unready)',
    ],
    [
      'a container without request',
      [{ usage: 100, request: null }],
      'missing request for cpu in container c of Pod p0',
    ],
  ])('fails with upstream text: %s', (_name, cases, message) => {
    expect(() => run(1, cases, { averageUtilization: 50 })).toThrow(message);
  });
});
