import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../mini-k8s/src/client/client';
import { fail, makeCheck, pass, ReadCache } from './checks/check';
import { defineGrader, gradeExercise, runCheck } from './grader';

// These checks never touch the client: the runner's behaviour is what is under test.
const ctx = { client: undefined as unknown as ApiClient, namespace: 'default' };
const ok = (id: string, points = 1) => makeCheck({ id, title: id, points }, async () => pass());
const ko = (id: string, points = 1) =>
  makeCheck({ id, title: id, points }, async () => fail('Attendu : a ; trouvé : b'));

describe('defineGrader', () => {
  it.each([
    { name: 'no checks', checks: [], error: 'at least one check' },
    { name: 'duplicate ids', checks: [ok('a'), ok('a')], error: 'duplicate check id: a' },
    { name: 'negative points', checks: [ok('a', -1)], error: 'points must be >= 0' },
  ])('rejects $name', ({ checks, error }) => {
    expect(() => defineGrader({ checks })).toThrow(error);
  });
});

describe('gradeExercise', () => {
  it('adds up points in declaration order', async () => {
    const summary = await gradeExercise(defineGrader({ checks: [ok('a', 2), ko('b', 1), ok('c', 1)] }), ctx);
    expect(summary.results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect([summary.score, summary.maxScore, summary.passed]).toEqual([3, 4, false]);
    expect(summary.results[1]?.message).toBe('Attendu : a ; trouvé : b');
  });

  it('turns a throwing check into a failed check', async () => {
    const broken = makeCheck({ id: 'x', title: 'x' }, async () => {
      throw new Error('connexion refusée');
    });
    const summary = await gradeExercise(defineGrader({ checks: [broken, ok('a')] }), ctx);
    expect(summary.results[0]).toMatchObject({
      passed: false,
      message: 'Vérification impossible : connexion refusée',
    });
    expect(summary.score).toBe(1);
  });

  it('turns a check slower than its time limit into a failed check', async () => {
    const slow = makeCheck({ id: 'slow', title: 'slow', timeoutMs: 5 }, () => new Promise(() => undefined));
    const result = await runCheck(slow, ctx);
    expect(result).toMatchObject({
      passed: false,
      message: 'Vérification interrompue : pas de réponse en 5 ms',
    });
  });

  it('marks precondition results', async () => {
    const guard = makeCheck({ id: 'p', title: 'p', precondition: true }, async () => pass());
    const summary = await gradeExercise(defineGrader({ checks: [guard] }), ctx);
    expect(summary.results[0]?.precondition).toBe(true);
  });
});

describe('shared reads', () => {
  it('gives the checks of one grading one ReadCache, and each grading a new one', async () => {
    let loads = 0;
    const reader = (name: string) =>
      makeCheck({ id: name, title: name }, async (c) => {
        await c.reads!.memo('get deployments web', async () => ++loads);
        return pass();
      });
    const grader = defineGrader({ checks: [reader('a'), reader('b'), reader('c')] });
    await gradeExercise(grader, ctx);
    expect(loads).toBe(1);
    await gradeExercise(grader, ctx);
    expect(loads).toBe(2);
  });
});

describe('reads shared across graders', () => {
  it("uses the context's ReadCache when it has one", async () => {
    let loads = 0;
    const reader = makeCheck({ id: 'r', title: 'r' }, async (c) => {
      await c.reads!.memo('list pods default', async () => ++loads);
      return pass();
    });
    const shared = { ...ctx, reads: new ReadCache() };
    await gradeExercise(defineGrader({ checks: [reader] }), shared);
    await gradeExercise(defineGrader({ checks: [reader] }), shared);
    expect(loads).toBe(1);
  });
});
