/**
 * Durability under repeated SIGKILL: three learners write ConfigMaps and Deployments through `/k8s/<id>`
 * while the real platform process is killed at a random moment, five times in a row, each time restarted on
 * the same data folder. See kill-storm.ts for what is checked after each restart. The seed is printed so a
 * failure can be replayed with KILL_STORM_SEED.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { runKillStorm } from './storm-runner';

const running: RunningPlatform[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
  if (running[0]) fs.rmSync(running[0].dataDir, { recursive: true, force: true });
});

describe('kill storm', () => {
  it(
    'keeps every acknowledged write across five SIGKILLs at random moments',
    { timeout: 600_000 },
    async () => {
      const seed = Number(process.env.KILL_STORM_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`kill storm seed: ${seed}`);
      const report = await runKillStorm({
        cycles: 5,
        learners: 3,
        seed,
        start: (dataDir) => startPlatform(ENV, { dataDir, keepData: true }).then((p) => (running.push(p), p)),
      });
      console.log(`kill storm cycles: ${JSON.stringify(report.cycles)}`);
      expect(report.problems).toEqual([]);
      expect(report.cycles).toHaveLength(5);
      for (const cycle of report.cycles) expect(cycle.acknowledged).toBeGreaterThan(0);
    },
  );
});

const ENV = {
  HTTPS_PORT: '0',
  SIMULATION_SPEED: '0',
  LEARNER_RATE: '100000',
  SANDBOX_MAX_OBJECTS: '1000000',
};
