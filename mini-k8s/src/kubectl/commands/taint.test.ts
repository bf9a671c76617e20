import { describe, expect, it } from 'vitest';
import { parseTaints, reorganizeTaints, type Taint } from './taint';

describe('parseTaints', () => {
  it('splits additions and removals', () => {
    expect(parseTaints(['a=b:NoSchedule', 'c:NoExecute', 'd-', 'e:PreferNoSchedule-'])).toEqual({
      add: [
        { key: 'a', value: 'b', effect: 'NoSchedule' },
        { key: 'c', effect: 'NoExecute' },
      ],
      remove: [
        { key: 'd', effect: undefined },
        { key: 'e', effect: 'PreferNoSchedule' },
      ],
    });
  });

  it.each([['a=b:Bad'], ['a:Nope-']])('rejects the effect of %s', (spec) => {
    expect(() => parseTaints([spec])).toThrow(/invalid taint effect/);
  });
});

describe('reorganizeTaints', () => {
  const old: Taint[] = [{ key: 'x', effect: 'NoSchedule' }];

  it.each<[string, Taint[], { key: string; effect?: string }[], boolean, string, string[]]>([
    ['adds before existing taints', [{ key: 'y', effect: 'NoExecute' }], [], false, 'tainted', ['y', 'x']],
    ['removes by key', [], [{ key: 'x' }], false, 'untainted', []],
    ['adds and removes', [{ key: 'y', effect: 'NoExecute' }], [{ key: 'x' }], false, 'modified', ['y']],
    ['overwrites', [{ key: 'x', value: 'v', effect: 'NoSchedule' }], [], true, 'modified', ['x']],
  ])('%s', (_name, add, remove, overwrite, operation, keys) => {
    const r = reorganizeTaints(old, add, remove, overwrite);
    expect(r.operation).toBe(operation);
    expect(r.taints.map((t) => t.key)).toEqual(keys);
    expect(r.errors).toEqual([]);
  });

  it('reports removals that match nothing', () => {
    expect(reorganizeTaints(old, [], [{ key: 'x', effect: 'NoExecute' }], false).errors).toEqual([
      'taint "x:NoExecute" not found',
    ]);
  });
});
