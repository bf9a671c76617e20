import { describe, expect, it } from 'vitest';
import { decodeSpecial, encodeSpecial, formatGoDuration, parseGoDuration, zeroSpecial } from './special';
import type { SpecialType } from './schema';

describe('Go durations', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [100_000_000n, '100ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [61_000_000_000n, '1m1s'],
    [3_600_000_000_000n, '1h0m0s'],
    [5_430_500_000_000n, '1h30m30.5s'],
    [-90_000_000_000n, '-1m30s'],
  ])('%s ns ⇄ %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each([
    ['1.5h', 5_400_000_000_000n],
    ['300ms', 300_000_000n],
    ['2h45m', 9_900_000_000_000n],
    ['0', 0n],
  ])('parses %s', (text, ns) => expect(parseGoDuration(text)).toBe(ns));

  it.each(['', '5', '1d', 'h', '1.2.3s'])('rejects %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow('invalid duration');
  });
});

describe('special types', () => {
  it.each<[SpecialType, unknown]>([
    ['meta.Time', '2024-05-01T10:00:00Z'],
    ['meta.Time', '1970-01-01T00:00:00Z'],
    ['meta.Time', null],
    ['meta.MicroTime', '2024-05-01T10:00:00.123456Z'],
    ['meta.MicroTime', null],
    ['meta.Duration', '1m30s'],
    ['meta.FieldsV1', { 'f:metadata': { 'f:labels': {} } }],
    ['runtime.RawExtension', { apiVersion: 'v1', kind: 'Pod' }],
    ['runtime.RawExtension', null],
    ['resource.Quantity', '1500m'],
    ['intstr.IntOrString', 8080],
    ['intstr.IntOrString', -1],
    ['intstr.IntOrString', '25%'],
    ['intstr.IntOrString', ''],
  ])('%s %j round-trips', (type, value) => {
    expect(decodeSpecial(type, encodeSpecial(type, value, 'x'))).toEqual(value);
  });

  it('metav1.Time drops sub-second precision like the Go unmarshaller', () => {
    expect(decodeSpecial('meta.Time', encodeSpecial('meta.MicroTime', '2024-05-01T10:00:00.5Z', 'x'))).toBe(
      '2024-05-01T10:00:00Z',
    );
  });

  it.each<[SpecialType, unknown]>([
    ['meta.Time', null],
    ['meta.Duration', '0s'],
    ['resource.Quantity', '0'],
    ['intstr.IntOrString', 0],
    ['runtime.RawExtension', null],
  ])('the zero value of %s is %j, and an empty payload decodes to it', (type, zero) => {
    expect(zeroSpecial(type)).toEqual(zero);
    expect(decodeSpecial(type, new Uint8Array(0))).toEqual(zero);
  });

  it('rejects a FieldsV1 that is not JSON', () => {
    expect(() => decodeSpecial('meta.FieldsV1', Uint8Array.of(0x0a, 0x01, 0x7b))).toThrow(
      'fieldsV1 does not hold JSON',
    );
  });
});
