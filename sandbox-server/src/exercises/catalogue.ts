/**
 * createExerciseCatalogue serves the course's exercises (`exercises/<chapter>/<slug>/`) to the sandbox
 * server: French texts, starting state (applied through the cluster's API client like the course test
 * does), graders (imported once, on first use) and the reference solution files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Grader } from '../../../graders/src/grader';
import { applySteps } from '../../../exercises/src/apply';
import { type Exercise, loadExercises } from '../../../exercises/src/format';
import { loadGrader } from '../../../exercises/src/grader-loader';
import type { ExerciseCatalogue, ExerciseInfo, ExerciseSolution } from '../sandboxes/exercises';

/** LEARNER_NAMESPACE is where objects without a namespace go, and where graders look. */
export const LEARNER_NAMESPACE = 'default';

/** EXERCISES_ROOT is the repository's exercises folder. */
export const EXERCISES_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../exercises',
);

export function createExerciseCatalogue(root: string = EXERCISES_ROOT): ExerciseCatalogue {
  const all = loadExercises(root);
  const byId = new Map(all.map((e) => [e.id, e]));
  const graders = new Map<string, Promise<Grader>>();
  const infos = all.map(info);
  const infoById = new Map(infos.map((i) => [i.id, i]));
  const find = (id: string): Exercise => {
    const exercise = byId.get(id);
    if (!exercise) throw new Error(`unknown exercise ${id}`);
    return exercise;
  };
  return {
    list: () => infos.map((i) => ({ id: i.id, title: i.title })),
    exercises: () => infos,
    exercise: (id) => infoById.get(id),
    async startingState(id) {
      const exercise = byId.get(id);
      if (!exercise) return undefined;
      return {
        manifests: [],
        apply: (client) => applySteps(client, LEARNER_NAMESPACE, exercise.start),
        ...(exercise.runtime ? { runtime: exercise.runtime } : {}),
      };
    },
    grader(id) {
      let pending = graders.get(id);
      if (!pending) {
        pending = loadGrader(find(id));
        graders.set(id, pending);
        // A grader that failed to load is retried next time (its file may be fixed meanwhile).
        pending.catch(() => graders.delete(id));
      }
      return pending;
    },
    solution: (id) => solutionOf(find(id)),
  };
}

function info(e: Exercise): ExerciseInfo {
  return {
    id: e.id,
    chapter: e.chapter,
    slug: path.basename(e.dir),
    title: e.title,
    statement: e.statement,
    objectives: e.objectives,
    minutes: e.minutes,
    level: e.level,
    hints: e.hints,
  };
}

/** solutionOf reads the solution folder's manifests as written (comments kept) and its commands. */
function solutionOf(e: Exercise): ExerciseSolution {
  const folder = path.join(e.dir, 'solution');
  const files = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  return {
    commands: e.solutionCommands ?? null,
    manifests: files.map((name) => ({ name, content: fs.readFileSync(path.join(folder, name), 'utf8') })),
  };
}
