import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import type { PodInput } from '../../framework/fixtures';
import { Snapshot } from '../../framework/snapshot';
import { nodeAffinity } from '.';

const NO_MATCH = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
const required = (
  ...matchExpressions: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
    values?: string[];
  }[]
) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] },
    },
  },
});

describe('NodeAffinity filter', () => {
  const snapshot = Snapshot.build(
    [makeNode('node01', { labels: { disk: 'ssd', zone: 'a', cores: '8' } })],
    [],
  );
  it.each<[string, PodInput, string]>([
    ['nothing required skips', {}, 'Skip'],
    ['nodeSelector matches', { nodeSelector: { disk: 'ssd' } }, 'Success'],
    ['nodeSelector value differs', { nodeSelector: { disk: 'hdd' } }, NO_MATCH],
    ['nodeSelector key missing', { nodeSelector: { gpu: 'true' } }, NO_MATCH],
    ['In matches', required({ key: 'zone', operator: 'In', values: ['a', 'b'] }), 'Success'],
    ['NotIn excludes', required({ key: 'zone', operator: 'NotIn', values: ['a'] }), NO_MATCH],
    ['Exists', required({ key: 'disk', operator: 'Exists' }), 'Success'],
    ['DoesNotExist', required({ key: 'disk', operator: 'DoesNotExist' }), NO_MATCH],
    ['Gt', required({ key: 'cores', operator: 'Gt', values: ['4'] }), 'Success'],
    ['Lt', required({ key: 'cores', operator: 'Lt', values: ['4'] }), NO_MATCH],
    [
      'expressions are ANDed',
      required(
        { key: 'zone', operator: 'In', values: ['a'] },
        { key: 'disk', operator: 'In', values: ['hdd'] },
      ),
      NO_MATCH,
    ],
    [
      'terms are ORed',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node01'] }] },
              ],
            },
          },
        },
      },
      'Success',
    ],
    [
      'empty terms match nothing',
      {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } },
        },
      },
      NO_MATCH,
    ],
    [
      'selector and affinity both required',
      { nodeSelector: { disk: 'ssd' }, ...required({ key: 'zone', operator: 'In', values: ['b'] }) },
      NO_MATCH,
    ],
  ])('%s', (_name, input, expected) => {
    expect(filterOutcome(nodeAffinity(), makePod('p', input), 'node01', snapshot)).toBe(expected);
  });
});

describe('NodeAffinity score', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('a', { labels: { disk: 'ssd', zone: 'a' } }),
      makeNode('b', { labels: { zone: 'a' } }),
      makeNode('c'),
    ],
    [],
  );
  const preferred = (terms: [number, string, string][]) => ({
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: terms.map(([weight, key, value]) => ({
          weight,
          preference: { matchExpressions: [{ key, operator: 'In' as const, values: [value] }] },
        })),
      },
    },
  });
  it.each<[string, PodInput, Record<string, number> | 'Skip']>([
    ['no preference skips', {}, 'Skip'],
    [
      'weights add up and normalise to 100',
      preferred([
        [80, 'disk', 'ssd'],
        [20, 'zone', 'a'],
      ]),
      { a: 100, b: 20, c: 0 },
    ],
    ['single preference', preferred([[5, 'zone', 'a']]), { a: 100, b: 100, c: 0 }],
  ])('%s', (_name, input, expected) => {
    expect(scoreOutcome(nodeAffinity(), makePod('p', input), snapshot)).toEqual(expected);
  });
});
