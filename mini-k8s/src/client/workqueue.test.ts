import { describe, expect, it } from 'vitest';
import { ExponentialRateLimiter, WorkQueue } from './workqueue';

describe('WorkQueue', () => {
  it('deduplicates keys waiting in the queue', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('never hands the same key to two workers; a re-add during processing requeues on done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(first!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toBe('x');
  });

  it('delivers delayed keys after the delay', async () => {
    const q = new WorkQueue();
    q.addAfter('late', 15);
    expect(q.len()).toBe(0);
    const started = Date.now();
    expect(await q.get()).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
  });

  it('resolves waiting workers with undefined on shutdown', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.shutDown();
    expect(await pending).toBeUndefined();
    q.add('ignored');
    expect(q.len()).toBe(0);
  });
});

describe('ExponentialRateLimiter', () => {
  it('doubles per failure up to the maximum and resets on forget', () => {
    const r = new ExponentialRateLimiter(5, 30);
    expect([r.when('k'), r.when('k'), r.when('k'), r.when('k')]).toEqual([5, 10, 20, 30]);
    expect(r.retries('k')).toBe(4);
    r.forget('k');
    expect(r.when('k')).toBe(5);
    expect(r.when('other')).toBe(5);
  });
});
