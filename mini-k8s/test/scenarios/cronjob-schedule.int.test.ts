/**
 * Scenario: CronJobs on a whole in-process cluster (scheduler, kubelets with the simulated runtime, the Job
 * controller, the garbage collector), with a clock that runs at real speed from an offset the test moves
 * forward: `advance(1)` jumps one schedule (every minute) ahead, then pokes the CronJob, as the controller
 * would otherwise sleep until the next real minute. Proves schedule → Job → Pod → completion, the
 * concurrency policies, history limits, startingDeadlineSeconds and suspend.
 * The node-lifecycle controller is left out: a clock jump would make every heartbeat look stale.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/object';
import { findResource } from '../../src/api/resources';
import { type Cluster, createCluster } from '../../src/cmd/cluster';
import { CONTROLLERS } from '../../src/controllers/registry';
import { MemoryStorage } from '../../src/storage/memory/store';

const cronjobs = findResource('batch', 'v1', 'cronjobs')!;
const jobs = findResource('batch', 'v1', 'jobs')!;
const pods = findResource('', 'v1', 'pods')!;
const events = findResource('', 'v1', 'events')!;

let cluster: Cluster;
let offsetMs = 0;
const now = (): Date => new Date(Date.now() + offsetMs);

beforeEach(async () => {
  // Start 5 s after a minute boundary, so each `advance(1)` crosses exactly one `* * * * *` time.
  offsetMs = Math.ceil(Date.now() / 60_000) * 60_000 + 5_000 - Date.now();
  cluster = await createCluster({
    storage: new MemoryStorage(),
    adminToken: 'test-token',
    nodes: 2,
    speed: 0,
    now,
    controllers: Object.keys(CONTROLLERS).filter((name) => name !== 'node-lifecycle'),
  });
});
afterEach(() => cluster.close());

async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function cronJob(name: string, spec: Record<string, unknown>, command: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      ...spec,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', command] }],
            },
          },
        },
      },
    },
  };
}

/** advance moves the clock `minutes` ahead and pokes the CronJob so it reconciles at the new time. */
async function advance(name: string, minutes: number, extraSeconds = 0): Promise<void> {
  offsetMs += minutes * 60_000 + extraSeconds * 1000;
  await cluster.client.patch(cronjobs, 'default', name, 'merge', {
    metadata: { annotations: { poke: String(offsetMs) } },
  });
}

