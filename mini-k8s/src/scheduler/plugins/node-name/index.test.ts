import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import { nodeName } from '.';

describe('NodeName', () => {
  const snapshot = Snapshot.build([makeNode('node01'), makeNode('node02')], []);
  it.each([
    ['no nodeName', undefined, 'node01', 'Success'],
    ['matching nodeName', 'node01', 'node01', 'Success'],
    [
      'other nodeName',
      'node02',
      'node01',
      "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
    ],
  ])('%s', (_name, wanted, node, expected) => {
    expect(filterOutcome(nodeName(), makePod('p', { nodeName: wanted }), node, snapshot)).toBe(expected);
  });
});
