import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { computeHash, equalIgnoreHash, fnv32a, safeEncodeString } from './hash';
import { REASONS, rolloutStatus, setCondition } from './progress';
import {
  deploymentSpec,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  setNewReplicaSetAnnotations,
} from './util';

function dep(
  replicas: number,
  strategy: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: { replicas, strategy, template: { metadata: { labels: { app: 'web' } } }, ...extra },
  };
}

function rs(
  name: string,
  replicas: number,
  annotations: Record<string, string> = {},
  status = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, annotations, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { replicas },
    status,
  };
}

describe('hash', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('fnv32a(%j)', (text, expected) => expect(fnv32a(text)).toBe(expected));

  it('encodes decimal digits like rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable, changes with the template and the collision count, ignores the hash label', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    const labelled = structuredClone(t);
    (labelled.metadata.labels as Record<string, string>)['pod-template-hash'] = 'abc';
    expect(equalIgnoreHash(t, labelled)).toBe(true);
  });
});

describe('rolling update arithmetic', () => {
  it.each([
    // replicas, maxSurge, maxUnavailable, expected surge, expected unavailable
    [10, '25%', '25%', 3, 2],
    [3, '25%', '25%', 1, 0],
    [1, 0, 0, 0, 1],
    [4, '50%', 1, 2, 1],
    [2, 0, '100%', 0, 2],
  ])('replicas %i surge %j unavailable %j', (replicas, s, u, surge, unavailable) => {
    const spec = deploymentSpec(
      dep(replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge: s, maxUnavailable: u } }),
    );
    expect(maxSurge(spec)).toBe(surge);
    expect(maxUnavailable(spec)).toBe(unavailable);
  });

  it.each([
    // replicas, old size, new size, expected new size
    [3, 3, 0, 1],
    [3, 2, 1, 2],
    [3, 0, 2, 3],
    [10, 10, 0, 3],
  ])('newRSNewReplicas replicas=%i old=%i new=%i → %i', (replicas, oldSize, newSize, expected) => {
    const spec = deploymentSpec(dep(replicas));
    const newRS = rs('new', newSize);
    expect(newRSNewReplicas(spec, [rs('old', oldSize), newRS], newRS)).toBe(expected);
  });

  it('Recreate scales the new ReplicaSet to all replicas at once', () => {
    const spec = deploymentSpec(dep(4, { type: 'Recreate' }));
    expect(newRSNewReplicas(spec, [rs('new', 0)], rs('new', 0))).toBe(4);
  });

  it.each([
    // deployment replicas (maxSurge 3), rs size, max-replicas annotation, toAdd, added, expected proportion
    [13, 5, '13', 4, 0, 1],
    [13, 5, '13', 4, 4, 0],
    [7, 5, '13', -4, 0, -1],
    [13, 0, '13', 4, 0, 0],
    [0, 5, '13', -5, 0, -5],
  ])(
    'proportion: replicas %i, ReplicaSet of %i (max %s), adding %i',
    (replicas, size, max, toAdd, added, expected) => {
      const spec = deploymentSpec(
        dep(replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } }),
      );
      const r = rs('a', size, { 'deployment.kubernetes.io/max-replicas': max });
      expect(proportion(r, spec, 13, toAdd, added)).toBe(expected);
    },
  );
});

describe('annotations', () => {
  it('copies change-cause, raises the revision and keeps history on rollback', () => {
    const d = dep(3);
    d.metadata.annotations = {
      'kubernetes.io/change-cause': 'undo',
      'deployment.kubernetes.io/revision': '2',
    };
    const old = rs('web-1', 0, { 'deployment.kubernetes.io/revision': '1' });
    expect(setNewReplicaSetAnnotations(d, old, 3, true)).toBe(true);
    expect(old.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'undo',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    const fresh = rs('web-2', 0);
    setNewReplicaSetAnnotations(d, fresh, 1, false);
    expect(fresh.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });
});

describe('conditions', () => {
  const now = new Date('2024-05-01T10:00:00Z');

  it('keeps lastTransitionTime when only the reason changes', () => {
    const status = {
      conditions: [{ type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 'then' }],
    };
    setCondition(status, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 'now' });
    expect(status.conditions[0]).toMatchObject({ reason: 'B', lastTransitionTime: 'then' });
  });

  it.each([
    [
      'complete',
      3,
      REASONS.newReplicaSetAvailable,
      'True',
      'ReplicaSet "web-abc" has successfully progressed.',
    ],
    ['progressing', 1, REASONS.replicaSetUpdated, 'True', 'ReplicaSet "web-abc" is progressing.'],
  ])('rollout %s', (_name, available, reason, status, message) => {
    const d = dep(3, {}, { progressDeadlineSeconds: 600 });
    const newRS = rs(
      'web-abc',
      3,
      {},
      { replicas: 3, readyReplicas: available, availableReplicas: available },
    );
    const out = rolloutStatus(d, deploymentSpec(d), [newRS], newRS, now);
    expect(out.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ reason, status, message });
  });

  it('reports ProgressDeadlineExceeded once the deadline passed without progress', () => {
    const d = dep(3, {}, { progressDeadlineSeconds: 60 });
    const newRS = rs('web-abc', 3, {}, { replicas: 3 });
    d.status = {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      unavailableReplicas: 3,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          lastUpdateTime: '2024-05-01T09:00:00Z',
        },
      ],
    };
    const out = rolloutStatus(d, deploymentSpec(d), [newRS], newRS, now);
    expect(out.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "web-abc" has timed out progressing.',
    });
    expect(out.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  });
});
