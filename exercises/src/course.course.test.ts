/**
 * The course proof: for every exercise, in a fresh in-process cluster, the starting state fails exactly the
 * expected checks, the reference solution passes with full score, and each common mistake gives a partial
 * score failing the checks exercise.yaml names, with the right French message.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { kubeletStreams } from '../../graders/src/in-process-streams';
import type { GradeSummary } from '../../graders/src/result';
import { applySteps } from './apply';
import { loadExercises } from './format';
import { loadGrader } from './grader-loader';
import { failingIds, gradeUntil } from './settle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exercises = loadExercises(root).filter((e) => e.graderFile);
const NAMESPACE = 'default';

const clusters: Cluster[] = [];
async function freshCluster() {
  const cluster = await createCluster({ speed: 0 });
  clusters.push(cluster);
  // Exec checks (a file or a variable seen in a container) reach the kubelets as the API server does.
  const streams = kubeletStreams(cluster.client, cluster.nodeConnector);
  return { cluster, ctx: { client: cluster.client, namespace: NAMESPACE, streams } };
}
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

const sameIds = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

describe.each(exercises.map((e) => [e.id, e] as const))('%s', (_id, exercise) => {
  it('starting state fails the expected checks; the solution passes with full score', async () => {
    const grader = await loadGrader(exercise);
    expect(exercise.expectedFailingAtStart.length).toBeGreaterThan(0);
    const { ctx } = await freshCluster();
    await applySteps(ctx.client, NAMESPACE, exercise.start);
    const settle = { timeoutMs: exercise.settleSeconds * 1000 };
    const atStart = await gradeUntil(
      grader,
      ctx,
      (s) => sameIds(failingIds(s), exercise.expectedFailingAtStart),
      settle,
    );
    expect(failingIds(atStart)).toEqual([...exercise.expectedFailingAtStart].sort());
    expect(atStart.results.filter((r) => r.precondition && !r.passed)).toEqual([]);

    expect(exercise.solution.length).toBeGreaterThan(0);
    await applySteps(ctx.client, NAMESPACE, exercise.solution);
    const solved = await gradeUntil(grader, ctx, (s) => s.passed, settle);
    expect(solved.results.filter((r) => !r.passed)).toEqual([]);
    expect(solved.percent).toBe(100);
  });

  it.each(exercise.mistakes.map((m) => [m.name, m] as const))(
    'mistake %s gives a partial score',
    async (_n, mistake) => {
      const grader = await loadGrader(exercise);
      const { ctx } = await freshCluster();
      await applySteps(ctx.client, NAMESPACE, exercise.start);
      // A learner acts on a settled starting state (pods scheduled, controllers done), as the solution does.
      await gradeUntil(grader, ctx, (s) => sameIds(failingIds(s), exercise.expectedFailingAtStart), {
        timeoutMs: exercise.settleSeconds * 1000,
      });
      await applySteps(ctx.client, NAMESPACE, mistake.steps);
      const message = (s: GradeSummary) => s.results.find((r) => r.id === mistake.failing[0])?.message ?? '';
      const graded = await gradeUntil(
        grader,
        ctx,
        (s) => sameIds(failingIds(s), mistake.failing) && message(s).includes(mistake.messageContains ?? ''),
        { timeoutMs: exercise.settleSeconds * 1000 },
      );
      expect(failingIds(graded)).toEqual([...mistake.failing].sort());
      expect(graded.score).toBeGreaterThan(0);
      expect(graded.score).toBeLessThan(graded.maxScore);
      expect(message(graded)).toContain(mistake.messageContains ?? '');
    },
  );

  it('has at least one common mistake', () => {
    expect(exercise.mistakes.length).toBeGreaterThan(0);
  });
});
