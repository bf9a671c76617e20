/** DaemonSet controller on an in-process cluster (3 nodes; the control plane is tainted NoSchedule). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newDaemonSetController } from './controller';
import { podNodeName } from './eligibility';

let cluster: TestCluster;

beforeEach(async () => {
  cluster = await startTestCluster();
  cluster.run(newDaemonSetController);
});
afterEach(() => cluster.close());

function daemonSet(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'a', image: 'busybox' }], ...spec },
      },
    },
  };
}

async function placement(): Promise<string[]> {
  const pods = (await cluster.client.list(REFS.pods, 'default')).items.filter(
    (p) => !p.metadata.deletionTimestamp,
  );
  return pods.map((p) => podNodeName(p) ?? '?').sort();
}

describe('daemonset controller', () => {
  it('runs one pod per untainted node and a new node gets one', async () => {
    await cluster.client.create(REFS.daemonsets, 'default', daemonSet());
    await waitFor(async () => (await placement()).length === 2, 5000, 'two pods');
    expect(await placement()).toEqual(['node01', 'node02']);
    const pod = (await cluster.client.list(REFS.pods, 'default')).items[0];
    expect((pod.spec as { tolerations: { key: string }[] }).tolerations.map((t) => t.key)).toContain(
      'node.kubernetes.io/unreachable',
    );
    expect(pod.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    const status = await waitFor(
      async () => {
        const ds = await cluster.client.get(REFS.daemonsets, 'default', 'agent');
        const s = ds.status as Record<string, number>;
        return s.currentNumberScheduled === 2 ? s : undefined;
      },
      5000,
      'status',
    );
    expect(status).toMatchObject({
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 0,
      updatedNumberScheduled: 2,
      numberUnavailable: 2,
    });

    const node03 = structuredClone(await cluster.client.get(REFS.nodes, undefined, 'node02'));
    node03.metadata = {
      name: 'node03',
      labels: { ...node03.metadata.labels, 'kubernetes.io/hostname': 'node03' },
    };
    await cluster.client.create(REFS.nodes, undefined, node03);
    await waitFor(async () => (await placement()).length === 3, 5000, 'pod on node03');
    expect(await placement()).toEqual(['node01', 'node02', 'node03']);
  });

  it('tolerating the control-plane taint and a nodeSelector change placement', async () => {
    await cluster.client.create(
      REFS.daemonsets,
      'default',
      daemonSet({
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
      }),
    );
    await waitFor(async () => (await placement()).length === 3, 5000, 'three pods');
    await cluster.client.patch(REFS.nodes, undefined, 'node01', 'merge', {
      metadata: { labels: { disk: 'ssd' } },
    });
    await cluster.client.patch(REFS.daemonsets, 'default', 'agent', 'merge', {
      spec: { template: { spec: { nodeSelector: { disk: 'ssd' } } } },
    });
    await waitFor(async () => JSON.stringify(await placement()) === '["node01"]', 5000, 'only node01');
    const revisions = (await cluster.client.list(REFS.controllerrevisions, 'default')).items;
    expect(revisions.length).toBe(2);
  });
});
