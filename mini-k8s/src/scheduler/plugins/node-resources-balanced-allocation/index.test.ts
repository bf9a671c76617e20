import { describe, expect, it } from 'vitest';
import { makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import { balancedScore, nodeResourcesBalancedAllocation } from '.';

describe('balancedScore', () => {
  it.each<[string, [number, number][], number]>([
    [
      'perfectly balanced',
      [
        [500, 1000],
        [2, 4],
      ],
      100,
    ],
    [
      'half vs nothing',
      [
        [500, 1000],
        [0, 4],
      ],
      75,
    ],
    [
      'fractions capped at 1',
      [
        [3000, 1000],
        [0, 4],
      ],
      50,
    ],
    [
      'zero allocatable ignored',
      [
        [500, 1000],
        [5, 0],
      ],
      100,
    ],
    [
      'three resources use the standard deviation',
      [
        [0, 1],
        [1, 2],
        [1, 1],
      ],
      59,
    ],
  ])('%s', (_name, pairs, expected) => {
    expect(balancedScore(pairs)).toBe(expected);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  const snapshot = Snapshot.build(
    [makeNode('cpu-heavy', { cpu: '4', memory: '4Gi' }), makeNode('mem-heavy', { cpu: '4', memory: '4Gi' })],
    [
      makePod('a', { nodeName: 'cpu-heavy', requests: { cpu: '2' } }),
      makePod('b', { nodeName: 'mem-heavy', requests: { memory: '2Gi' } }),
    ],
  );
  it('prefers the node the pod balances', () => {
    expect(
      scoreOutcome(
        nodeResourcesBalancedAllocation(),
        makePod('p', { requests: { memory: '2Gi' } }),
        snapshot,
      ),
    ).toEqual({
      'cpu-heavy': 100,
      'mem-heavy': 50,
    });
  });
  it('skips best-effort pods', () => {
    expect(scoreOutcome(nodeResourcesBalancedAllocation(), makePod('p'), snapshot)).toBe('Skip');
  });
});
