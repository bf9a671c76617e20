import { describe, expect, it } from 'vitest';
import { resolvesToNonString, sortKeys, toGoYaml } from './go-yaml';

describe('toGoYaml', () => {
  it.each([
    [{ b: 1, a: 'x' }, 'a: x\nb: 1\n'],
    [
      { a: 'true', b: '80', c: '', d: '2024-01-01T00:00:00Z' },
      'a: "true"\nb: "80"\nc: ""\nd: "2024-01-01T00:00:00Z"\n',
    ],
    [{ a: '*x', b: 'k: v', c: '- x' }, "a: '*x'\nb: 'k: v'\nc: '- x'\n"],
    [{ l: [{ z: 1, m: [1, 2] }] }, 'l:\n- m:\n  - 1\n  - 2\n  z: 1\n'],
    // YAML 1.1 reads a bare n as false, so go-yaml quotes it even as a key.
    [{ n: 1 }, '"n": 1\n'],
    [{ e: {}, f: [], g: null }, 'e: {}\nf: []\ng: null\n'],
    [{ s: 'a\nb\n', t: 'a\nb' }, 's: |\n  a\n  b\nt: |-\n  a\n  b\n'],
    [[['a']], '- - a\n'],
  ])('renders %j', (value, expected) => {
    expect(toGoYaml(value)).toBe(expected);
  });

  it('folds long plain strings at spaces beyond column 80', () => {
    const text = Array.from({ length: 20 }, () => 'word').join(' ');
    const out = toGoYaml({ message: text });
    expect(out.split('\n')[0].length).toBeLessThanOrEqual(85);
    expect(out.split('\n')[1].startsWith('  word')).toBe(true);
  });

  it.each([
    ['yes', true],
    ['1e3', true],
    ['0x1F', true],
    ['nginx', false],
    ['1.2.3', false],
  ])('resolvesToNonString(%s) = %s', (s, expected) => {
    expect(resolvesToNonString(s)).toBe(expected);
  });

  it('sorts keys with numeric runs compared as numbers', () => {
    expect(sortKeys(['a10', 'a9', 'b', 'A'])).toEqual(['A', 'a9', 'a10', 'b']);
  });
});
