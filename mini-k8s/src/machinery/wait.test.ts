import { afterEach, describe, expect, it, vi } from 'vitest';
import { jitterEvery, jitteredDelays } from './wait';

afterEach(() => {
  vi.useRealTimers();
});

describe('jitteredDelays', () => {
  it('spreads the first run over the whole period and adds at most jitter × period afterwards', () => {
    const values = [0, 0.25, 0.999];
    let i = 0;
    const d = jitteredDelays(10_000, { jitter: 0.1, random: () => values[i++ % values.length] });
    expect([d.first(), d.first(), d.first()]).toEqual([0, 2500, 9990]);
    expect([d.next(), d.next(), d.next()].map(Math.round)).toEqual([10_000, 10_250, 10_999]);
  });

  it('starts after a whole period when asked to', () => {
    expect(jitteredDelays(5000, { randomStart: false, random: () => 0.5 }).first()).toBe(5000);
  });

  it('spreads many loops started at the same moment over the period', () => {
    const firsts = Array.from({ length: 600 }, () => jitteredDelays(10_000).first());
    // 600 kubelets started together: no second of the period holds more than a fifth of them.
    const perSecond = new Array(10).fill(0);
    for (const f of firsts) perSecond[Math.floor(f / 1000)]++;
    expect(Math.max(...perSecond)).toBeLessThan(120);
    expect(perSecond.every((n) => n > 0)).toBe(true);
  });
});

describe('jitterEvery', () => {
  it('calls fn after each jittered wait until stopped', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const loop = jitterEvery(() => calls.push(Date.now()), 1000, { jitter: 0.5, random: () => 0.5 });
    const start = Date.now();
    vi.advanceTimersByTime(500);
    expect(calls.map((t) => t - start)).toEqual([500]);
    vi.advanceTimersByTime(1250);
    expect(calls.map((t) => t - start)).toEqual([500, 1750]);
    loop.stop();
    vi.advanceTimersByTime(10_000);
    expect(calls).toHaveLength(2);
  });

  it('stops from inside fn', () => {
    vi.useFakeTimers();
    let n = 0;
    const loop: { stop(): void } = jitterEvery(() => {
      n++;
      loop.stop();
    }, 100);
    vi.advanceTimersByTime(1000);
    expect(n).toBe(1);
  });
});
