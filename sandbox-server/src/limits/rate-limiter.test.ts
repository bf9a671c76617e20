import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of twice the rate, then refills at the rate', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter(5, () => clock.now);
    const results = Array.from({ length: 11 }, () => limiter.take('a').allowed);
    expect(results).toEqual([...Array(10).fill(true), false]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    clock.now += 400;
    expect([limiter.take('a').allowed, limiter.take('a').allowed, limiter.take('a').allowed]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets full buckets when it holds too many keys', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter(1, () => clock.now, 2);
    limiter.take('a');
    limiter.take('b');
    clock.now += 10_000;
    limiter.take('c');
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
