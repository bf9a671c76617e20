import { describe, expect, it } from 'vitest';
import { durationToMillis, formatDuration, parseDuration } from './duration';

describe('Go durations', () => {
  it.each([
    ['0', 0n],
    ['30s', 30_000_000_000n],
    ['1m30s', 90_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['500ms', 500_000_000n],
    ['2us', 2_000n],
    ['2µs', 2_000n],
    ['-1s', -1_000_000_000n],
    ['1h2m3.5s', 3_723_500_000_000n],
  ])('parses %j', (text, nanos) => {
    expect(parseDuration(text)).toBe(nanos);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['10', 'time: missing unit in duration "10"'],
    ['10d', 'time: unknown unit "d" in duration "10d"'],
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });

  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [500_000_000n, '500ms'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [5_430_000_000_000n, '1h30m30s'],
    [-90_000_000_000n, '-1m30s'],
  ])('formats %d as %j', (nanos, text) => {
    expect(formatDuration(nanos)).toBe(text);
  });

  it('converts to milliseconds', () => {
    expect(durationToMillis('1m')).toBe(60_000);
  });
});
