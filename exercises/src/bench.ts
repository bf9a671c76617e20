/**
 * benchCourseGrading grades every exercise for every learner of a simulated workshop, the way the platform
 * holds a class: each learner has a cluster of their own (3 nodes, `speed: 1` as the sandbox server runs them),
 * working on one exercise — learner i on exercise i mod E, with its starting state and reference solution
 * applied, so that every exercise is solved by some learners — and then every exercise's grader runs for every
 * learner at once, as an instructor's full re-grade does. Target: under 2 s for 100 learners.
 * Run: `npx tsx exercises/src/bench.ts` (BENCH_LEARNERS, default 100).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import {
  benchCheck,
  benchWorkshop,
  type CheckBenchResult,
  type WorkshopBenchResult,
} from '../../graders/src/bench';
import type { GradeContext } from '../../graders/src/checks/check';
import type { Grader } from '../../graders/src/grader';
import { kubeletStreams } from '../../graders/src/in-process-streams';
import { applySteps } from './apply';
import { type Exercise, loadExercises } from './format';
import { loadGrader } from './grader-loader';
import { gradeUntil } from './settle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAMESPACE = 'default';
/** Learners set up at once: enough to overlap cluster start-ups, few enough not to starve the event loop. */
const SETUP_CONCURRENCY = 8;

export interface CourseBenchResult {
  exercises: number;
  learners: number;
  /** Wall time to create every learner's cluster and bring it to its exercise's solved state. */
  setupMs: number;
  /** Learners whose exercise was not fully solved (100 %) when the settle time ran out, by exercise id. */
  unsettled: string[];
  /** One exercise's check timed alone: the first pods-are-ready check (a list plus a per-pod scan). */
  check: CheckBenchResult;
  /** One check that runs a command in a container (`cat` of a mounted ConfigMap file through exec). */
  execCheck: CheckBenchResult;
  /** Wall time of the first grading round (see workshop for the steady-state round). */
  firstRoundMs: number;
  workshop: WorkshopBenchResult;
  /** Wall time of a round where each grading reads on its own (no ReadCache shared across graders). */
  unsharedMs: number;
  /** CPU milliseconds per second the idle clusters use on their own (controllers, kubelets), measured over 3 s. */
  idleCpuMsPerSecond: number;
  /** Load average (1 min) of the machine just before the rounds. */
  loadAverage: number;
}

interface Learner {
  cluster: Cluster;
  ctx: GradeContext;
  exercise: Exercise;
  grader: Grader;
  solved: boolean;
}

async function setUpLearner(exercise: Exercise, grader: Grader): Promise<Learner> {
  const cluster = await createCluster({ speed: 1 });
  const ctx: GradeContext = {
    client: cluster.client,
    namespace: NAMESPACE,
    streams: kubeletStreams(cluster.client, cluster.nodeConnector),
  };
  try {
    await applySteps(cluster.client, NAMESPACE, exercise.start);
    // A learner solves a settled starting state (pods scheduled, controllers done), as course:test does.
    await gradeUntil(grader, ctx, (s) => !s.passed, {
      timeoutMs: exercise.settleSeconds * 1000,
      intervalMs: 200,
    });
    await applySteps(cluster.client, NAMESPACE, exercise.solution);
    const solved = await gradeUntil(grader, ctx, (s) => s.passed, {
      timeoutMs: exercise.settleSeconds * 1000,
      intervalMs: 200,
    });
    return { cluster, ctx, exercise, grader, solved: solved.passed };
  } catch (err) {
    await cluster.close();
    throw err;
  }
}

export async function benchCourseGrading(learnerCount = 100): Promise<CourseBenchResult> {
  const exercises = loadExercises(root).filter((e) => e.graderFile);
  const graders = await Promise.all(exercises.map((e) => loadGrader(e)));
  const learners: Learner[] = [];
  try {
    const start = performance.now();
    for (let first = 0; first < learnerCount; first += SETUP_CONCURRENCY) {
      const batch: Promise<Learner>[] = [];
      for (let i = first; i < Math.min(learnerCount, first + SETUP_CONCURRENCY); i++) {
        const e = i % exercises.length;
        batch.push(setUpLearner(exercises[e]!, graders[e]!));
      }
      const settled = await Promise.allSettled(batch);
      for (const outcome of settled) if (outcome.status === 'fulfilled') learners.push(outcome.value);
      const failed = settled.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    }
    const setupMs = performance.now() - start;
    const contexts = learners.map((l) => l.ctx);

    const withCheck = (id: string) => learners.find((l) => l.grader.checks.some((c) => c.id === id));
    const podsLearner = withCheck('pods-prets') ?? learners[0]!;
    const podsCheck =
      podsLearner.grader.checks.find((c) => c.id === 'pods-prets') ?? podsLearner.grader.checks[0]!;
    const check = await benchCheck(podsCheck, podsLearner.ctx);
    const fileLearner = withCheck('fichier-mode') ?? podsLearner;
    const fileCheck = fileLearner.grader.checks.find((c) => c.id === 'fichier-mode') ?? podsCheck;
    const execCheck = await benchCheck(fileCheck, fileLearner.ctx);

    const idleStart = process.cpuUsage();
    const idleWall = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idle = process.cpuUsage(idleStart);
    const idleCpuMsPerSecond = (idle.user + idle.system) / (performance.now() - idleWall);
    const loadAverage = os.loadavg()[0]!;

    // Why two rounds: the first also pays JIT warm-up; the second is a dashboard refresh in steady state.
    const firstRound = await benchWorkshop(graders, contexts);
    const workshop = await benchWorkshop(graders, contexts);
    // The same round with every grading reading on its own (no reads shared between a learner's graders).
    const unshared = await benchWorkshop(graders, contexts, false);
    return {
      exercises: exercises.length,
      learners: learners.length,
      setupMs,
      unsettled: learners.filter((l) => !l.solved).map((l) => l.exercise.id),
      check,
      execCheck,
      firstRoundMs: firstRound.totalMs,
      workshop,
      unsharedMs: unshared.totalMs,
      idleCpuMsPerSecond,
      loadAverage,
    };
  } finally {
    await Promise.all(learners.map((l) => l.cluster.close()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchCourseGrading(Number(process.env.BENCH_LEARNERS ?? 100));
  console.log(JSON.stringify(result, null, 2));
}
