import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod, scoreOutcome } from '../../framework/fixtures';
import type { PodInput } from '../../framework/fixtures';
import { EMPTY_LISTERS } from '../../framework/interface';
import { Snapshot } from '../../framework/snapshot';
import type { PodAffinityTerm } from '../../framework/types';
import { interPodAffinity } from '.';

const handle = { listers: EMPTY_LISTERS };
const term = (app: string, topologyKey = 'kubernetes.io/hostname'): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
});
const affinity = (t: PodAffinityTerm): PodInput => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } },
});
const anti = (t: PodAffinityTerm): PodInput => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } },
});

const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

describe('InterPodAffinity filter', () => {
  const snapshot = Snapshot.build(
    [
      makeNode('node01', { labels: { zone: 'a' } }),
      makeNode('node02', { labels: { zone: 'a' } }),
      makeNode('node03', { labels: { zone: 'b' } }),
    ],
    [
      makePod('db', { nodeName: 'node01', labels: { app: 'db' } }),
      makePod('loner', { nodeName: 'node03', labels: { app: 'loner' }, ...anti(term('web')) }),
      makePod('other-ns', { nodeName: 'node02', namespace: 'kube-system', labels: { app: 'cache' } }),
    ],
  );
  it.each<[string, PodInput, string, string]>([
    ['no terms and no anti-affinity elsewhere matters', { labels: { app: 'x' } }, 'node03', 'Success'],
    ['affinity to db on its node', { ...affinity(term('db')) }, 'node01', 'Success'],
    ['affinity to db on another node', { ...affinity(term('db')) }, 'node02', AFFINITY],
    ['zone affinity to db', { ...affinity(term('db', 'zone')) }, 'node02', 'Success'],
    ['zone affinity to db in another zone', { ...affinity(term('db', 'zone')) }, 'node03', AFFINITY],
    ['affinity only looks in the own namespace', { ...affinity(term('cache')) }, 'node02', AFFINITY],
    [
      'explicit namespaces widen the term',
      { ...affinity({ ...term('cache'), namespaces: ['kube-system'] }) },
      'node02',
      'Success',
    ],
    [
      'first pod of a self-affine group may go anywhere',
      { labels: { app: 'new' }, ...affinity(term('new')) },
      'node02',
      'Success',
    ],
    ['anti-affinity to db on its node', { ...anti(term('db')) }, 'node01', ANTI],
    ['anti-affinity to db elsewhere', { ...anti(term('db')) }, 'node02', 'Success'],
    ['zone anti-affinity', { ...anti(term('db', 'zone')) }, 'node02', ANTI],
    ['existing pod anti-affinity rejects web', { labels: { app: 'web' } }, 'node03', EXISTING],
    ['existing pod anti-affinity is per topology', { labels: { app: 'web' } }, 'node01', 'Success'],
  ])('%s', (_name, input, node, expected) => {
    expect(filterOutcome(interPodAffinity(handle), makePod('p', input), node, snapshot)).toBe(expected);
  });
});

describe('InterPodAffinity score', () => {
  const snapshot = Snapshot.build(
    [makeNode('node01'), makeNode('node02'), makeNode('node03')],
    [
      makePod('db', { nodeName: 'node01', labels: { app: 'db' } }),
      makePod('web', { nodeName: 'node02', labels: { app: 'web' } }),
    ],
  );
  const preferred = (kind: 'podAffinity' | 'podAntiAffinity', app: string, weight: number): PodInput => ({
    affinity: {
      [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term(app) }] },
    },
  });
  it.each<[string, PodInput, Record<string, number> | 'Skip']>([
    ['no terms anywhere skips', {}, 'Skip'],
    ['preferred affinity', preferred('podAffinity', 'db', 10), { node01: 100, node02: 0, node03: 0 }],
    [
      'preferred anti-affinity',
      preferred('podAntiAffinity', 'web', 10),
      { node01: 100, node02: 0, node03: 100 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(scoreOutcome(interPodAffinity(handle), makePod('p', input), snapshot)).toEqual(expected);
  });
});
