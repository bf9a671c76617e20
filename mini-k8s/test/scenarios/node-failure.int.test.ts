/**
 * Scenario: a node fails and its pods are rescheduled. The harness only drives kubectl, so this file builds
 * the cluster with `createCluster` to stop one kubelet. The controller manager's node-lifecycle controller
 * waits 40 s (nodeMonitorGracePeriod) before it declares a node unreachable; the test runs every other
 * controller from the manager and its own node-lifecycle controller with a 15 s grace period instead
 * (above the kubelets' 10 s lease renewal, so healthy nodes stay Ready).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/object';
import { findResource } from '../../src/api/resources';
import { EventRecorder } from '../../src/client/event-recorder';
import { SharedInformerFactory } from '../../src/client/shared-informers';
import { type Cluster, createCluster } from '../../src/cmd/cluster';
import { newNodeLifecycleController } from '../../src/controllers/node-lifecycle/controller';
import { CONTROLLERS, type ManagedController } from '../../src/controllers/registry';
import { MemoryStorage } from '../../src/storage/memory/store';

const GRACE_MS = 15_000;
const pods = findResource('', 'v1', 'pods')!;
const nodes = findResource('', 'v1', 'nodes')!;
const deployments = findResource('apps', 'v1', 'deployments')!;
const events = findResource('', 'v1', 'events')!;

interface PodView {
  name: string;
  node?: string;
  phase?: string;
  terminating: boolean;
}

let cluster: Cluster;
let lifecycle: ManagedController;
let informers: SharedInformerFactory;

beforeAll(async () => {
  cluster = await createCluster({
    storage: new MemoryStorage(),
    adminToken: 'test-token',
    nodes: 3,
    speed: 0,
    controllers: Object.keys(CONTROLLERS).filter((name) => name !== 'node-lifecycle'),
  });
  const now = () => new Date();
  informers = new SharedInformerFactory(cluster.client);
  lifecycle = newNodeLifecycleController(
    {
      client: cluster.client,
      informers,
      now,
      onError: () => undefined,
      recorder: (component) => new EventRecorder(cluster.client, component, now),
    },
    { gracePeriodMs: GRACE_MS },
  );
  informers.start();
  await informers.waitForSync();
  lifecycle.start();
});

afterAll(async () => {
  await lifecycle?.stop();
  await informers?.stop();
  await cluster?.close();
});

async function podViews(): Promise<PodView[]> {
  const list = await cluster.client.list(pods, 'default', { labelSelector: 'app=web' });
  return list.items.map((p: KubeObject) => ({
    name: p.metadata.name!,
    node: (p.spec as { nodeName?: string }).nodeName,
    phase: (p.status as { phase?: string } | undefined)?.phase,
    terminating: Boolean(p.metadata.deletionTimestamp),
  }));
}

/** waitFor polls `check` every 100 ms until it returns a value, for at most `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('node failure', () => {
  it('marks the node unreachable, evicts its pods and runs replacements on the other node', async () => {
    await cluster.client.create(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27' }],
            // Without these, DefaultTolerationSeconds gives the pods 300 s on a failed node before eviction.
            tolerations: ['unreachable', 'not-ready'].map((t) => ({
              key: `node.kubernetes.io/${t}`,
              operator: 'Exists',
              effect: 'NoExecute',
              tolerationSeconds: 2,
            })),
          },
        },
      },
    } as KubeObject);
    const running = await waitFor(async () => {
      const views = await podViews();
      return views.length === 4 && views.every((v) => v.phase === 'Running') ? views : undefined;
    }, 20_000);
    const onNode01 = running.filter((v) => v.node === 'node01').map((v) => v.name);
    expect(onNode01.length).toBeGreaterThan(0);

    const kubelet = cluster.kubelets.find((k) => k.nodeName === 'node01')!;
    await kubelet.stop();

    const node = await waitFor(async () => {
      const n = await cluster.client.get(nodes, undefined, 'node01');
      const taints = ((n.spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map(
        (t) => `${t.key}:${t.effect}`,
      );
      return taints.includes('node.kubernetes.io/unreachable:NoExecute') ? n : undefined;
    }, GRACE_MS + 20_000);
    const ready = (
      node.status as { conditions: { type: string; status: string; reason: string; message: string }[] }
    ).conditions.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect((node.spec as { taints: { key: string; effect: string }[] }).taints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }),
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
      ]),
    );
    // The other nodes renew their leases and stay Ready.
    const node02 = await cluster.client.get(nodes, undefined, 'node02');
    const node02Ready = (node02.status as { conditions: { type: string; status: string }[] }).conditions.find(
      (c) => c.type === 'Ready',
    );
    expect(node02Ready?.status).toBe('True');

    // The evicted pods stay Terminating (no kubelet confirms their end), replacements run on node02.
    const after = await waitFor(async () => {
      const views = await podViews();
      const live = views.filter((v) => !v.terminating);
      return live.length === 4 && live.every((v) => v.phase === 'Running' && v.node === 'node02')
        ? views
        : undefined;
    }, 20_000);
    for (const name of onNode01) expect(after.find((v) => v.name === name)?.terminating).toBe(true);

    const evictions = await cluster.client.list(events, 'default', {
      fieldSelector: 'reason=TaintManagerEviction',
    });
    expect(evictions.items.map((e) => (e as { message?: string }).message).sort()).toEqual(
      onNode01.map((name) => `Marking for deletion Pod default/${name}`).sort(),
    );
  });
});
