import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { Expectations } from './expectations';
import { isPodAvailable, podsToDelete } from './pods';
import { calculateReplicaSetStatus } from './status';
import { slowStartBatch } from './controller';

const now = new Date('2024-05-01T10:00:00Z');

function pod(
  name: string,
  opts: { node?: string; phase?: string; ready?: boolean; readySince?: string; restarts?: number } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'web' },
      creationTimestamp: '2024-05-01T09:00:00Z',
    },
    spec: opts.node ? { nodeName: opts.node } : {},
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: opts.ready ? 'True' : 'False',
          lastTransitionTime: opts.readySince ?? '2024-05-01T09:00:00Z',
        },
      ],
      containerStatuses: [{ restartCount: opts.restarts ?? 0 }],
    },
  };
}

describe('podsToDelete', () => {
  it.each([
    ['unscheduled before scheduled', [pod('a', { node: 'n1', ready: true }), pod('b')], 'b'],
    ['pending before running', [pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Pending' })], 'b'],
    ['not ready before ready', [pod('a', { node: 'n1', ready: true }), pod('b', { node: 'n2' })], 'b'],
    [
      'doubled-up node first',
      [
        pod('a', { node: 'n1', ready: true }),
        pod('b', { node: 'n2', ready: true }),
        pod('c', { node: 'n2', ready: true }),
      ],
      'b',
    ],
    [
      'recently ready first',
      [
        pod('a', { node: 'n1', ready: true }),
        pod('b', { node: 'n2', ready: true, readySince: '2024-05-01T09:59:58Z' }),
      ],
      'b',
    ],
    [
      'more restarts first',
      [pod('a', { node: 'n1', ready: true }), pod('b', { node: 'n2', ready: true, restarts: 3 })],
      'b',
    ],
  ])('%s', (_name, pods, expected) => {
    expect(podsToDelete(pods, pods, 1, now).map((p) => p.metadata.name)).toEqual([expected]);
  });
});

describe('ReplicaSet status', () => {
  it('counts replicas, fully labelled, ready and available pods', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', generation: 2 },
      spec: {
        replicas: 3,
        minReadySeconds: 30,
        template: { metadata: { labels: { app: 'web', tier: 'fe' } } },
      },
    };
    const pods = [
      pod('a', { ready: true, readySince: '2024-05-01T09:00:00Z' }),
      pod('b', { ready: true, readySince: '2024-05-01T09:59:50Z' }),
      pod('c'),
    ];
    pods[0].metadata.labels = { app: 'web', tier: 'fe' };
    expect(calculateReplicaSetStatus(rs, pods, now)).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 2,
    });
    expect(isPodAvailable(pods[1], 0, now)).toBe(true);
  });

  it('adds ReplicaFailure while creates fail', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 1 },
    };
    const status = calculateReplicaSetStatus(rs, [], now, 'pods "x" is forbidden: exceeded quota');
    expect(status.conditions).toEqual([
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: '2024-05-01T10:00:00Z',
        reason: 'FailedCreate',
        message: 'pods "x" is forbidden: exceeded quota',
      },
    ]);
  });
});

describe('expectations and slow start', () => {
  it('waits for observed creations and deletions', () => {
    const e = new Expectations(() => now);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectDeletions('ns/rs', ['ns/a']);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'ns/a');
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it.each([
    [7, undefined, 7, 7],
    [7, 2, 2, 3],
    [7, 0, 0, 1],
  ])(
    'slowStartBatch(%i) failing at call %j creates %i in %i calls',
    async (count, failAt, created, calls) => {
      let n = 0;
      const result = await slowStartBatch(count, async () => {
        const i = n++;
        if (failAt !== undefined && i >= failAt) throw new Error('quota');
      });
      expect(result.created).toBe(created);
      expect(n).toBe(calls);
    },
  );
});
