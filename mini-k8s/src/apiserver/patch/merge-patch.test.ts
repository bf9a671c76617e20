import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch';

describe('applyMergePatch', () => {
  it.each([
    {
      name: 'kubectl label adds a label',
      doc: { metadata: { name: 'web', labels: { app: 'web' } } },
      patch: { metadata: { labels: { tier: 'frontend' } } },
      want: { metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } } },
    },
    {
      name: 'kubectl label tier- removes a label with null',
      doc: { metadata: { labels: { app: 'web', tier: 'frontend' } } },
      patch: { metadata: { labels: { tier: null } } },
      want: { metadata: { labels: { app: 'web' } } },
    },
    {
      name: 'kubectl scale sets replicas',
      doc: { spec: { replicas: 1, template: {} } },
      patch: { spec: { replicas: 3 } },
      want: { spec: { replicas: 3, template: {} } },
    },
    {
      name: 'arrays are replaced',
      doc: { spec: { args: ['a', 'b'] } },
      patch: { spec: { args: ['c'] } },
      want: { spec: { args: ['c'] } },
    },
    { name: 'null for a missing key is a no-op', doc: { a: 1 }, patch: { b: null }, want: { a: 1 } },
    {
      name: 'an object patch on a scalar builds an object',
      doc: { a: 1 },
      patch: { a: { b: 2 } },
      want: { a: { b: 2 } },
    },
    { name: 'a non-object patch replaces the document', doc: { a: 1 }, patch: ['x'], want: ['x'] },
    {
      name: 'nested nulls in new objects are dropped',
      doc: {},
      patch: { a: { b: null, c: 1 } },
      want: { a: { c: 1 } },
    },
  ])('$name', ({ doc, patch, want }) => {
    expect(applyMergePatch(doc, patch)).toEqual(want);
  });

  it('never mutates its inputs', () => {
    const doc = { metadata: { labels: { app: 'web' } }, spec: { list: [{ a: 1 }] } };
    const patch = { metadata: { labels: { app: null, tier: 'x' } } };
    const docCopy = structuredClone(doc);
    const patchCopy = structuredClone(patch);
    const out = applyMergePatch(doc, patch) as typeof doc;
    out.spec.list[0].a = 2;
    expect(doc).toEqual(docCopy);
    expect(patch).toEqual(patchCopy);
  });
});
