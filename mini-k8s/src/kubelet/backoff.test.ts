import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from the initial delay up to the maximum and resets after 2 × max of quiet', () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next('k', now);
      delays.push(b.get('k'));
      now += 1000;
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    now += 700_000;
    b.next('k', now);
    expect(b.get('k')).toBe(10_000);
  });

  it('reports the back-off window since an event', () => {
    let now = 0;
    const b = new Backoff(10_000, 300_000, () => now);
    expect(b.isInBackOffSince('k', 0)).toBe(false);
    b.next('k', 0);
    now = 5_000;
    expect(b.isInBackOffSince('k', 0)).toBe(true);
    expect(b.remainingSince('k', 0)).toBe(5_000);
    now = 10_000;
    expect(b.isInBackOffSince('k', 0)).toBe(false);
  });
});
