export {
  type Check,
  type CheckBase,
  type CheckOutcome,
  type GradeContext,
  fail,
  getOrUndefined,
  listObjects,
  makeCheck,
  pass,
  ReadCache,
  readPath,
  resolveKind,
} from './check';
export {
  countForSelector,
  type CountOptions,
  deepEqual,
  fieldEquals,
  fieldMatches,
  firstMismatch,
  objectAbsent,
  objectExists,
  type ObjectRef,
} from './objects';
export {
  conditionTrue,
  isPodReady,
  podRestartsAtMost,
  podsRunningReady,
  type PodsReadyOptions,
} from './status';
export { eventRecorded, revisionsOf, rolledBack, rolloutComplete } from './workloads';
export { type AccessQuestion, pvcBound, rbacCan, rbacCannot, serviceEndpoints } from './cluster-resources';
export { custom, precondition, withHint } from './custom';
export {
  ingressBackendsExist,
  ingressRoute,
  type RouteOptions,
  serviceTargetsContainerPort,
} from './networking';
export {
  decideEnv,
  decideFile,
  decideNoReach,
  decideReach,
  envVarEquals,
  EXEC_CHECK_TIMEOUT_MS,
  type ExecResult,
  fileContains,
  podCannotReach,
  podReaches,
  type PodTarget,
  reachability,
  type Reachability,
  type ReachOptions,
  runInPod,
} from './exec';
