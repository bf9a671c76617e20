import { describe, expect, it } from 'vitest';
import { deepEqual, firstMismatch } from './objects';

const deployment = {
  spec: {
    replicas: 2,
    template: {
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    },
  },
};

describe('firstMismatch', () => {
  it.each([
    { name: 'equal scalar', expected: { spec: { replicas: 2 } }, mismatch: undefined },
    {
      name: 'partial array item',
      expected: { spec: { template: { spec: { containers: [{ name: 'web' }] } } } },
      mismatch: undefined,
    },
    {
      name: 'regexp',
      expected: { spec: { template: { spec: { containers: [{ image: /^nginx:1\./ }] } } } },
      mismatch: undefined,
    },
    {
      name: 'different scalar',
      expected: { spec: { replicas: 3 } },
      mismatch: { path: 'spec.replicas', expected: 3, found: 2 },
    },
    {
      name: 'missing leaf under absent object',
      expected: { spec: { volumes: [{ persistentVolumeClaim: { claimName: 'data' } }] } },
      mismatch: {
        path: 'spec.volumes',
        expected: [{ persistentVolumeClaim: { claimName: 'data' } }],
        found: undefined,
      },
    },
    {
      name: 'absent nested object descends to the leaf',
      expected: { spec: { strategy: { type: 'Recreate' } } },
      mismatch: { path: 'spec.strategy.type', expected: 'Recreate', found: undefined },
    },
    {
      name: 'second array item',
      expected: { spec: { template: { spec: { containers: [{}, { name: 'sidecar' }] } } } },
      mismatch: { path: 'spec.template.spec.containers[1].name', expected: 'sidecar', found: undefined },
    },
  ])('$name', ({ expected, mismatch }) => {
    expect(firstMismatch(expected, deployment, '')).toEqual(mismatch);
  });
});

describe('deepEqual', () => {
  it('ignores the order of map keys, not the order of arrays', () => {
    expect(deepEqual({ name: 'reglages', key: 'mode' }, { key: 'mode', name: 'reglages' })).toBe(true);
    expect(deepEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(deepEqual({ a: [] }, { a: {} })).toBe(false);
    expect(deepEqual(3, '3')).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});
