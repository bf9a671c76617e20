/**
 * Grading: one exercise check alone (p50/p99; target p99 under 20 ms) and a whole workshop's grading round —
 * every exercise of the course for every learner, concurrently (target under 2 s for 100 learners). Uses
 * exercises/src/bench.ts: one in-process cluster per learner, as the platform runs them. BENCH_LEARNERS (default 100).
 */
import os from 'node:os';
import { benchCourseGrading } from '../../exercises/src/bench';
import { type BenchResult, type BenchSuite, ms } from '../types';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 100);

const suite: BenchSuite = {
  name: 'grading',
  async run(): Promise<BenchResult> {
    const r = await benchCourseGrading(LEARNERS);
    const roundCpu = r.workshop.cpuMs - (r.idleCpuMsPerSecond * r.workshop.totalMs) / 1000;
    return {
      title: 'Grading: one check, and a whole workshop round',
      method:
        `In process, as the platform holds a class: ${r.learners} learners, each with a cluster of their own ` +
        `(3 nodes, speed 1), learner i on exercise i mod ${r.exercises} (start + reference solution applied and ` +
        `settled, set-up ${ms(r.setupMs)} ms); a round runs every exercise's grader for every learner at once. ` +
        `Load average ${r.loadAverage.toFixed(1)} before the rounds on ${os.cpus().length} cores; the idle ` +
        `clusters used ${r.idleCpuMsPerSecond.toFixed(0)} ms of CPU per second on their own.`,
      columns: ['measure', 'setup', 'result', 'target'],
      rows: [
        [
          'one check (pods ready: a list and a scan)',
          `${r.check.iterations} runs`,
          `p50 ${ms(r.check.p50)} ms, p99 ${ms(r.check.p99)} ms`,
          '< 20 ms (p99)',
        ],
        [
          'one check inside a container (exec cat)',
          `${r.execCheck.iterations} runs`,
          `p50 ${ms(r.execCheck.p50)} ms, p99 ${ms(r.execCheck.p99)} ms`,
          '',
        ],
        [
          'workshop round (steady state), wall time',
          `${r.workshop.learners} learners × ${r.workshop.graders} graders = ${r.workshop.checks} checks`,
          `${ms(r.workshop.totalMs)} ms`,
          '< 2 s',
        ],
        [
          'workshop round (steady state), CPU time of the round',
          "process CPU during the round minus the idle clusters' own",
          `${ms(roundCpu)} ms`,
          '',
        ],
        ['workshop round (first, with warm-up)', 'same', `${ms(r.firstRoundMs)} ms`, ''],
        ['workshop round without shared reads', 'same', `${ms(r.unsharedMs)} ms`, ''],
      ],
      raw: { ...r },
    };
  },
};

export default suite;
