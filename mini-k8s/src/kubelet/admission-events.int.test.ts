/**
 * Kubelet admission rejections seen through the events of a whole in-process cluster: every pod the
 * runtime refuses gets the kubelet's Warning event next to the scheduler's Scheduled one. Regression for
 * the flaky Docker test whose Warning never showed: the scheduler and the kubelet each wrote their first
 * event about the pod in the same millisecond with the same per-recorder counter, hence the same event
 * name, and the second create was refused (409 AlreadyExists) and dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { type Cluster, createCluster } from '../cmd/cluster';
import type { AdmissionRejection } from './runtime/runtime';
import { SimulatedRuntime } from './runtime/simulated/simulated-runtime';
import type { Pod } from './types';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const POD_COUNT = 20;

/** RefusingRuntime refuses the pods labelled `refuse`, as the Docker runtime refuses privileged pods. */
class RefusingRuntime extends SimulatedRuntime {
  admitPod(pod: Pod): AdmissionRejection | undefined {
    if (!pod.metadata.labels?.refuse) return undefined;
    return {
      reason: 'PodSecurityForbidden',
      message: `pod "${pod.metadata.name}" is not allowed on this platform`,
    };
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let cluster: Cluster;
const failures: string[] = [];
beforeAll(async () => {
  cluster = await createCluster({
    speed: 0,
    // The control plane is tainted: every pod goes to node01, whose kubelet emits nothing but the
    // rejections, so its event counter moves in step with the scheduler's (the Docker test's situation).
    nodes: 2,
    onError: (component, err) => failures.push(`${component}: ${String(err)}`),
    runtime: (node) =>
      new RefusingRuntime({ nodeName: node.name, speed: 0, podCidr: node.podCidr, nodeIp: node.nodeIp }),
  });
});
afterAll(() => cluster?.close());

describe('kubelet admission rejections in a whole cluster', () => {
  it("records the kubelet's Warning next to the scheduler's Scheduled for every refused pod", async () => {
    const { client } = cluster;
    for (let i = 0; i < POD_COUNT; i++) {
      const name = `refused-${i}`;
      await client.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { refuse: 'yes' } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      });
      // One pod at a time, as the Docker test: each is scheduled then refused before the next exists.
      await waitFor(`${name} Failed`, async () => {
        const pod = await client.get<KubeObject & { status?: { phase?: string } }>(PODS, 'default', name);
        return pod.status?.phase === 'Failed' ? pod : undefined;
      });
    }
    const reasonsByPod = await waitFor('both events of every pod', async () => {
      const events = await client.list(EVENTS, 'default');
      const byPod = new Map<string, string[]>();
      for (const e of events.items) {
        const name = String((e.involvedObject as { name?: string }).name);
        byPod.set(name, [...(byPod.get(name) ?? []), String(e.reason)].sort());
      }
      const complete = [...byPod.values()].filter((r) => r.length === 2).length === POD_COUNT;
      return complete ? byPod : undefined;
    }).catch(async (err: unknown) => {
      // Say which pods lack which event, and why the recorders failed (a 409 is a name collision).
      const events = await client.list(EVENTS, 'default');
      const seen = events.items.map((e) => `${e.metadata.name} ${String(e.reason)}`);
      throw new Error(`${String(err)}\nevents:\n${seen.join('\n')}\nerrors:\n${failures.join('\n')}`);
    });
    for (let i = 0; i < POD_COUNT; i++) {
      expect(reasonsByPod.get(`refused-${i}`)).toEqual(['PodSecurityForbidden', 'Scheduled']);
    }
    expect(failures.filter((f) => f.includes('already exists'))).toEqual([]);
  });
});
