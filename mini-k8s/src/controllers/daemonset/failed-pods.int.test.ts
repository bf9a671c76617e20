/**
 * DaemonSet failed-pod handling on an in-process cluster with a controlled clock: a Failed daemon pod is
 * deleted (FailedDaemonPod event) and recreated at the next pass; a second failure on the same node within
 * the back-off (1 s) is left alone until the clock passes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newDaemonSetController } from './controller';
import { podNodeName } from './eligibility';

let cluster: TestCluster;
let clock = Date.parse('2026-03-01T10:00:00Z');

beforeEach(async () => {
  cluster = await startTestCluster({ now: () => new Date(clock) });
  cluster.run(newDaemonSetController);
});
afterEach(() => cluster.close());

const DS: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'a', image: 'busybox' }] },
    },
  },
};

async function podOn(node: string): Promise<KubeObject | undefined> {
  const pods = (await cluster.client.list(REFS.pods, 'default')).items;
  return pods.find((p) => podNodeName(p) === node && !p.metadata.deletionTimestamp);
}

async function fail(pod: KubeObject): Promise<void> {
  await cluster.client.updateStatus(REFS.pods, 'default', { ...pod, status: { phase: 'Failed' } });
}

async function failedPodEvents(): Promise<string[]> {
  const list = await cluster.client.list(
    { group: '', version: 'v1', resource: 'events', namespaced: true },
    'default',
  );
  return list.items.filter((e) => e.reason === 'FailedDaemonPod').map((e) => String(e.message));
}

describe('daemonset failed pods', () => {
  it('deletes a failed daemon pod, recreates it, and backs off a repeated failure', async () => {
    await cluster.client.create(REFS.daemonsets, 'default', DS);
    const first = await waitFor(() => podOn('node01'), 5000, 'pod on node01');
    await fail(first);
    const second = await waitFor(
      async () => {
        const pod = await podOn('node01');
        return pod && pod.metadata.name !== first.metadata.name ? pod : undefined;
      },
      5000,
      'replacement pod',
    );
    expect(await failedPodEvents()).toEqual([
      `Found failed daemon pod default/${first.metadata.name} on node node01, will try to kill it`,
    ]);

    // The clock is frozen inside the 1 s back-off: the new failed pod stays while other syncs happen.
    await fail(second);
    // A spec change (no template change) forces a pass that sees the failed pod: observedGeneration 2.
    await cluster.client.patch(REFS.daemonsets, 'default', 'agent', 'merge', {
      spec: { revisionHistoryLimit: 5 },
    });
    await waitFor(
      async () => {
        const ds = await cluster.client.get(REFS.daemonsets, 'default', 'agent');
        return (ds.status as { observedGeneration?: number }).observedGeneration === 2;
      },
      5000,
      'a pass after the failure',
    );
    const held = await podOn('node01');
    expect(held?.metadata.name).toBe(second.metadata.name);
    expect((held?.status as { phase?: string }).phase).toBe('Failed');
    expect(await failedPodEvents()).toHaveLength(1);

    clock += 1_500;
    const third = await waitFor(
      async () => {
        const pod = await podOn('node01');
        return pod && pod.metadata.name !== second.metadata.name ? pod : undefined;
      },
      5000,
      'replacement after the back-off',
    );
    expect(third.metadata.name).not.toBe(first.metadata.name);
    expect(await failedPodEvents()).toContain(
      `Found failed daemon pod default/${second.metadata.name} on node node01, will try to kill it`,
    );
  });
});
