import { describe, expect, it } from 'vitest';
import {
  Quantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
  canonicalQuantity,
  isQuantity,
  parseQuantity,
} from './quantity';

describe('canonical quantities', () => {
  it.each([
    ['0.5', '500m'],
    [0.5, '500m'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['2000m', '2'],
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['1', '1'],
    [2, '2'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1000000', '1M'],
    ['1024', '1024'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1.5Ki', '1536'],
    ['512', '512'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['12e6', '12e6'],
    ['1G', '1G'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-100m', '-100m'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['+5', '5'],
  ])('%j → %j', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it.each([
    ['', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1 Gi', QUANTITY_FORMAT_ERROR],
    ['1K', QUANTITY_SUFFIX_ERROR],
    ['1Mb', QUANTITY_FORMAT_ERROR],
  ])('rejects %j', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(message);
    expect(isQuantity(input)).toBe(false);
  });
});

describe('quantity arithmetic', () => {
  it('compares across formats', () => {
    expect(parseQuantity('1Gi').cmp(parseQuantity('1G'))).toBe(1);
    expect(parseQuantity('500m').cmp(parseQuantity('0.5'))).toBe(0);
    expect(parseQuantity('100m').cmp(parseQuantity('1'))).toBe(-1);
  });

  it('adds and subtracts keeping the left format', () => {
    expect(parseQuantity('100m').add(parseQuantity('400m')).toString()).toBe('500m');
    expect(parseQuantity('1Gi').sub(parseQuantity('512Mi')).toString()).toBe('512Mi');
    expect(parseQuantity('1').sub(parseQuantity('1500m')).toString()).toBe('-500m');
  });

  it('converts to millis and bytes rounding up', () => {
    expect(parseQuantity('250m').toMillis()).toBe(250);
    expect(parseQuantity('1.5').toMillis()).toBe(1500);
    expect(parseQuantity('0.1m').toMillis()).toBe(1);
    expect(parseQuantity('128Mi').toBytes()).toBe(134217728);
    expect(parseQuantity('1k').toBytes()).toBe(1000);
    expect(parseQuantity('100m').toBytes()).toBe(1);
  });

  it('rounds up to milli precision like resource list defaulting', () => {
    expect(parseQuantity('0.0001').roundUp(-3).toString()).toBe('1m');
    expect(Quantity.fromMillis(1500).toString()).toBe('1500m');
    expect(JSON.stringify({ cpu: parseQuantity('0.25') })).toBe('{"cpu":"250m"}');
  });
});
