/**
 * ExerciseProvider is how the exercises issue plugs its catalogue into the sandbox server: the list of
 * exercises (for the workshop grid and CSV export) and each exercise's starting state, which a reset
 * applies to a fresh cluster.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ExerciseSummary } from '../workshops/store';

/** ExerciseStart is the starting state of an exercise: manifests created in order, and the cluster size. */
export interface ExerciseStart {
  manifests: KubeObject[];
  /** Number of nodes; defaults to SANDBOX_NODES. */
  nodes?: number;
}

export interface ExerciseProvider {
  /** list returns the exercises in course order. */
  list(): ExerciseSummary[];
  /** startingState returns an exercise's starting state, or undefined for an unknown id. */
  startingState(exerciseId: string): Promise<ExerciseStart | undefined>;
}
