import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { instantiate, type SeedTemplate } from './seed';

const START = Date.parse('2026-01-01T10:00:00Z');

function object(name: string, uid: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, uid, creationTimestamp: '2026-01-01T10:00:00Z', resourceVersion: '1' },
    ...extra,
  } as KubeObject;
}

const template: SeedTemplate = {
  startedAt: START,
  endedAt: START + 2000,
  finishedAt: START + 1000,
  entries: [
    { key: '/registry/a', revision: 1, object: object('a', 'uid-a') },
    {
      key: '/registry/b',
      revision: 2,
      object: object('b', 'uid-b', {
        metadata: {
          name: 'b',
          uid: 'uid-b',
          creationTimestamp: '2026-01-01T10:00:01Z',
          resourceVersion: '2',
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 'uid-a' }],
        },
        spec: { renewTime: '2026-01-01T10:00:01.123456Z', fixed: '2020-05-05T00:00:00Z', note: 'uid-a!' },
      }),
    },
  ],
};

describe('instantiate', () => {
  it('gives each object a fresh uid and rewrites the references to it', () => {
    const [a, b] = instantiate(template, START + 60_000);
    expect(a.object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.object.metadata.uid).not.toBe('uid-a');
    expect(b.object.metadata.ownerReferences?.[0].uid).toBe(a.object.metadata.uid);
    // Only whole values equal to a uid are references; other text is left alone.
    expect((b.object as unknown as { spec: { note: string } }).spec.note).toBe('uid-a!');
    const again = instantiate(template, START + 60_000);
    expect(again[0].object.metadata.uid).not.toBe(a.object.metadata.uid);
  });

  it('moves the bootstrap times to the new cluster creation, keeping their precision', () => {
    const [a, b] = instantiate(template, START + 1000 + 3_600_000 + 250);
    expect(a.object.metadata.creationTimestamp).toBe('2026-01-01T11:00:00Z');
    expect(b.object.metadata.creationTimestamp).toBe('2026-01-01T11:00:01Z');
    const spec = (b.object as unknown as { spec: Record<string, string> }).spec;
    expect(spec.renewTime).toBe('2026-01-01T11:00:01.373456Z');
    // A time outside the bootstrap window is data, not a bootstrap time.
    expect(spec.fixed).toBe('2020-05-05T00:00:00Z');
  });

  it('never moves a time past the new cluster creation', () => {
    const now = START + 10_000;
    for (const { object } of instantiate(template, now)) {
      expect(Date.parse(object.metadata.creationTimestamp!)).toBeLessThanOrEqual(now);
    }
  });

  it('keeps keys and resourceVersions, and never changes the template', () => {
    const rows = instantiate(template, START + 5000);
    expect(rows.map((r) => [r.key, r.revision, r.object.metadata.resourceVersion])).toEqual([
      ['/registry/a', 1, '1'],
      ['/registry/b', 2, '2'],
    ]);
    expect(template.entries[0].object.metadata.uid).toBe('uid-a');
    expect(template.entries[0].object.metadata.creationTimestamp).toBe('2026-01-01T10:00:00Z');
  });
});
