/**
 * Grading a sandbox: the exercise's grader runs server-side against that sandbox's cluster through its API
 * client (learners never see graders), and the result becomes the CheckReport the pages show.
 */
import { gradeExercise, type Grader } from '../../../graders/src/grader';
import { kubeletStreams } from '../../../graders/src/in-process-streams';
import type { GradeSummary } from '../../../graders/src/result';
import type { SandboxCluster } from '../sandboxes/cluster';
import { LEARNER_NAMESPACE } from './catalogue';

/** CheckReport is one grading of an exercise as the pages show it. */
export interface CheckReport {
  exerciseId: string;
  passed: boolean;
  score: number;
  maxScore: number;
  checkedAt: string;
  durationMs: number;
  checks: {
    id: string;
    title: string;
    passed: boolean;
    points: number;
    maxPoints: number;
    message: string;
    precondition: boolean;
  }[];
}

/** maxScoreOf is the points a grader gives for a full success. */
export function maxScoreOf(grader: Grader): number {
  return grader.checks.reduce((sum, check) => sum + check.points, 0);
}

/** gradeSandbox runs a grader on a cluster (never throws: failing checks explain themselves in French). */
export async function gradeSandbox(
  exerciseId: string,
  grader: Grader,
  cluster: SandboxCluster,
  now: () => number = Date.now,
): Promise<CheckReport> {
  const started = performance.now();
  // Checks that look inside a container (files, environment, reachability) exec through the node's kubelet.
  const summary = await gradeExercise(grader, {
    client: cluster.client,
    namespace: LEARNER_NAMESPACE,
    ...(cluster.nodeConnector ? { streams: kubeletStreams(cluster.client, cluster.nodeConnector) } : {}),
  });
  return toReport(exerciseId, summary, new Date(now()).toISOString(), performance.now() - started);
}

function toReport(exerciseId: string, s: GradeSummary, checkedAt: string, ms: number): CheckReport {
  return {
    exerciseId,
    passed: s.passed,
    score: s.score,
    maxScore: s.maxScore,
    checkedAt,
    durationMs: Math.round(ms),
    checks: s.results.map((r) => ({
      id: r.id,
      title: r.title,
      passed: r.passed,
      points: r.passed ? r.points : 0,
      maxPoints: r.points,
      message: r.message,
      precondition: r.precondition === true,
    })),
  };
}
