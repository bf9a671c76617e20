import { describe, expect, it } from 'vitest';
import { formatQuantity } from './quantity-format';

describe('formatQuantity', () => {
  it.each([
    ['1Gi', '1Gi'],
    ['10Gi', '10Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['1024', '1024'],
    ['1000', '1k'],
    ['1Ki', '1Ki'],
    ['0.5Ki', '512'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['250m', '250m'],
    ['0', '0'],
    ['0Gi', '0'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['12e3', '12e3'],
    ['1e0', '1'],
    ['500Mi', '500Mi'],
    ['2', '2'],
    ['-100m', '-100m'],
    ['0.000000001', '1n'],
    ['0.0000000001', '1n'],
    ['1M', '1M'],
    ['1500k', '1500k'],
    [3, '3'],
    [undefined, '0'],
    ['abc', 'abc'],
  ])('%s -> %s', (input, expected) => {
    expect(formatQuantity(input)).toBe(expected);
  });
});
