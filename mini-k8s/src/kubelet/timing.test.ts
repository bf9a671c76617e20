import { describe, expect, it } from 'vitest';
import { defaultTiming, probeDelayMs } from './timing';

describe('defaultTiming', () => {
  it.each([
    { speed: 1, initial: 10_000, max: 300_000, retry: 2_000 },
    { speed: 0.1, initial: 1_000, max: 30_000, retry: 200 },
    // Floored: the cap keeps upstream's 30x ratio so back-offs still double at speed 0.
    { speed: 0, initial: 20, max: 600, retry: 20 },
  ])('speed $speed backs off from $initial ms to $max ms', ({ speed, initial, max, retry }) => {
    const timing = defaultTiming(speed);
    expect(timing.crashBackoffInitialMs).toBe(initial);
    expect(timing.crashBackoffMaxMs).toBe(max);
    expect(timing.imageBackoffInitialMs).toBe(initial);
    expect(timing.imageBackoffMaxMs).toBe(max);
    expect(timing.retryMs).toBe(retry);
  });

  it('keeps explicit overrides', () => {
    const timing = defaultTiming(0, { crashBackoffMaxMs: 50, minDelayMs: 5 });
    expect(timing.crashBackoffMaxMs).toBe(50);
    expect(timing.crashBackoffInitialMs).toBe(5);
    expect(timing.imageBackoffMaxMs).toBe(150);
  });

  it('floors probe delays', () => {
    expect(probeDelayMs(defaultTiming(0), 10)).toBe(20);
    expect(probeDelayMs(defaultTiming(1), 10)).toBe(10_000);
  });
});
