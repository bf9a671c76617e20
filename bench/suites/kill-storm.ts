/**
 * Kill-storm soak: the durability test of sandbox-server/test/reliability (SIGKILL of the real platform
 * process at a random moment while learners write, restart, verify every acknowledged write) for many more
 * cycles: KILL_STORM_CYCLES (default 20) with KILL_STORM_LEARNERS learners (default 5). Fails on the first
 * inconsistency; reports writes acknowledged per cycle and the restart time.
 */
import fs from 'node:fs';
import { startPlatform, type RunningPlatform } from '../../sandbox-server/test/support/platform';
import { runKillStorm } from '../../sandbox-server/test/reliability/storm-runner';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const CYCLES = Number(process.env.KILL_STORM_CYCLES ?? 20);
const LEARNERS = Number(process.env.KILL_STORM_LEARNERS ?? 5);

const suite: BenchSuite = {
  name: 'kill-storm',
  async run(): Promise<BenchResult> {
    const seed = Number(process.env.KILL_STORM_SEED ?? Math.floor(Math.random() * 2 ** 31));
    let dataDir: string | undefined;
    const env = {
      HTTPS_PORT: '0',
      SIMULATION_SPEED: '0',
      LEARNER_RATE: '100000',
      SANDBOX_MAX_OBJECTS: '1000000',
    };
    const report = await runKillStorm({
      cycles: CYCLES,
      learners: LEARNERS,
      seed,
      start: async (dir) => {
        const p: RunningPlatform = await startPlatform(env, { dataDir: dir, keepData: true });
        dataDir = p.dataDir;
        return p;
      },
    });
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (report.problems.length > 0) {
      throw new Error(
        `kill storm (seed ${seed}) found ${report.problems.length} problems:\n${report.problems.join('\n')}`,
      );
    }
    const acked = report.cycles.map((c) => c.acknowledged);
    const restarts = report.cycles.map((c) => c.restartMs);
    const total = acked.reduce((a, b) => a + b, 0);
    const uncertain = report.cycles.reduce((a, c) => a + c.uncertain, 0);
    return {
      title: `Kill storm: ${CYCLES} SIGKILLs of the platform`,
      method: `${LEARNERS} learners write ConfigMaps and Deployments (create, update, delete) through /k8s/<id> of the real platform process; SIGKILL at a random moment, restart on the same data folder, verify every acknowledged write (present with its resourceVersion or newer, deletions kept, nothing half-written, resourceVersions increasing). Seed ${seed}.`,
      columns: [
        'cycles',
        'acknowledged writes',
        'in flight at the kill',
        'problems',
        'restart p50 (ms)',
        'restart max (ms)',
      ],
      rows: [[CYCLES, total, uncertain, 0, ms(percentile(restarts, 50)), ms(Math.max(...restarts))]],
      raw: { seed, cycles: report.cycles },
    };
  },
};

export default suite;
