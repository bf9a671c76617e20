/**
 * Job controller on an in-process cluster: Indexed completion mode and podFailurePolicy. No kubelet runs
 * here: the tests move pods to Succeeded/Failed through the status subresource, as a kubelet would.
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

const INDEX = 'batch.kubernetes.io/job-completion-index';

function job(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
    },
  };
}

async function livePods(name: string): Promise<KubeObject[]> {
  const list = await cluster.client.list(REFS.pods, 'default', {
    labelSelector: `batch.kubernetes.io/job-name=${name}`,
  });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

const phaseOf = (pod: KubeObject): string | undefined =>
  (pod.status as { phase?: string } | undefined)?.phase;

async function setStatus(pod: KubeObject, status: Record<string, unknown>): Promise<void> {
  await cluster.client.updateStatus(REFS.pods, 'default', { ...pod, status });
}

async function jobStatus(name: string): Promise<Record<string, unknown>> {
  return ((await cluster.client.get(REFS.jobs, 'default', name)).status ?? {}) as Record<string, unknown>;
}

async function waitCondition(
  name: string,
  type: string,
): Promise<{ type: string; reason?: string; message?: string }[]> {
  return waitFor(
    async () => {
      const conditions = ((await jobStatus(name)).conditions ?? []) as { type: string; status: string }[];
      return conditions.some((c) => c.type === type && c.status === 'True') ? conditions : undefined;
    },
    5000,
    `${type} condition`,
  );
}

const exited = (exitCode: number) => ({
  phase: 'Failed',
  containerStatuses: [{ name: 'main', state: { terminated: { exitCode, reason: 'Error' } } }],
});

describe('Indexed jobs', () => {
  it('runs one pod per index, reports completedIndexes as ranges and completes', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('sum', { completionMode: 'Indexed', completions: 3, parallelism: 2 }),
    );
    const firstTwo = await waitFor(
      async () => {
        const pods = await livePods('sum');
        return pods.length === 2 ? pods : undefined;
      },
      5000,
      'two pods',
    );
    const byIndex = new Map(firstTwo.map((p) => [p.metadata.annotations?.[INDEX], p]));
    expect([...byIndex.keys()].sort()).toEqual(['0', '1']);
    const one = byIndex.get('1')!;
    expect(one.metadata.name).toMatch(/^sum-1-[a-z0-9]{5}$/);
    expect(one.metadata.labels?.[INDEX]).toBe('1');
    const podSpec = one.spec as { hostname?: string; containers: { env?: unknown[] }[] };
    expect(podSpec.hostname).toBe('sum-1');
    expect(podSpec.containers[0].env).toEqual([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${INDEX}']` } },
      },
    ]);

    await setStatus(one, { phase: 'Succeeded' });
    const two = await waitFor(
      async () => (await livePods('sum')).find((p) => p.metadata.annotations?.[INDEX] === '2'),
      5000,
      'pod for index 2',
    );
    await waitFor(async () => (await jobStatus('sum')).completedIndexes === '1', 5000, 'completedIndexes 1');
    await setStatus(two, { phase: 'Succeeded' });
    await waitFor(
      async () => (await jobStatus('sum')).completedIndexes === '1-2',
      5000,
      'completedIndexes 1-2',
    );
    expect((await livePods('sum')).filter((p) => phaseOf(p) !== 'Succeeded')).toHaveLength(1);
    await setStatus(byIndex.get('0')!, { phase: 'Succeeded' });
    await waitCondition('sum', 'Complete');
    expect(await jobStatus('sum')).toMatchObject({
      completedIndexes: '0-2',
      succeeded: 3,
      failed: 0,
      active: 0,
    });
  });

  it('replaces a failed index with a pod of the same index', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('retry', { completionMode: 'Indexed', completions: 2, parallelism: 2 }),
    );
    const pods = await waitFor(
      async () => {
        const list = await livePods('retry');
        return list.length === 2 ? list : undefined;
      },
      5000,
      'two pods',
    );
    const zero = pods.find((p) => p.metadata.annotations?.[INDEX] === '0')!;
    await setStatus(zero, exited(1));
    const again = await waitFor(
      async () =>
        (await livePods('retry')).find(
          (p) => p.metadata.annotations?.[INDEX] === '0' && p.metadata.name !== zero.metadata.name,
        ),
      5000,
      'new pod for index 0',
    );
    expect(again.metadata.name).toMatch(/^retry-0-/);
    expect(await jobStatus('retry')).toMatchObject({ failed: 1, active: 2 });
  });
});

describe('backoffLimitPerIndex', () => {
  const byIndex = async (name: string, index: string, not?: string) =>
    (await livePods(name)).find(
      (p) => p.metadata.annotations?.[INDEX] === index && p.metadata.name !== not && phaseOf(p) !== 'Failed',
    );

  it('retries each index up to its own limit, then fails the Job with FailedIndexes', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('per', {
        completionMode: 'Indexed',
        completions: 3,
        parallelism: 3,
        backoffLimitPerIndex: 1,
        backoffLimit: 2147483647,
      }),
    );
    const zero = await waitFor(() => byIndex('per', '0'), 5000, 'index 0');
    expect(zero.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('0');
    await setStatus(zero, exited(1));
    const retry = await waitFor(() => byIndex('per', '0', zero.metadata.name), 5000, 'index 0 retried');
    expect(retry.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('1');
    await setStatus(retry, exited(1));
    await waitFor(async () => (await jobStatus('per')).failedIndexes === '0', 5000, 'failedIndexes 0');
    for (const index of ['1', '2']) {
      await setStatus((await waitFor(() => byIndex('per', index), 5000, `index ${index}`))!, {
        phase: 'Succeeded',
      });
    }
    const conditions = await waitCondition('per', 'Failed');
    expect(conditions.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'FailedIndexes', 'Job has failed indexes'],
    ]);
    expect(await jobStatus('per')).toMatchObject({
      completedIndexes: '1-2',
      failedIndexes: '0',
      succeeded: 2,
      failed: 2,
    });
    // The spent index was never started a third time.
    const pods = await cluster.client.list(REFS.pods, 'default', { labelSelector: `${INDEX}=0` });
    expect(pods.items).toHaveLength(2);
  });

  it('a FailIndex rule spends the index at once; past maxFailedIndexes the Job fails', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('fi', {
        completionMode: 'Indexed',
        completions: 2,
        parallelism: 2,
        backoffLimitPerIndex: 3,
        maxFailedIndexes: 0,
        backoffLimit: 2147483647,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [7] } }] },
      }),
    );
    const one = await waitFor(() => byIndex('fi', '1'), 5000, 'index 1');
    await setStatus(one, exited(7));
    const conditions = await waitCondition('fi', 'FailureTarget');
    expect(conditions.find((c) => c.type === 'FailureTarget')).toMatchObject({
      reason: 'MaxFailedIndexesExceeded',
      message: 'Job has exceeded the specified maximal number of failed indexes',
    });
    expect(await jobStatus('fi')).toMatchObject({ failedIndexes: '1' });
  });
});

describe('podFailurePolicy', () => {
  it('FailJob on an exit code fails the Job with reason PodFailurePolicy and upstream message', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('x', {
        parallelism: 2,
        completions: 2,
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
          ],
        },
      }),
    );
    const pods = await waitFor(
      async () => {
        const list = await livePods('x');
        return list.length === 2 ? list : undefined;
      },
      5000,
      'two pods',
    );
    await setStatus(pods[0], exited(42));
    const message = `Container main for pod default/${pods[0].metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    const conditions = await waitCondition('x', 'Failed');
    expect(conditions.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
    // The other pod was deleted (it never ran: counted failed at deletion, as PodGC would mark it).
    expect(await livePods('x')).toHaveLength(1);
    expect(await jobStatus('x')).toMatchObject({ failed: 2, active: 0 });
  });

  it('Ignore on DisruptionTarget does not count the failure; Count does', async () => {
    await cluster.client.create(
      REFS.jobs,
      'default',
      job('y', {
        backoffLimit: 0,
        podFailurePolicy: {
          rules: [
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
            { action: 'Count', onExitCodes: { operator: 'In', values: [3] } },
          ],
        },
      }),
    );
    const first = await waitFor(async () => (await livePods('y'))[0], 5000, 'pod');
    await setStatus(first, {
      phase: 'Failed',
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'EvictionByEvictionAPI',
          message: 'Eviction API: evicting',
        },
      ],
    });
    const second = await waitFor(
      async () =>
        (await livePods('y')).find((p) => p.metadata.name !== first.metadata.name && phaseOf(p) !== 'Failed'),
      5000,
      'replacement pod',
    );
    await waitFor(
      async () =>
        (await cluster.client.get(REFS.pods, 'default', first.metadata.name!)).metadata.finalizers ===
        undefined,
      5000,
      'ignored pod released',
    );
    expect(await jobStatus('y')).toMatchObject({ failed: 0 });
    await setStatus(second, exited(3));
    const conditions = await waitCondition('y', 'Failed');
    expect(conditions.at(-1)).toMatchObject({ reason: 'BackoffLimitExceeded' });
    expect(await jobStatus('y')).toMatchObject({ failed: 1 });
  });
});
