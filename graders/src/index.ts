export { type CheckResult, expectedFound, type GradeSummary, summarize } from './result';
