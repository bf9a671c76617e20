/** The shipped exercises are well-formed: they load, their graders load and name known checks. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExercises } from './format';
import { loadGrader } from './grader-loader';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exercises = loadExercises(root);

describe('exercise catalogue', () => {
  it('has at least 3 exercises in every chapter that has exercises', () => {
    const perChapter = new Map<string, number>();
    for (const e of exercises) perChapter.set(e.chapter, (perChapter.get(e.chapter) ?? 0) + 1);
    expect(perChapter.size).toBeGreaterThan(0);
    for (const [chapter, count] of perChapter) expect([chapter, count >= 3]).toEqual([chapter, true]);
  });

  it.each(exercises.map((e) => [e.id, e] as const))('%s is complete', async (_id, exercise) => {
    const grader = await loadGrader(exercise);
    expect(grader.checks.length).toBeGreaterThan(0);
    expect(exercise.expectedFailingAtStart.length).toBeGreaterThan(0);
    expect(exercise.solution.length).toBeGreaterThan(0);
    // The kubectl form of the solution is proven by commands.course.test.ts.
    expect(exercise.solutionCommands?.trim()).toBeTruthy();
    expect(exercise.mistakes.length).toBeGreaterThan(0);
    for (const mistake of exercise.mistakes) expect(mistake.steps.length).toBeGreaterThan(0);
  });
});
