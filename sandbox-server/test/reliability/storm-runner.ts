/**
 * runKillStorm drives the kill storm (kill-storm.ts) for a number of cycles: start the platform, let the
 * learners write for a random while, SIGKILL it, restart it on the same data folder, verify. Shared by the
 * integration test (five cycles) and the soak benchmark (bench/suites/kill-storm.ts, more cycles).
 */
import type { RunningPlatform } from '../support/platform';
import { StormLearner, seeded, type StormStats } from './kill-storm';

export interface StormOptions {
  cycles: number;
  learners: number;
  seed: number;
  /** start(dataDir) starts the platform, on a new data folder when dataDir is undefined. */
  start(dataDir?: string): Promise<RunningPlatform>;
}

export interface CycleReport extends StormStats {
  /** Milliseconds the learners wrote before the kill. */
  writtenMs: number;
  /** Milliseconds from the restart to the platform answering again. */
  restartMs: number;
}

export interface StormReport {
  cycles: CycleReport[];
  problems: string[];
}

export async function runKillStorm(options: StormOptions): Promise<StormReport> {
  const random = seeded(options.seed);
  let platform = await options.start();
  const learners: StormLearner[] = [];
  for (let i = 0; i < options.learners; i++) learners.push(await StormLearner.create(platform.url));
  const report: StormReport = { cycles: [], problems: [] };
  try {
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      const stats: StormStats = { acknowledged: 0, uncertain: 0, refused: 0 };
      let stopped = false;
      const url = platform.url;
      // A refused or failed write (a 5xx, an unexpected status) is a finding: stop the cycle and report it.
      let failed = false;
      const workers = learners.map((l) =>
        l
          .work(url, () => stopped || failed, stats, random)
          .catch((err: unknown) => {
            failed = true;
            report.problems.push(`cycle ${cycle + 1}: ${(err as Error).message}`);
          }),
      );
      // Let the writes run for a random while (with a random number of acknowledged writes), then kill without warning.
      const writeMs = 300 + Math.floor(random() * 1500);
      const minAcks = 25 + Math.floor(random() * 40);
      const began = Date.now();
      while ((Date.now() - began < writeMs || stats.acknowledged < minAcks) && !failed) {
        await new Promise((r) => setTimeout(r, 10));
        if (Date.now() - began > 60_000) throw new Error('no acknowledged write in 60 s');
      }
      const exited = new Promise((resolve) => platform.process.once('exit', resolve));
      platform.process.kill('SIGKILL');
      const writtenMs = Date.now() - began;
      await exited;
      stopped = true;
      await Promise.all(workers);
      const restartedAt = Date.now();
      platform = await options.start(platform.dataDir);
      const restartMs = Date.now() - restartedAt;
      for (const learner of learners) {
        const before = learner.maxRv;
        const problems = await learner.verify(platform.url);
        report.problems.push(...problems.map((p) => `cycle ${cycle + 1}: ${p}`));
        const probe = await learner.probeRv(platform.url);
        if (probe <= before) {
          report.problems.push(
            `cycle ${cycle + 1}: new write got resourceVersion ${probe}, not above ${before}`,
          );
        }
      }
      report.cycles.push({ ...stats, writtenMs, restartMs });
    }
  } finally {
    await platform.stop();
  }
  return report;
}
