import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  nextBackoffRecord,
  remainingBackoffMs,
  scaledBackoff,
} from './backoff';

describe('job back-off', () => {
  it.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [6, 320_000],
    [7, 360_000],
    [100, 360_000],
  ])('after %i failures the delay is %i ms', (failures, delay) => {
    expect(backoffDelayMs(failures, DEFAULT_BACKOFF)).toBe(delay);
  });

  it.each([
    ['no record', undefined, 0],
    ['one failure 4 s ago', { failuresAfterLastSuccess: 1, lastFailureTimeMs: 96_000 }, 6_000],
    ['two failures 25 s ago', { failuresAfterLastSuccess: 2, lastFailureTimeMs: 75_000 }, 0],
    ['reset by success', { failuresAfterLastSuccess: 0 }, 0],
  ])('remaining back-off with %s', (_name, record, remaining) => {
    expect(remainingBackoffMs(record, DEFAULT_BACKOFF, 100_000)).toBe(remaining);
  });

  it.each([
    ['failures add up', { failuresAfterLastSuccess: 1, lastFailureTimeMs: 5 }, [], [7, 9], 3, 9],
    ['a success resets', { failuresAfterLastSuccess: 4, lastFailureTimeMs: 5 }, [8], [], 0, undefined],
    ['failures after the success count', undefined, [8], [6, 10], 1, 10],
  ])('%s', (_name, record, succeeded, failed, count, last) => {
    const next = nextBackoffRecord(record, succeeded, failed);
    expect(next.failuresAfterLastSuccess).toBe(count);
    expect(next.lastFailureTimeMs).toBe(last);
  });
});

describe('scaledBackoff', () => {
  it('keeps the documented back-off at speed 1', () => {
    expect(scaledBackoff(DEFAULT_BACKOFF, 1)).toEqual(DEFAULT_BACKOFF);
  });

  it('still doubles at speed 0: the cap keeps its ratio to the floored start', () => {
    const policy = scaledBackoff(DEFAULT_BACKOFF, 0);
    expect(policy.baseMs).toBe(20);
    expect(policy.maxMs).toBe(20 * 36);
    expect(backoffDelayMs(3, policy)).toBe(80);
  });
});
