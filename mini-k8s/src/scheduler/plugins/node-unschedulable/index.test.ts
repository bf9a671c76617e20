import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import type { Toleration } from '../../framework/types';
import { nodeUnschedulable } from '.';

describe('NodeUnschedulable', () => {
  const snapshot = Snapshot.build([makeNode('open'), makeNode('cordoned', { unschedulable: true })], []);
  const tolerate: Toleration = {
    key: 'node.kubernetes.io/unschedulable',
    operator: 'Exists',
    effect: 'NoSchedule',
  };
  it.each([
    ['schedulable node', 'open', [], 'Success'],
    ['cordoned node', 'cordoned', [], 'UnschedulableAndUnresolvable: node(s) were unschedulable'],
    ['cordoned node, toleration', 'cordoned', [tolerate], 'Success'],
    ['cordoned node, wildcard toleration', 'cordoned', [{ operator: 'Exists' } as Toleration], 'Success'],
    [
      'cordoned node, wrong effect',
      'cordoned',
      [{ ...tolerate, effect: 'NoExecute' } as Toleration],
      'UnschedulableAndUnresolvable: node(s) were unschedulable',
    ],
  ])('%s', (_name, node, tolerations, expected) => {
    expect(filterOutcome(nodeUnschedulable(), makePod('p', { tolerations }), node, snapshot)).toBe(expected);
  });
});
