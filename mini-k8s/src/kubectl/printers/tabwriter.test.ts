import { describe, expect, it } from 'vitest';
import { TabWriter } from './tabwriter';

describe('TabWriter', () => {
  it.each([
    ['NAME\tAGE\nweb\t5s\n', 'NAME   AGE\nweb    5s\n'],
    ['A\tB\tC\nlonger-name\tx\ty\n', 'A             B     C\nlonger-name   x     y\n'],
    ['X\tY\n\nlonger\tZ\n', 'X     Y\n\nlonger   Z\n'],
  ])('aligns %j', (input, expected) => {
    const w = new TabWriter();
    w.write(input);
    expect(w.flush()).toBe(expected);
  });

  it('remembers widths across flushes (watch rows stay aligned)', () => {
    const w = new TabWriter();
    w.write('NAME\tSTATUS\nvery-long-name\tok\n');
    w.flush();
    w.write('a\tb\n');
    expect(w.flush()).toBe('a                b\n');
  });
});
