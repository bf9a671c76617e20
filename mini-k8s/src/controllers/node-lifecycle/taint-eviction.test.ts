import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../workload-utils/taints';
import { evictionTime } from './taint-eviction';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
  timeAdded: '2025-01-01T00:00:00Z',
};
const notReadySchedule: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

describe('evictionTime', () => {
  it.each<[string, Taint[], Toleration[], number | undefined]>([
    ['no NoExecute taint', [notReadySchedule], [], undefined],
    ['untolerated taint: now', [unreachable], [], T0 + 5000],
    [
      'default 300 s toleration',
      [unreachable],
      [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      T0 + 300_000,
    ],
    ['unbounded toleration: never', [unreachable], [{ operator: 'Exists' }], undefined],
    [
      'smallest of matching limits',
      [unreachable],
      [
        { operator: 'Exists', tolerationSeconds: 60 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 10 },
      ],
      T0 + 10_000,
    ],
    ['wrong key does not tolerate', [unreachable], [{ key: 'other', operator: 'Exists' }], T0 + 5000],
  ])('%s', (_name, taints, tolerations, expected) => {
    expect(evictionTime(taints, tolerations, T0 + 5000)).toBe(expected);
  });
});
