export {
  type Exercise,
  ExerciseFormatError,
  exerciseSchema,
  loadExercise,
  loadExercises,
  type Manifest,
  type ManifestStep,
  type Mistake,
  readSteps,
} from './format';
export { applySteps, FIELD_MANAGER, resourceOf } from './apply';
export { loadGrader } from './grader-loader';
export { failingIds, gradeUntil, type SettleOptions } from './settle';
