import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import {
  cloneJson,
  freezeClone,
  jsonEqual,
  prepareForWrite,
  sameStoredContent,
  withResourceVersion,
} from './json';

const base: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', resourceVersion: '3', labels: { a: '1' } },
  data: { k: 'v' },
  list: [1, { x: [true, null] }],
};

describe('cloneJson and freezeClone', () => {
  it('copies deeply without sharing', () => {
    const copy = cloneJson(base);
    expect(copy).toEqual(base);
    (copy.metadata.labels as Record<string, string>).a = '2';
    expect(base.metadata.labels).toEqual({ a: '1' });
  });

  it('freezes every level', () => {
    const frozen = freezeClone(base);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.metadata.labels)).toBe(true);
    expect(Object.isFrozen((frozen.list as unknown[])[1])).toBe(true);
    expect(() => {
      (frozen.metadata as { name: string }).name = 'x';
    }).toThrow(TypeError);
  });

  it('follows JSON semantics for undefined, functions, non-finite numbers and dates', () => {
    const odd = { a: undefined, b: [undefined, Number.NaN], c: new Date('2024-01-02T03:04:05Z'), d: () => 1 };
    expect(cloneJson(odd)).toEqual(JSON.parse(JSON.stringify(odd)));
  });
});

describe('equality helpers', () => {
  it.each([
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: [1, 2] }, { a: [1, 2] }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: {} }, { a: [] }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [null, {}, false],
  ])('jsonEqual(%j, %j) is %s', (a, b, expected) => {
    expect(jsonEqual(a, b)).toBe(expected);
  });

  it('ignores only metadata.resourceVersion when comparing stored content', () => {
    const other = { ...base, metadata: { ...base.metadata, resourceVersion: '9' } };
    expect(sameStoredContent(base, other)).toBe(true);
    expect(sameStoredContent(base, { ...other, data: { k: 'w' } })).toBe(false);
    expect(sameStoredContent(base, { ...base, metadata: { ...base.metadata, generation: 2 } })).toBe(false);
  });
});

describe('write helpers', () => {
  it('prepares a frozen copy carrying the revision', () => {
    const stored = prepareForWrite(base, 12);
    expect(stored.metadata.resourceVersion).toBe('12');
    expect(base.metadata.resourceVersion).toBe('3');
    expect(Object.isFrozen(stored.data)).toBe(true);
    const moved = withResourceVersion(stored, 13);
    expect(moved.metadata.resourceVersion).toBe('13');
    expect(moved.data).toBe(stored.data);
    expect(Object.isFrozen(moved.metadata)).toBe(true);
  });

  it.each([null, [], { apiVersion: 'v1', kind: 'X' }, { apiVersion: 'v1', kind: 'X', metadata: [] }])(
    'refuses to write %j',
    (value) => {
      expect(() => prepareForWrite(value as unknown as KubeObject, 1)).toThrow(TypeError);
    },
  );
});
