import { describe, expect, it } from 'vitest';
import { FieldSet, pathToString } from './field-set';

const fieldsV1 = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } },
    'f:replicas': {},
  },
};

describe('FieldSet', () => {
  it('round-trips fieldsV1 and lists member paths in order', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.toFieldsV1()).toEqual(fieldsV1);
    expect(set.paths().map(pathToString)).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.containers[name="nginx"]',
      '.spec.containers[name="nginx"].image',
      '.spec.replicas',
    ]);
  });

  it.each([
    {
      op: 'intersection',
      other: [
        ['f:spec', 'f:replicas'],
        ['f:spec', 'f:paused'],
      ],
      want: ['.spec.replicas'],
    },
    {
      op: 'difference',
      other: [['f:metadata', 'f:labels']],
      want: [
        '.metadata.labels.app',
        '.spec.containers[name="nginx"]',
        '.spec.containers[name="nginx"].image',
        '.spec.replicas',
      ],
    },
    {
      op: 'recursiveDifference',
      other: [['f:metadata', 'f:labels']],
      want: ['.spec.containers[name="nginx"]', '.spec.containers[name="nginx"].image', '.spec.replicas'],
    },
  ] as const)('$op', ({ op, other, want }) => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set[op](FieldSet.fromPaths(other)).paths().map(pathToString)).toEqual(want);
  });

  it('recursiveDifference drops whole subtrees below a member', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.recursiveDifference(FieldSet.fromPaths([['f:spec']])).toFieldsV1()).toEqual({
      'f:metadata': fieldsV1['f:metadata'],
    });
  });

  it.each([
    [
      ['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:targetPort'],
      '.spec.ports[port=80,protocol="TCP"].targetPort',
    ],
    [
      ['f:metadata', 'f:finalizers', 'v:"kubernetes.io/pvc-protection"'],
      '.metadata.finalizers[="kubernetes.io/pvc-protection"]',
    ],
    [['f:metadata', 'f:annotations', 'f:example.com/owner'], '.metadata.annotations.example.com/owner'],
  ])('pathToString(%j) = %s', (path, want) => {
    expect(pathToString(path)).toBe(want);
  });

  it('hasAtOrBelow sees members below a path', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.hasAtOrBelow(['f:spec', 'f:containers'])).toBe(true);
    expect(set.has(['f:spec', 'f:containers'])).toBe(false);
    expect(set.hasAtOrBelow(['f:status'])).toBe(false);
  });
});
