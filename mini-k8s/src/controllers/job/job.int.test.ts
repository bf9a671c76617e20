/**
 * Job controller on an in-process cluster. No kubelet runs here: the tests move pods to Succeeded/Failed
 * through the status subresource, as a kubelet would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newJobController } from './controller';

let cluster: TestCluster;

beforeEach(async () => {
  cluster = await startTestCluster();
  cluster.run((ctx) => newJobController(ctx, { speedFactor: 1000 }));
});
afterEach(() => cluster.close());

function job(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
  };
}

async function jobPods(name: string): Promise<KubeObject[]> {
  const list = await cluster.client.list(REFS.pods, 'default', { labelSelector: `job-name=${name}` });
  return list.items;
}

async function finish(pod: KubeObject, phase: 'Succeeded' | 'Failed'): Promise<void> {
  await cluster.client.updateStatus(REFS.pods, 'default', {
    ...pod,
    status: { ...(pod.status as object), phase },
  });
}

async function conditions(name: string): Promise<{ type: string; reason?: string; message?: string }[]> {
  const current = await cluster.client.get(REFS.jobs, 'default', name);
  return ((current.status as { conditions?: [] }).conditions ?? []) as { type: string; reason?: string }[];
}

async function events(name: string): Promise<string[]> {
  const list = await cluster.client.list(
    { group: '', version: 'v1', resource: 'events', namespaced: true },
    'default',
  );
  return list.items
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

describe('job controller', () => {
  it('runs pods one at a time until completions succeeded, then completes', async () => {
    await cluster.client.create(REFS.jobs, 'default', job('pi', { completions: 2, parallelism: 1 }));
    const first = await waitFor(
      async () =>
        (await jobPods('pi')).find(
          (p) => !p.status || (p.status as { phase?: string }).phase !== 'Succeeded',
        ),
      5000,
      'first pod',
    );
    expect(first.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' });
    expect(first.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    await finish(first, 'Succeeded');
    const second = await waitFor(
      async () => (await jobPods('pi')).find((p) => p.metadata.name !== first.metadata.name),
      5000,
      'second pod',
    );
    await finish(second, 'Succeeded');
    const conds = await waitFor(
      async () => {
        const c = await conditions('pi');
        return c.some((x) => x.type === 'Complete') ? c : undefined;
      },
      5000,
      'Complete',
    );
    expect(conds.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    const status = (await cluster.client.get(REFS.jobs, 'default', 'pi')).status as Record<string, unknown>;
    expect(status).toMatchObject({ succeeded: 2, failed: 0, active: 0, ready: 0 });
    expect(status.completionTime).toBeTypeOf('string');
    const finalizers = (await jobPods('pi')).map((p) => p.metadata.finalizers ?? []);
    expect(finalizers).toEqual([[], []]);
    await waitFor(
      async () => (await events('pi')).includes('Completed: Job completed'),
      5000,
      'Completed event',
    );
    const all = await events('pi');
    expect(all).toContain(`SuccessfulCreate: Created pod: ${first.metadata.name}`);
  });

  it('fails with BackoffLimitExceeded after backoffLimit+1 failed pods', async () => {
    await cluster.client.create(REFS.jobs, 'default', job('bad', { backoffLimit: 1 }));
    const failed = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const pod = await waitFor(
        async () => (await jobPods('bad')).find((p) => !failed.has(p.metadata.name!)),
        5000,
        `pod ${i}`,
      );
      failed.add(pod.metadata.name!);
      await finish(pod, 'Failed');
    }
    const conds = await waitFor(
      async () => {
        const c = await conditions('bad');
        return c.some((x) => x.type === 'Failed') ? c : undefined;
      },
      5000,
      'Failed',
    );
    expect(conds.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect((await jobPods('bad')).length).toBe(2);
    await waitFor(
      async () =>
        (await events('bad')).includes('BackoffLimitExceeded: Job has reached the specified backoff limit'),
      5000,
      'event',
    );
  });

  it('fails with DeadlineExceeded and deletes running pods', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('slow', { activeDeadlineSeconds: 1, parallelism: 2, completions: 4 }),
    );
    await waitFor(async () => (await jobPods('slow')).length === 2, 5000, 'two pods');
    const conds = await waitFor(
      async () => {
        const c = await conditions('slow');
        return c.some((x) => x.type === 'FailureTarget') ? c : undefined;
      },
      5000,
      'FailureTarget',
    );
    expect(conds[0]).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    });
  });

  it('deletes a finished job after ttlSecondsAfterFinished', async () => {
    await cluster.client.create(REFS.jobs, 'default', job('short', { ttlSecondsAfterFinished: 0 }));
    const pod = await waitFor(async () => (await jobPods('short'))[0], 5000, 'pod');
    await finish(pod, 'Succeeded');
    await waitFor(
      async () => {
        // Foreground deletion: without the garbage collector in this test the Job keeps its finalizer.
        const current = await cluster.client.get(REFS.jobs, 'default', 'short');
        return current.metadata.deletionTimestamp !== undefined;
      },
      5000,
      'job deleted',
    );
  });
});
