export { type Exercise, ExerciseFormatError, exerciseSchema, loadExercise, loadExercises } from './format';
