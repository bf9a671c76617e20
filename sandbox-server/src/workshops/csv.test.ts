import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['dit "bonjour"', '"dit ""bonjour"""'],
    ['deux\nlignes', '"deux\nlignes"'],
    [' espace', '" espace"'],
    ['élève', 'élève'],
  ])('quotes %j as %j', (value, expected) => {
    expect(toCsv([[value]])).toBe(`\uFEFF${expected}\r\n`);
  });

  it('writes a BOM, CRLF line ends, numbers and empty nulls', () => {
    expect(
      toCsv([
        ['Nom', 'Score'],
        ['Zoé', 4.5],
        ['Max', null],
      ]),
    ).toBe('\uFEFFNom,Score\r\nZoé,4.5\r\nMax,\r\n');
  });
});
