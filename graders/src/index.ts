export { type CheckResult, expectedFound, type GradeSummary, summarize } from './result';
export * from './checks/index';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  defineGrader,
  gradeExercise,
  type GradeOptions,
  type Grader,
  runCheck,
} from './grader';
export { type KubeletLocator, kubeletStreams } from './in-process-streams';
