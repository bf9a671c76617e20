/**
 * RateLimiter is a token bucket per key (a learner): `rate` tokens per second, capacity twice that, so a
 * short burst (kubectl's discovery at start, an `apply` of a folder) passes and a loop is slowed down.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
    /** Bucket count above which full buckets are forgotten (they hold no information). */
    private readonly maxKeys = 10_000,
  ) {
    this.capacity = rate * 2;
  }

  /** take consumes one token of key; when empty it returns the seconds until one is available. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate)) };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate >= this.capacity) this.buckets.delete(key);
    }
  }
}
