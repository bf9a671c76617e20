import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './suggest';

describe('closestName', () => {
  it.each([
    ['replica', ['replicas', 'selector', 'template'], 'replicas'],
    ['Deploymnet', ['Deployment', 'DaemonSet', 'ReplicaSet'], 'Deployment'],
    ['tcp', ['SCTP', 'TCP', 'UDP'], 'TCP'],
    ['imagee', ['image', 'imagePullPolicy'], 'image'],
    ['colour', ['apiVersion', 'kind', 'metadata', 'spec', 'status'], undefined],
    ['spce', ['spec', 'status'], 'spec'],
    ['nam', ['name', 'namespace'], 'name'],
    ['xy', ['ab'], undefined],
  ])('%s among %j → %s', (name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps as one', () => {
    expect(editDistance('replica', 'replicas')).toBe(1);
    expect(editDistance('spce', 'spec')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
