import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { OwnershipGraph } from './graph';

const ref = { group: '', version: 'v1', resource: 'pods', namespaced: true };

function obj(uid: string, owners: string[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: uid,
      uid,
      ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'X', name: o, uid: o })),
    },
  };
}

describe('OwnershipGraph', () => {
  it.each([
    ['links a dependent to its owners', [obj('p', ['rs'])], 'rs', ['p']],
    ['follows an ownerReferences change', [obj('p', ['rs']), obj('p', ['other'])], 'rs', []],
    ['knows dependents before their owner is seen', [obj('a', ['d']), obj('b', ['d'])], 'd', ['a', 'b']],
  ])('%s', (_name, writes, owner, expected) => {
    const g = new OwnershipGraph();
    for (const w of writes) g.upsert(ref, w);
    expect(
      g
        .dependentsOf(owner)
        .map((n) => n.uid)
        .sort(),
    ).toEqual(expected);
  });

  it('forgets removed objects', () => {
    const g = new OwnershipGraph();
    g.upsert(ref, obj('p', ['rs']));
    g.remove(obj('p'));
    expect(g.get('p')).toBeUndefined();
    expect(g.dependentsOf('rs')).toEqual([]);
  });
});
