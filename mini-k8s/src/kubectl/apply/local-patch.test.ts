import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, JsonPatchError } from './local-patch';
import { PatchSchema } from './patch-schema';

const containersSchema = new PatchSchema(
  {
    Pod: {
      properties: {
        containers: {
          type: 'array',
          items: { $ref: '#/components/schemas/Container' },
          'x-kubernetes-patch-merge-key': 'name',
          'x-kubernetes-patch-strategy': 'merge',
        },
        finalizers: { type: 'array', 'x-kubernetes-patch-strategy': 'merge' },
      },
    },
    Container: { properties: { name: {}, image: {} } },
  } as never,
  { $ref: '#/components/schemas/Pod' } as never,
);

describe('applyMergePatch', () => {
  it('merges maps, deletes nulls and replaces lists', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
    });
  });
});

describe('applyJsonPatch', () => {
  it('applies add, replace, remove, move, copy and test in order', () => {
    const doc = { a: [1, 2], b: { c: 'x' } };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'add', path: '/a/0', value: 0 },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'copy', from: '/b/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e~1f' },
      { op: 'remove', path: '/a/1' },
      { op: 'test', path: '/e~1f', value: 'y' },
    ]);
    expect(out).toEqual({ a: [0, 2, 3], b: { c: 'y' }, 'e/f': 'y' });
    expect(doc).toEqual({ a: [1, 2], b: { c: 'x' } });
  });

  it('fails on missing paths, bad indexes and failed tests', () => {
    expect(() => applyJsonPatch({}, [{ op: 'remove', path: '/x' }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: [] }, [{ op: 'replace', path: '/a/0', value: 1 }])).toThrow(
      JsonPatchError,
    );
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(/cannot unmarshal object/);
  });
});

describe('applyStrategicMergePatch', () => {
  const pod = {
    containers: [
      { name: 'a', image: '1' },
      { name: 'b', image: '1' },
    ],
    finalizers: ['x'],
  };

  it('merges lists by merge key, new items first as apimachinery orders them', () => {
    expect(
      applyStrategicMergePatch(
        pod,
        {
          containers: [
            { name: 'c', image: '2' },
            { name: 'b', image: '2' },
          ],
        },
        containersSchema,
      ),
    ).toEqual({
      containers: [
        { name: 'c', image: '2' },
        { name: 'a', image: '1' },
        { name: 'b', image: '2' },
      ],
      finalizers: ['x'],
    });
  });

  it('deletes items with $patch: delete and unions merging primitive lists', () => {
    expect(
      applyStrategicMergePatch(
        pod,
        { containers: [{ name: 'a', $patch: 'delete' }], finalizers: ['y'] },
        containersSchema,
      ),
    ).toEqual({ containers: [{ name: 'b', image: '1' }], finalizers: ['y', 'x'] });
  });

  it('replaces maps with $patch: replace and removes null fields', () => {
    expect(
      applyStrategicMergePatch(
        { m: { a: 1, b: 2 }, n: 1 },
        { m: { $patch: 'replace', c: 3 }, n: null },
        PatchSchema.empty(),
      ),
    ).toEqual({
      m: { c: 3 },
    });
  });
});
