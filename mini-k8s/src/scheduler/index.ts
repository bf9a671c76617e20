/**
 * The mini-k8s scheduler's public API: the Scheduler itself, its explain records, the failure message
 * formatter and the benchmark entry point.
 */
export { Scheduler, type SchedulerOptions } from './scheduler';
export type { Decision, NodeVerdict } from './decisions';
export { formatFitError, reasonHistogram, type FitErrorInput } from './failure-message';
export { benchScheduler, type BenchResult } from './bench';
export type { QueueOptions } from './queue';
