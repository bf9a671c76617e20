/** CronJob controller on an in-process cluster with a fake clock (no Job controller: tests finish Jobs). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newCronJobController } from './controller';

let cluster: TestCluster;
let clock: Date;
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

beforeEach(async () => {
  clock = new Date();
  cluster = await startTestCluster({ now: () => clock });
  cluster.run(newCronJobController);
});
afterEach(() => cluster.close());

function cronJob(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      ...spec,
      jobTemplate: {
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      },
    },
  };
}

/** tick moves the fake clock and pokes the CronJob so the controller reconciles at the new time. */
async function tick(name: string, minutes: number): Promise<void> {
  clock = new Date(clock.getTime() + minutes * 60_000);
  await cluster.client.patch(REFS.cronjobs, 'default', name, 'merge', {
    metadata: { annotations: { tick: String(clock.getTime()) } },
  });
}

async function jobNames(): Promise<string[]> {
  return (await cluster.client.list(REFS.jobs, 'default')).items.map((j) => j.metadata.name!).sort();
}

async function complete(name: string): Promise<void> {
  const job = await cluster.client.get(REFS.jobs, 'default', name);
  const at = new Date(clock).toISOString().replace(/\.\d+Z$/, 'Z');
  await cluster.client.updateStatus(REFS.jobs, 'default', {
    ...job,
    status: {
      startTime: at,
      completionTime: at,
      succeeded: 1,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True' },
      ],
    },
  });
}

async function eventTexts(): Promise<string[]> {
  return (await cluster.client.list(EVENTS, 'default')).items.map((e) => `${e.reason}: ${e.message}`);
}

describe('cronjob controller', () => {
  it('creates the job of each scheduled time and records its completion', async () => {
    await cluster.client.create(REFS.cronjobs, 'default', cronJob('hello', {}));
    await tick('hello', 6);
    const [first] = await waitFor(
      async () => ((await jobNames()).length === 1 ? jobNames() : undefined),
      5000,
      'first job',
    );
    expect(first).toMatch(/^hello-\d+$/);
    const minutes = Number(first.split('-')[1]);
    expect(minutes % 5).toBe(0);
    const job = await cluster.client.get(REFS.jobs, 'default', first);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      new Date(minutes * 60_000).toISOString().replace('.000', ''),
    );
    const cj = await waitFor(
      async () => {
        const c = await cluster.client.get(REFS.cronjobs, 'default', 'hello');
        return ((c.status as { active?: unknown[] })?.active?.length ?? 0) === 1 ? c : undefined;
      },
      5000,
      'active',
    );
    expect((cj.status as { lastScheduleTime: string }).lastScheduleTime).toBe(
      new Date(minutes * 60_000).toISOString().replace('.000', ''),
    );
    await complete(first);
    await waitFor(
      async () =>
        (await eventTexts()).includes(`SawCompletedJob: Saw completed job: ${first}, condition: Complete`),
      5000,
      'SawCompletedJob',
    );
    expect(await eventTexts()).toContain(`SuccessfulCreate: Created job ${first}`);
    const after = await cluster.client.get(REFS.cronjobs, 'default', 'hello');
    expect(after.status).toMatchObject({ active: [] });
    expect((after.status as { lastSuccessfulTime?: string }).lastSuccessfulTime).toBeTypeOf('string');
  });

  it.each([
    [
      'Forbid',
      1,
      'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
    ],
    ['Replace', 1, 'SuccessfulDelete: Deleted job'],
    ['Allow', 2, undefined],
  ])('concurrencyPolicy %s', async (policy, expectedJobs, event) => {
    await cluster.client.create(REFS.cronjobs, 'default', cronJob('cc', { concurrencyPolicy: policy }));
    await tick('cc', 6);
    await waitFor(async () => (await jobNames()).length === 1, 5000, 'first job');
    await tick('cc', 5);
    if (event) await waitFor(async () => (await eventTexts()).some((e) => e.startsWith(event)), 5000, event);
    else await waitFor(async () => (await jobNames()).length === 2, 5000, 'second job');
    const live = (await cluster.client.list(REFS.jobs, 'default')).items.filter(
      (j) => !j.metadata.deletionTimestamp,
    );
    expect(live.length).toBe(expectedJobs);
  });

  it('keeps successfulJobsHistoryLimit finished jobs', async () => {
    await cluster.client.create(REFS.cronjobs, 'default', cronJob('hist', { successfulJobsHistoryLimit: 1 }));
    for (let i = 0; i < 2; i++) {
      await tick('hist', 5);
      const name = await waitFor(
        async () => {
          const names = await jobNames();
          return names.length === i + 1 ? names.at(-1) : undefined;
        },
        5000,
        `job ${i}`,
      );
      await complete(name);
      await waitFor(
        async () => (await eventTexts()).some((e) => e.includes(`Saw completed job: ${name}`)),
        5000,
        'saw',
      );
    }
    await tick('hist', 0);
    await waitFor(
      async () => (await eventTexts()).some((e) => e.startsWith('SuccessfulDelete: Deleted job hist-')),
      5000,
      'cleanup',
    );
  });

  it('does not start jobs while suspended', async () => {
    await cluster.client.create(REFS.cronjobs, 'default', cronJob('off', { suspend: true }));
    await tick('off', 11);
    await new Promise((r) => setTimeout(r, 100));
    expect(await jobNames()).toEqual([]);
  });
});
