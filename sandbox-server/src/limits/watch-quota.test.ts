import { describe, expect, it } from 'vitest';
import { WatchQuota } from './watch-quota';

describe('WatchQuota', () => {
  it('bounds each sandbox separately and frees a slot once per release', () => {
    const quota = new WatchQuota(2);
    const a1 = quota.acquire('a')!;
    const a2 = quota.acquire('a')!;
    expect(quota.acquire('a')).toBeUndefined();
    expect(quota.acquire('b')).toBeDefined();
    a1();
    a1();
    expect(quota.count('a')).toBe(1);
    expect(quota.acquire('a')).toBeDefined();
    expect(quota.acquire('a')).toBeUndefined();
    a2();
    expect(quota.count('a')).toBe(1);
  });
});
