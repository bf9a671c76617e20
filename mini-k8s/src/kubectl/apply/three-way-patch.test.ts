import { describe, expect, it } from 'vitest';
import { PatchSchema } from './patch-schema';
import { createThreeWayMergePatch } from './three-way-patch';

const schemas = {
  Spec: {
    properties: {
      containers: {
        type: 'array',
        items: { $ref: '#/components/schemas/Container' },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  Container: {
    properties: {
      env: {
        type: 'array',
        items: { $ref: '#/components/schemas/Env' },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  Env: { properties: {} },
  Root: { properties: { spec: { allOf: [{ $ref: '#/components/schemas/Spec' }] } } },
};
const schema = new PatchSchema(schemas as never, schemas.Root as never);

describe('createThreeWayMergePatch', () => {
  it('is empty when nothing changed', () => {
    const obj = { spec: { containers: [{ name: 'a', image: 'x' }] } };
    expect(createThreeWayMergePatch(obj, obj, { ...obj, status: { ready: 1 } }, schema)).toEqual({});
  });

  it('diffs merge lists by key with $setElementOrder, and deletes dropped fields', () => {
    const original = {
      spec: {
        containers: [
          {
            name: 'a',
            image: 'x',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '1' },
            ],
          },
        ],
      },
      extra: 1,
    };
    const modified = { spec: { containers: [{ name: 'a', image: 'y', env: [{ name: 'A', value: '2' }] }] } };
    const current = { ...original, status: {} };
    expect(createThreeWayMergePatch(original, modified, current, schema)).toEqual({
      extra: null,
      spec: {
        $setElementOrder_containers: undefined,
        ...{
          '$setElementOrder/containers': [{ name: 'a' }],
          containers: [
            {
              name: 'a',
              env: [
                { name: 'B', $patch: 'delete' },
                { name: 'A', value: '2' },
              ],
              image: 'y',
              '$setElementOrder/env': [{ name: 'A' }],
            },
          ],
        },
      },
    });
  });

  it('replaces lists without a merge strategy', () => {
    expect(
      createThreeWayMergePatch({ args: ['a'] }, { args: ['b'] }, { args: ['a'] }, PatchSchema.empty()),
    ).toEqual({ args: ['b'] });
  });
});
