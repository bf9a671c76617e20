/** Node lifecycle on an in-process cluster: no kubelet renews leases here, so nodes go stale on purpose. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newNodeLifecycleController } from './controller';

let cluster: TestCluster;
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

beforeEach(async () => {
  cluster = await startTestCluster();
});
afterEach(() => cluster.close());

describe('node lifecycle controller', () => {
  it('marks a silent node unreachable, taints it, evicts pods past tolerationSeconds, and clears taints on recovery', async () => {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (const [name, seconds] of [
      ['web-1', 0],
      ['db-0', 3600],
    ] as const) {
      const pod = await cluster.client.create(REFS.pods, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          nodeName: 'node01',
          containers: [{ name: 'c', image: 'nginx' }],
          tolerations: [
            {
              key: 'node.kubernetes.io/unreachable',
              operator: 'Exists',
              effect: 'NoExecute',
              tolerationSeconds: seconds,
            },
          ],
        },
      });
      await cluster.client.updateStatus(REFS.pods, 'default', {
        ...pod,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }] },
      });
    }
    cluster.run((ctx) => newNodeLifecycleController(ctx, { gracePeriodMs: 300 }));
    const node = await waitFor(
      async () => {
        const n = await cluster.client.get(REFS.nodes, undefined, 'node01');
        return ((n.spec as { taints?: unknown[] }).taints ?? []).length === 2 ? n : undefined;
      },
      5000,
      'taints',
    );
    const ready = (
      node.status as { conditions: { type: string; status: string; reason: string; message: string }[] }
    ).conditions.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(
      (node.spec as { taints: { key: string; effect: string }[] }).taints.map((t) => `${t.key}:${t.effect}`),
    ).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    await waitFor(
      async () => {
        const pods = (await cluster.client.list(REFS.pods, 'default')).items.filter(
          (p) => !p.metadata.deletionTimestamp,
        );
        return pods.map((p) => p.metadata.name).join() === 'db-0';
      },
      5000,
      'web-1 evicted',
    );
    const db = await cluster.client.get(REFS.pods, 'default', 'db-0');
    expect(
      (db.status as { conditions: { type: string; status: string }[] }).conditions.find(
        (c) => c.type === 'Ready',
      )?.status,
    ).toBe('False');
    const events = (await cluster.client.list(EVENTS, 'default')).items.map(
      (e) => `${e.reason}: ${e.message}`,
    );
    expect(events).toContain('TaintManagerEviction: Marking for deletion Pod default/web-1');

    // Recovery: a kubelet posts Ready=True again.
    const current = await cluster.client.get(REFS.nodes, undefined, 'node01');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const conditions = (current.status as { conditions: Record<string, unknown>[] }).conditions.map((c) =>
      c.type === 'Ready' ? { ...c, status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now } : c,
    );
    await cluster.client.updateStatus(REFS.nodes, undefined, {
      ...current,
      status: { ...(current.status as object), conditions },
    });
    await waitFor(
      async () => {
        const n = await cluster.client.get(REFS.nodes, undefined, 'node01');
        return ((n.spec as { taints?: unknown[] }).taints ?? []).length === 0;
      },
      2000,
      'taints removed',
    );
  });
});
