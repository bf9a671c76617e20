import { describe, expect, it } from 'vitest';
import { type CheckResult, expectedFound, summarize } from './result';

const check = (id: string, passed: boolean, points: number): CheckResult => ({
  id,
  title: id,
  passed,
  points,
  message: passed ? 'OK' : expectedFound('x', 'y'),
});

describe('summarize', () => {
  it.each([
    {
      name: 'all passed',
      results: [check('a', true, 2), check('b', true, 1)],
      score: 3,
      percent: 100,
      passed: true,
    },
    {
      name: 'partial',
      results: [check('a', true, 2), check('b', false, 1)],
      score: 2,
      percent: 66,
      passed: false,
    },
    { name: 'none passed', results: [check('a', false, 2)], score: 0, percent: 0, passed: false },
    { name: 'no checks', results: [], score: 0, percent: 0, passed: false },
  ])('$name', ({ results, score, percent, passed }) => {
    const summary = summarize(results);
    expect(summary.score).toBe(score);
    expect(summary.percent).toBe(percent);
    expect(summary.passed).toBe(passed);
  });
});

describe('expectedFound', () => {
  it('renders the French expected/found message', () => {
    expect(expectedFound('3 réplicas prêts', '1')).toBe('Attendu : 3 réplicas prêts ; trouvé : 1');
  });
});
