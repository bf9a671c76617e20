import { describe, expect, it } from 'vitest';
import { makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import { leastRequestedScore, nodeResourcesLeastAllocated } from '.';

describe('leastRequestedScore', () => {
  it.each([
    [0, 1000, 100],
    [250, 1000, 75],
    [1000, 1000, 0],
    [1500, 1000, 0],
    [10, 0, 0],
    [333, 1000, 66],
  ])('requested %d of %d → %d', (requested, capacity, expected) => {
    expect(leastRequestedScore(requested, capacity)).toBe(expected);
  });
});

describe('NodeResourcesLeastAllocated', () => {
  const snapshot = Snapshot.build(
    [makeNode('empty', { cpu: '4', memory: '4Gi' }), makeNode('busy', { cpu: '4', memory: '4Gi' })],
    [makePod('load', { nodeName: 'busy', requests: { cpu: '2', memory: '2Gi' } })],
  );
  it.each([
    ['explicit requests', { cpu: '1', memory: '1Gi' }, { empty: 75, busy: 25 }],
    // Best-effort: counted as 100m / 200Mi. cpu (4000-100)/4000 → 97, memory (4096-200)/4096 → 95.
    ['best-effort uses non-zero defaults', undefined, { empty: 96, busy: 46 }],
  ])('%s', (_name, requests, expected) => {
    expect(scoreOutcome(nodeResourcesLeastAllocated(), makePod('p', { requests }), snapshot)).toEqual(
      expected,
    );
  });
});
