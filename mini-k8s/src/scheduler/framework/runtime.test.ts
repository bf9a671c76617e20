import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../plugins/registry';
import { makeNode, makePod } from './fixtures';
import { EMPTY_LISTERS } from './interface';
import { newPodInfo } from './pod-info';
import { Framework, numFeasibleNodesToFind } from './runtime';
import { Snapshot } from './snapshot';

describe('numFeasibleNodesToFind', () => {
  it.each([
    [0, 50, 50],
    [0, 100, 100],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 10_000, 500],
    [10, 5000, 500],
    [1, 500, 100],
  ])('percentage %d of %d nodes → %d', (pct, nodes, expected) => {
    expect(numFeasibleNodesToFind(pct, nodes)).toBe(expected);
  });
});

describe('Framework with the default profile', () => {
  const cp = makeNode('controlplane', {
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });

  it('places pods on the emptier worker and records per-plugin scores', () => {
    const snapshot = Snapshot.build(
      [cp, makeNode('node01'), makeNode('node02')],
      [makePod('x', { nodeName: 'node01', requests: { cpu: '2' } })],
    );
    const fw = new Framework(defaultProfile({ listers: EMPTY_LISTERS }), { random: () => 0 });
    const result = fw.schedule(newPodInfo(makePod('p', { requests: { cpu: '500m' } })), snapshot);
    expect(result.node).toBe('node02');
    expect(result.statuses.get('controlplane')?.plugin).toBe('TaintToleration');
    expect(result.scores.map((s) => s.plugin)).toEqual([
      'TaintToleration',
      'NodeResourcesLeastAllocated',
      'NodeResourcesBalancedAllocation',
    ]);
    const i = result.feasible.findIndex((n) => n.name === 'node02');
    expect(result.totals[i]).toBeGreaterThan(result.totals[1 - i]);
  });

  it('assumed pods change the next decision (replicas alternate between workers)', () => {
    const snapshot = Snapshot.build([cp, makeNode('node01'), makeNode('node02')], []);
    const fw = new Framework(defaultProfile({ listers: EMPTY_LISTERS }));
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const info = newPodInfo(makePod(`web-${i}`, { requests: { cpu: '100m', memory: '64Mi' } }));
      const result = fw.schedule(info, snapshot);
      snapshot.addPod(info, result.node!);
      placed.push(result.node!);
    }
    expect(placed.filter((n) => n === 'node01')).toHaveLength(3);
    expect(placed.filter((n) => n === 'node02')).toHaveLength(3);
  });

  it('skips scoring when a single node is feasible and reports an error without nodes', () => {
    const fw = new Framework(defaultProfile({ listers: EMPTY_LISTERS }));
    const one = fw.schedule(newPodInfo(makePod('p')), Snapshot.build([cp, makeNode('node01')], []));
    expect(one.node).toBe('node01');
    expect(one.scores).toEqual([]);
    const none = fw.schedule(newPodInfo(makePod('p')), Snapshot.build([], []));
    expect(none.error?.message()).toBe('no nodes available to schedule pods');
  });

  it.each([
    ['lower priority pods cannot take room kept for a nominated pod', 0, 'Insufficient cpu'],
    ['equal priority pods cannot either', 10, 'Insufficient cpu'],
    ['higher priority pods ignore the nomination', 20, undefined],
  ])('%s', (_name, priority, reason) => {
    const nominee = newPodInfo(makePod('nominee', { priority: 10, requests: { cpu: '1500m' } }));
    const fw = new Framework(defaultProfile({ listers: EMPTY_LISTERS }), {
      nominatedPods: (node) => (node === 'node01' ? [nominee] : []),
    });
    const result = fw.schedule(
      newPodInfo(makePod('p', { priority, requests: { cpu: '1' } })),
      Snapshot.build([makeNode('node01', { cpu: '2' })], []),
    );
    expect(result.node).toBe(reason ? undefined : 'node01');
    expect(result.statuses.get('node01')?.reasons).toEqual(reason ? [reason] : undefined);
  });
});
