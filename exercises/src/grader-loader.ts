/**
 * loadGrader imports an exercise's grader.ts (its `grader` export, or the default export) and checks that
 * the ids exercise.yaml names (expected failures at start, mistakes) exist in it.
 */
import { pathToFileURL } from 'node:url';
import type { Grader } from '../../graders/src/grader';
import type { Exercise } from './format';

export async function loadGrader(exercise: Exercise): Promise<Grader> {
  if (!exercise.graderFile) throw new Error(`${exercise.id} : grader.ts absent`);
  const mod = (await import(pathToFileURL(exercise.graderFile).href)) as {
    grader?: Grader;
    default?: Grader;
  };
  const grader = mod.grader ?? mod.default;
  if (!grader || !Array.isArray(grader.checks))
    throw new Error(`${exercise.id} : grader.ts n'exporte pas de grader`);
  const ids = new Set(grader.checks.map((c) => c.id));
  const named = [...exercise.expectedFailingAtStart, ...exercise.mistakes.flatMap((m) => m.failing)];
  const unknown = named.filter((id) => !ids.has(id));
  if (unknown.length > 0)
    throw new Error(`${exercise.id} : vérifications inconnues du grader : ${unknown.join(', ')}`);
  return grader;
}
