import { describe, expect, it } from 'vitest';
import { benchScheduler } from './bench';

describe('benchScheduler', () => {
  it('schedules every pod of a small run and reports a positive rate', async () => {
    const result = await benchScheduler({ nodes: 10, pods: 200 });
    expect(result.scheduled + result.unschedulable).toBe(200);
    expect(result.scheduled).toBe(200);
    expect(result.podsPerSecond).toBeGreaterThan(0);
  });
});
