import { describe, expect, it } from 'vitest';
import {
  MIN_CONTROLLER_DELAY_MS,
  MIN_CONTROLLER_PERIOD_MS,
  delayScaler,
  scaleBackoff,
  scaleDelay,
  scalePeriod,
} from './timing';

describe('scaleDelay', () => {
  it('keeps real periods at speed 1 and by default', () => {
    expect(scaleDelay(1, 15_000)).toBe(15_000);
    expect(scaleDelay(undefined, 300_000)).toBe(300_000);
  });

  it('scales by speed with a floor, never above the real value', () => {
    expect(scaleDelay(0.5, 15_000)).toBe(7_500);
    expect(scaleDelay(0, 15_000)).toBe(MIN_CONTROLLER_DELAY_MS);
    expect(scaleDelay(0, 300_000)).toBe(MIN_CONTROLLER_DELAY_MS);
    expect(scaleDelay(0, 5)).toBe(5);
  });

  it('keeps a zero window zero', () => {
    expect(scaleDelay(0, 0)).toBe(0);
    expect(delayScaler(0.1)(0)).toBe(0);
    expect(delayScaler(0.1)(1_000)).toBe(100);
  });
});

describe('scalePeriod', () => {
  it('floors periodic passes higher than delays, and keeps real periods at speed 1', () => {
    expect(scalePeriod(0, 15_000)).toBe(MIN_CONTROLLER_PERIOD_MS);
    expect(scalePeriod(0.1, 15_000)).toBe(1_500);
    expect(scalePeriod(1, 15_000)).toBe(15_000);
    expect(scalePeriod(0, 100)).toBe(100);
  });
});

describe('scaleBackoff', () => {
  it('keeps the real back-off at speed 1 and its doubling range at speed 0', () => {
    expect(scaleBackoff(1, 1_000, 900_000)).toEqual({ initialMs: 1_000, maxMs: 900_000 });
    expect(scaleBackoff(0, 1_000, 900_000)).toEqual({ initialMs: 20, maxMs: 18_000 });
    expect(scaleBackoff(0.5, 1_000, 900_000)).toEqual({ initialMs: 500, maxMs: 450_000 });
  });
});
