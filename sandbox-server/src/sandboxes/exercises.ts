/**
 * ExerciseProvider is how the exercises catalogue plugs into the sandbox server: the list of exercises
 * (for the workshop grid and CSV export) and each exercise's starting state, which a reset applies to a
 * fresh cluster. ExerciseCatalogue adds what the exercise pages need: texts, grader and solution.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import type { Grader } from '../../../graders/src/grader';
import type { ExerciseSummary } from '../workshops/store';

/** ExerciseStart is the starting state of an exercise: manifests created in order, and the cluster size. */
export interface ExerciseStart {
  manifests: KubeObject[];
  /** Number of nodes; defaults to SANDBOX_NODES. */
  nodes?: number;
  /** Container runtime the exercise needs (`runtime:` in exercise.yaml); undefined keeps the sandbox's. */
  runtime?: 'simulated' | 'docker' | 'kubernetes';
  /** apply puts further starting state in through the cluster's client (after `manifests`). */
  apply?: (client: ApiClient) => Promise<void>;
}

export interface ExerciseProvider {
  /** list returns the exercises in course order. */
  list(): ExerciseSummary[];
  /** startingState returns an exercise's starting state, or undefined for an unknown id. */
  startingState(exerciseId: string): Promise<ExerciseStart | undefined>;
}

/** ExerciseInfo is what a learner reads of an exercise (French texts); graders and solutions stay server-side. */
export interface ExerciseInfo {
  id: string;
  chapter: string;
  slug: string;
  title: string;
  statement: string;
  objectives: string[];
  minutes: number;
  level: string;
  hints: string[];
}

/** ExerciseSolution is the reference solution as shown once the learner asks for it. */
export interface ExerciseSolution {
  commands: string | null;
  manifests: { name: string; content: string }[];
}

/** ExerciseCatalogue is a provider that also serves texts, graders and solutions (exercise pages). */
export interface ExerciseCatalogue extends ExerciseProvider {
  /** exercises returns every exercise in course order. */
  exercises(): ExerciseInfo[];
  exercise(exerciseId: string): ExerciseInfo | undefined;
  /** grader loads (once) the exercise's grader. */
  grader(exerciseId: string): Promise<Grader>;
  solution(exerciseId: string): ExerciseSolution;
}

/** isCatalogue tells whether a provider is a full catalogue. */
export function isCatalogue(provider: ExerciseProvider | undefined): provider is ExerciseCatalogue {
  return provider !== undefined && 'grader' in provider && 'exercises' in provider;
}
