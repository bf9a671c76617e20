import { describe, expect, it } from 'vitest';
import { percentile, runGradingBench } from './bench';

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 3],
    [[1, 2, 3, 4], 0.99, 4],
    [[], 0.5, 0],
  ])('%j at %d', (values, q, expected) => {
    expect(percentile(values, q)).toBe(expected);
  });
});

describe('runGradingBench', () => {
  it('settles a small workshop, then times one check and the whole grading', async () => {
    const result = await runGradingBench(3);
    expect(result.passed).toBe(3);
    expect(result.workshop).toMatchObject({ learners: 3, graders: 4, checks: 24 });
    expect(result.check.iterations).toBe(200);
    expect(result.check.p99).toBeGreaterThanOrEqual(result.check.p50);
  });
});