async function ownedJobs(cronJob: string): Promise<KubeObject[]> {
  const list = await cluster.client.list(jobs, 'default');
  return list.items
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === cronJob))
    .filter((j) => !j.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

function finished(job: KubeObject): string | undefined {
  const conditions = (job.status as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

async function eventMessages(name: string, reason: string): Promise<string[]> {
  const list = await cluster.client.list(events, 'default');
  return list.items
    .filter((e) => (e.involvedObject as { name: string }).name === name && e.reason === reason)
    .map((e) => String(e.message));
}

async function cronStatus(
  name: string,
): Promise<{ active?: { name: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string }> {
  return ((await cluster.client.get(cronjobs, 'default', name)).status ?? {}) as never;
}

/** scheduledAt is the schedule time `minutes` after the current minute of the test clock. */
function scheduledAt(minutes: number): Date {
  const startMinute = Math.floor(now().getTime() / 60_000) * 60_000;
  return new Date(startMinute + minutes * 60_000);
}

describe('cronjob on a whole cluster', () => {
  it('schedule → Job → Pod → completion, then SawCompletedJob and lastSuccessfulTime', async () => {
    await cluster.client.create(cronjobs, 'default', cronJob('hello', {}, 'echo hello'));
    const first = scheduledAt(1);
    await advance('hello', 1);
    const [job] = await waitFor(async () => {
      const list = await ownedJobs('hello');
      return list.length === 1 ? list : undefined;
    }, 'the scheduled Job');
    expect(job.metadata.name).toBe(`hello-${first.getTime() / 60_000}`);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      first.toISOString().replace('.000Z', 'Z'),
    );
    const pod = await waitFor(async () => {
      const list = await cluster.client.list(pods, 'default', {
        labelSelector: `job-name=${job.metadata.name}`,
      });
      return list.items[0];
    }, 'its pod');
    await waitFor(
      async () =>
        ((await cluster.client.get(pods, 'default', pod.metadata.name!)).status as { phase?: string })
          .phase === 'Succeeded',
      'the pod to succeed',
    );
    await waitFor(
      async () => finished(await cluster.client.get(jobs, 'default', job.metadata.name!)) === 'Complete',
      'Complete',
    );
    const status = await waitFor(async () => {
      const s = await cronStatus('hello');
      return s.lastSuccessfulTime && (s.active ?? []).length === 0 ? s : undefined;
    }, 'lastSuccessfulTime');
    expect(status.lastScheduleTime).toBe(first.toISOString().replace('.000Z', 'Z'));
    expect(await eventMessages('hello', 'SuccessfulCreate')).toEqual([`Created job ${job.metadata.name}`]);
    expect(await eventMessages('hello', 'SawCompletedJob')).toEqual([
      `Saw completed job: ${job.metadata.name}, condition: Complete`,
    ]);
  });

  it('concurrencyPolicy Forbid skips a run while the previous one is active', async () => {
    await cluster.client.create(
      cronjobs,
      'default',
      cronJob('forbid', { concurrencyPolicy: 'Forbid' }, 'sleep 3600'),
    );
    await advance('forbid', 1);
    await waitFor(async () => (await ownedJobs('forbid')).length === 1, 'first Job');
    await advance('forbid', 1);
    await waitFor(
      async () => (await eventMessages('forbid', 'JobAlreadyActive')).length > 0,
      'JobAlreadyActive',
    );
    expect(await eventMessages('forbid', 'JobAlreadyActive')).toContain(
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    expect(await ownedJobs('forbid')).toHaveLength(1);
  });

  it('concurrencyPolicy Replace deletes the running Job and starts the new one', async () => {
    await cluster.client.create(
      cronjobs,
      'default',
      cronJob('replace', { concurrencyPolicy: 'Replace' }, 'sleep 3600'),
    );
    await advance('replace', 1);
    const [first] = await waitFor(async () => {
      const list = await ownedJobs('replace');
      return list.length === 1 ? list : undefined;
    }, 'first Job');
    await advance('replace', 1);
    const [second] = await waitFor(async () => {
      const list = await ownedJobs('replace');
      return list.length === 1 && list[0].metadata.name !== first.metadata.name ? list : undefined;
    }, 'the replacement Job');
    expect(await eventMessages('replace', 'SuccessfulDelete')).toContain(
      `Deleted job ${first.metadata.name}`,
    );
    const status = await waitFor(async () => {
      const s = await cronStatus('replace');
      return s.active?.length === 1 && s.active[0].name === second.metadata.name ? s : undefined;
    }, 'active = the new Job');
    expect(status.active).toHaveLength(1);
  });

  it('keeps successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs', async () => {
    await cluster.client.create(
      cronjobs,
      'default',
      cronJob('ok', { successfulJobsHistoryLimit: 1 }, 'true'),
    );
    await cluster.client.create(cronjobs, 'default', cronJob('ko', { failedJobsHistoryLimit: 1 }, 'exit 1'));
    const names: Record<string, string[]> = { ok: [], ko: [] };
    for (let run = 0; run < 3; run++) {
      offsetMs += 60_000;
      for (const name of ['ok', 'ko']) {
        await cluster.client.patch(cronjobs, 'default', name, 'merge', {
          metadata: { annotations: { poke: String(offsetMs) } },
        });
      }
      for (const [name, outcome] of [
        ['ok', 'Complete'],
        ['ko', 'Failed'],
      ] as const) {
        const job = await waitFor(async () => {
          const list = await ownedJobs(name);
          return list.find((j) => !names[name].includes(j.metadata.name!));
        }, `${name} run ${run}`);
        names[name].push(job.metadata.name!);
        await waitFor(
          async () => finished(await cluster.client.get(jobs, 'default', job.metadata.name!)) === outcome,
          `${name} run ${run} ${outcome}`,
        );
      }
    }
    // One more pass after the last run finished: the older finished Jobs are deleted.
    for (const name of ['ok', 'ko']) {
      await waitFor(async () => {
        const list = await ownedJobs(name);
        return list.length === 1 && list[0].metadata.name === names[name][2];
      }, `${name} history trimmed to 1`);
    }
    expect(await eventMessages('ko', 'SuccessfulDelete')).toEqual(
      expect.arrayContaining([`Deleted job ${names.ko[0]}`, `Deleted job ${names.ko[1]}`]),
    );
  });

  it('startingDeadlineSeconds skips a run found too late; suspend holds runs until resumed', async () => {
    await cluster.client.create(
      cronjobs,
      'default',
      cronJob('late', { startingDeadlineSeconds: 20 }, 'true'),
    );
    const missed = scheduledAt(1);
    // 45 s after the scheduled time: beyond the 20 s deadline, no Job.
    await advance('late', 1, 40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ownedJobs('late')).toHaveLength(0);
    // The next minute's time, 5 s after it: within the deadline, it runs; the missed one never does.
    await advance('late', 0, 20);
    const [ran] = await waitFor(async () => {
      const list = await ownedJobs('late');
      return list.length > 0 ? list : undefined;
    }, 'a Job within the deadline');
    expect(ran.metadata.name).toBe(`late-${missed.getTime() / 60_000 + 1}`);
    expect(await ownedJobs('late')).toHaveLength(1);

    await cluster.client.create(cronjobs, 'default', cronJob('paused', { suspend: true }, 'true'));
    await advance('paused', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ownedJobs('paused')).toHaveLength(0);
    const resumedAt = Math.floor(now().getTime() / 1000) * 1000;
    await cluster.client.patch(cronjobs, 'default', 'paused', 'merge', { spec: { suspend: false } });
    // Resumed within the minute: the missed time is started then, not before.
    const [resumed] = await waitFor(async () => {
      const list = await ownedJobs('paused');
      return list.length > 0 ? list : undefined;
    }, 'a Job after resuming');
    expect(Date.parse(resumed.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(resumedAt);
    expect(await ownedJobs('paused')).toHaveLength(1);
  });
});
