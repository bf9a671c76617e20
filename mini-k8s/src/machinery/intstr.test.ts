import { describe, expect, it } from 'vitest';
import { intOrStringValue, resolveFenceposts, scaledValueFromIntOrPercent } from './intstr';

describe('IntOrString', () => {
  it.each([
    [3, 10, true, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['25%', 1, true, 1],
    ['25%', 1, false, 0],
    ['100%', 7, false, 7],
  ])('scaled(%j of %d, up=%s) = %d', (value, total, up, expected) => {
    expect(scaledValueFromIntOrPercent(value, total, up)).toBe(expected);
  });

  it('rejects strings that are not percentages', () => {
    expect(() => scaledValueFromIntOrPercent('3', 10, true)).toThrow(
      'invalid value for IntOrString: invalid type: string is not a percentage',
    );
    expect(() => scaledValueFromIntOrPercent('x%', 10, true)).toThrow(
      /invalid value for IntOrString: invalid value "x%"/,
    );
  });

  it.each([
    ['25%', '25%', 4, { surge: 1, unavailable: 1 }],
    ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
    [0, '10%', 3, { surge: 0, unavailable: 1 }],
    [1, 0, 3, { surge: 1, unavailable: 0 }],
  ])('resolveFenceposts(%j, %j, %d)', (surge, unavailable, desired, expected) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual(expected);
  });

  it('reads the integer value of either form', () => {
    expect(intOrStringValue(8080)).toBe(8080);
    expect(intOrStringValue('8080')).toBe(8080);
    expect(intOrStringValue('http')).toBe(0);
  });
});
