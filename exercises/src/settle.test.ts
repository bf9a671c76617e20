import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import { fail, makeCheck, pass } from '../../graders/src/checks/check';
import { defineGrader } from '../../graders/src/grader';
import { failingIds, gradeUntil } from './settle';

// The client is never used: these checks only count how often they ran.
const ctx = { client: undefined as unknown as ApiClient, namespace: 'default' };

describe('gradeUntil', () => {
  it('returns once the predicate holds on two consecutive gradings', async () => {
    let runs = 0;
    const grader = defineGrader({
      checks: [
        makeCheck({ id: 'late', title: 'late' }, async () => (++runs >= 3 ? pass() : fail('pas encore'))),
      ],
    });
    const summary = await gradeUntil(grader, ctx, (s) => s.passed, { intervalMs: 1 });
    expect(summary.passed).toBe(true);
    expect(runs).toBe(4);
  });

  it('returns the last summary when the time limit passes', async () => {
    const grader = defineGrader({
      checks: [makeCheck({ id: 'never', title: 'never' }, async () => fail('jamais'))],
    });
    const summary = await gradeUntil(grader, ctx, (s) => s.passed, { timeoutMs: 20, intervalMs: 1 });
    expect(failingIds(summary)).toEqual(['never']);
  });
});
