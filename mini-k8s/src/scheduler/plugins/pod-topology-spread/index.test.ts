import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { filterOutcome, makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import type { PodInput } from '../../framework/fixtures';
import { EMPTY_LISTERS } from '../../framework/interface';
import { Snapshot } from '../../framework/snapshot';
import type { TopologySpreadConstraint } from '../../framework/types';
import { podTopologySpread } from '.';

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const MISSING =
  "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";
const spread = (
  topologyKey: string,
  maxSkew: number,
  whenUnsatisfiable: TopologySpreadConstraint['whenUnsatisfiable'],
  extra: Partial<TopologySpreadConstraint> = {},
): PodInput => ({
  labels: { app: 'web' },
  topologySpreadConstraints: [
    { topologyKey, maxSkew, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } }, ...extra },
  ],
});

describe('PodTopologySpread filter', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('a1', { labels: { zone: 'a' } }),
      makeNode('a2', { labels: { zone: 'a' } }),
      makeNode('b1', { labels: { zone: 'b' } }),
      makeNode('nolabel'),
    ],
    [
      makePod('w1', { nodeName: 'a1', labels: { app: 'web' } }),
      makePod('w2', { nodeName: 'a2', labels: { app: 'web' } }),
      makePod('w3', { nodeName: 'a1', labels: { app: 'web' } }),
      makePod('gone', { nodeName: 'b1', labels: { app: 'web' }, deleting: true }),
      makePod('other-ns', { nodeName: 'b1', labels: { app: 'web' }, namespace: 'prod' }),
    ],
  );
  it.each<[string, PodInput, string, string]>([
    ['no hard constraints skips', spread('zone', 1, 'ScheduleAnyway'), 'a1', 'Skip'],
    ['zone skew too large (a has 3, b has 0)', spread('zone', 1, 'DoNotSchedule'), 'a1', SKEW],
    ['the emptier zone is fine', spread('zone', 1, 'DoNotSchedule'), 'b1', 'Success'],
    ['larger maxSkew tolerates', spread('zone', 4, 'DoNotSchedule'), 'a2', 'Success'],
    ['node without the key', spread('zone', 1, 'DoNotSchedule'), 'nolabel', MISSING],
    ['hostname spreading', spread('kubernetes.io/hostname', 1, 'DoNotSchedule'), 'a1', SKEW],
    [
      'hostname spreading on an empty node',
      spread('kubernetes.io/hostname', 1, 'DoNotSchedule'),
      'b1',
      'Success',
    ],
    [
      'minDomains above the domain count treats min as 0',
      spread('zone', 3, 'DoNotSchedule', { minDomains: 3 }),
      'a1',
      SKEW,
    ],
  ])('%s', (_name, input, node, expected) => {
    expect(
      filterOutcome(podTopologySpread({ listers: EMPTY_LISTERS }), makePod('p', input), node, snapshot),
    ).toBe(expected);
  });
});

describe('PodTopologySpread score', () => {
  const snapshot = Snapshot.build(
    [makeNode('node01'), makeNode('node02'), makeNode('node03')],
    [
      makePod('r1', { nodeName: 'node01', labels: { app: 'web' } }),
      makePod('r2', { nodeName: 'node01', labels: { app: 'web' } }),
      makePod('r3', { nodeName: 'node02', labels: { app: 'web' } }),
    ],
  );
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' } },
  };
  const withService = {
    listers: { ...EMPTY_LISTERS, services: (ns: string) => (ns === 'default' ? [service] : []) },
  };
  it('system default spreading favours nodes with fewer replicas of the same service', () => {
    // counts 2/1/0, weight ln(3+2): scores round(2*1.609+2)=5, round(1.609+2)=4, 2 → 100*(5+2-s)/5.
    expect(
      scoreOutcome(podTopologySpread(withService), makePod('p', { labels: { app: 'web' } }), snapshot),
    ).toEqual({
      node01: 40,
      node02: 60,
      node03: 100,
    });
  });
  it('pods selected by nothing skip system spreading', () => {
    expect(
      scoreOutcome(podTopologySpread(withService), makePod('p', { labels: { app: 'other' } }), snapshot),
    ).toBe('Skip');
  });
  it('ScheduleAnyway constraints score like the defaults', () => {
    // maxSkew 1: raw round(2*1.609)=3, round(1.609)=2, 0 → 100*(3+0-s)/3.
    const scores = scoreOutcome(
      podTopologySpread({ listers: EMPTY_LISTERS }),
      makePod('p', spread('kubernetes.io/hostname', 1, 'ScheduleAnyway')),
      snapshot,
    );
    expect(scores).toEqual({ node01: 0, node02: 33, node03: 100 });
  });
});
