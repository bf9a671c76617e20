/**
 * Grading: one exercise check alone (p50/p99; target p99 under 20 ms) and a whole workshop's grading round —
 * every exercise of the course for every learner, concurrently (target under 2 s for 100 learners). Uses
 * exercises/src/bench.ts on one in-process cluster where each learner has a namespace holding every exercise's
 * starting state and solution. BENCH_LEARNERS (default 100).
 */
import os from 'node:os';
import { benchCourseGrading } from '../../exercises/src/bench';
import { type BenchResult, type BenchSuite, ms } from '../types';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 100);

const suite: BenchSuite = {
  name: 'grading',
  async run(): Promise<BenchResult> {
    const load = os.loadavg()[0];
    const r = await benchCourseGrading(LEARNERS);
    return {
      title: 'Grading: one check, and a whole workshop round',
      method:
        `In process, one cluster (speed 0) with ${LEARNERS} learner namespaces each holding every exercise's ` +
        `start and solution; ${r.exercises} exercises; load average ${load.toFixed(1)} at the start.`,
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
          'workshop round (steady state)',
          `${r.workshop.learners} learners × ${r.workshop.graders} graders = ${r.workshop.checks} checks`,
          `${ms(r.workshop.totalMs)} ms`,
          '< 2 s',
        ],
        ['workshop round (first, with warm-up)', 'same', `${ms(r.firstRoundMs)} ms`, ''],
        ['workshop round without shared reads', 'same', `${ms(r.unsharedMs)} ms`, ''],
      ],
      raw: { ...r, loadAverage: load },
    };
  },
};

export default suite;
