import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import type { Taint, Toleration } from '../../framework/types';
import { taintToleration } from '.';

const cp: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoExecute' };
const soft: Taint = { key: 'spot', value: 'yes', effect: 'PreferNoSchedule' };

describe('TaintToleration filter', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('cp', { taints: [cp] }),
      makeNode('gpu', { taints: [soft, gpu] }),
      makeNode('plain'),
      makeNode('soft', { taints: [soft] }),
    ],
    [],
  );
  it.each<[string, string, Toleration[], string]>([
    ['untainted node', 'plain', [], 'Success'],
    [
      'control-plane taint without value',
      'cp',
      [],
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    ],
    [
      'control-plane tolerated by Exists',
      'cp',
      [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      'Success',
    ],
    [
      'NoExecute taint with value',
      'gpu',
      [],
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {gpu: true}',
    ],
    [
      'Equal with the wrong value',
      'gpu',
      [{ key: 'gpu', operator: 'Equal', value: 'false' }],
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {gpu: true}',
    ],
    ['Equal with the right value', 'gpu', [{ key: 'gpu', value: 'true' }], 'Success'],
    ['PreferNoSchedule never filters', 'soft', [], 'Success'],
    ['tolerate everything', 'cp', [{ operator: 'Exists' }], 'Success'],
  ])('%s', (_name, node, tolerations, expected) => {
    expect(filterOutcome(taintToleration(), makePod('p', { tolerations }), node, snapshot)).toBe(expected);
  });
});

describe('TaintToleration score', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('none'),
      makeNode('one', { taints: [soft] }),
      makeNode('two', { taints: [soft, { key: 'other', effect: 'PreferNoSchedule' }] }),
    ],
    [],
  );
  it.each<[string, Toleration[], Record<string, number>]>([
    ['fewer untolerated PreferNoSchedule taints score higher', [], { none: 100, one: 50, two: 0 }],
    [
      'tolerated soft taints do not count',
      [{ key: 'spot', operator: 'Exists' }],
      { none: 100, one: 100, two: 0 },
    ],
    [
      'NoSchedule tolerations are ignored for scoring',
      [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }],
      { none: 100, one: 50, two: 0 },
    ],
  ])('%s', (_name, tolerations, expected) => {
    expect(scoreOutcome(taintToleration(), makePod('p', { tolerations }), snapshot)).toEqual(expected);
  });
});
