/** Node lifecycle for a node whose kubelet never posted a status (a Node object created by hand). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newNodeLifecycleController } from './controller';

let cluster: TestCluster;

beforeEach(async () => {
  cluster = await startTestCluster();
});
afterEach(() => cluster.close());

const createBareNode = () =>
  cluster.client.create(REFS.nodes, undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node03', labels: { 'kubernetes.io/hostname': 'node03' } },
  } as KubeObject);

const taintsOf = (node: KubeObject): string[] =>
  ((node.spec as { taints?: { key: string; effect: string }[] } | undefined)?.taints ?? []).map(
    (t) => `${t.key}:${t.effect}`,
  );

describe('node lifecycle: never-posted nodes', () => {
  it('leaves a node without status alone during the startup grace period', async () => {
    cluster.run((ctx) =>
      newNodeLifecycleController(ctx, { gracePeriodMs: 100, startupGracePeriodMs: 60_000 }),
    );
    await createBareNode();
    // Touch the node so the controller reconciles it again after creation.
    await cluster.client.patch(REFS.nodes, undefined, 'node03', 'merge', {
      metadata: { labels: { x: 'y' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const node = await cluster.client.get(REFS.nodes, undefined, 'node03');
    expect(taintsOf(node)).toEqual([]);
    expect((node.status as { conditions?: unknown[] } | undefined)?.conditions ?? []).toEqual([]);
  });

  it('after the startup grace period reports it as never updated and taints it unreachable', async () => {
    cluster.run((ctx) =>
      newNodeLifecycleController(ctx, { gracePeriodMs: 60_000, startupGracePeriodMs: 200 }),
    );
    await createBareNode();
    const node = await waitFor(
      async () => {
        const n = await cluster.client.get(REFS.nodes, undefined, 'node03');
        return taintsOf(n).length === 2 ? n : undefined;
      },
      5000,
      'taints',
    );
    expect(taintsOf(node)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    const conditions = (node.status as { conditions: Record<string, string>[] }).conditions;
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual(
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => [
        type,
        'Unknown',
        'NodeStatusNeverUpdated',
        'Kubelet never posted node status.',
      ]),
    );
    expect(conditions[0].lastHeartbeatTime).toBe(node.metadata.creationTimestamp);
  });
});
