import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { ApiClient } from '../client/client';
import { inProcessTransport } from '../client/transport';
import { type ControlPlane, createControlPlane } from '../cmd/control-plane';
import type { Decision } from './decisions';
import type { Node, Pod } from './framework/types';
import { Scheduler } from './scheduler';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };
const PVCS = { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespaced: true };
const STORAGE_CLASSES = {
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  namespaced: false,
};

let controlPlane: ControlPlane;
let client: ApiClient;
let scheduler: Scheduler;
const decisions: Decision[] = [];

function node(name: string, extra: Partial<Node['spec']> = {}, labels: Record<string, string> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
    spec: { ...extra },
    status: {
      capacity: { cpu: '2', memory: '4Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    },
  };
}

function pod(name: string, spec: Partial<Pod['spec']> = {}, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const nodeOf = (name: string) =>
  waitFor(
    `${name} bound`,
    async () => (await client.get<Pod>(PODS, 'default', name)).spec.nodeName || undefined,
  );

async function eventsFor(name: string): Promise<KubeObject[]> {
  const list = await client.list(EVENTS, 'default');
  return list.items.filter((e) => (e.involvedObject as { name: string }).name === name);
}

beforeAll(async () => {
  // A real in-process cluster without nodes: the test registers nodes of its own shape.
  controlPlane = await createControlPlane({ nodes: 0 });
  client = controlPlane.client;
  await client.create(
    NODES,
    undefined,
    node(
      'controlplane',
      { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
      { 'node-role.kubernetes.io/control-plane': '' },
    ),
  );
  await client.create(NODES, undefined, node('node01', {}, { disk: 'ssd' }));
  await client.create(NODES, undefined, node('node02'));
  scheduler = new Scheduler({
    client,
    onDecision: (d) => decisions.push(d),
    queue: { initialBackoffMs: 50, maxBackoffMs: 200 },
  });
  await scheduler.start();
});

afterAll(async () => {
  await scheduler?.stop();
  await controlPlane?.close();
});

describe('Scheduler on a real API server (controlplane tainted, node01, node02)', () => {
  it('binds pods to workers, spreads replicas of a service and emits Scheduled events', async () => {
    await client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await new Promise((r) => setTimeout(r, 50));
    const names = ['web-1', 'web-2'];
    for (const n of names) await client.create(PODS, 'default', pod(n, {}, { app: 'web' }));
    const placed = await Promise.all(names.map(nodeOf));
    expect(new Set(placed)).toEqual(new Set(['node01', 'node02']));
    const events = await waitFor('Scheduled event', async () => {
      const e = (await eventsFor('web-1')).find((x) => x.reason === 'Scheduled');
      return e;
    });
    expect(events.message).toBe(`Successfully assigned default/web-1 to ${placed[0]}`);
    expect(events.type).toBe('Normal');
    expect((events.source as { component: string }).component).toBe('default-scheduler');
    expect(events.reportingComponent).toBe('default-scheduler');
    const explained = scheduler.explain('default', 'web-2');
    expect(explained?.outcome).toBe('Scheduled');
    expect(explained?.nodes.find((n) => n.node === 'controlplane')?.filteredBy).toBe('TaintToleration');
  });

  it('leaves a pod asking for too much CPU Pending with the exact FailedScheduling message and condition', async () => {
    await client.create(
      PODS,
      'default',
      pod('big', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }] }),
    );
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const event = await waitFor('FailedScheduling', async () =>
      (await eventsFor('big')).find((e) => e.reason === 'FailedScheduling'),
    );
    expect(event.message).toBe(message);
    expect(event.type).toBe('Warning');
    const condition = await waitFor('PodScheduled=False', async () => {
      const p = await client.get<Pod>(PODS, 'default', 'big');
      return p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    expect(condition).toMatchObject({ reason: 'Unschedulable', message });
    expect((await client.get<Pod>(PODS, 'default', 'big')).spec.nodeName).toBeUndefined();

    // A node change retries the pod; the identical failure bumps the same event's count.
    const n2 = await client.get<Node>(NODES, undefined, 'node02');
    await client.update(NODES, undefined, {
      ...n2,
      metadata: { ...n2.metadata, labels: { ...n2.metadata.labels, touched: 'yes' } },
    });
    const repeated = await waitFor('count 2', async () => {
      const all = (await eventsFor('big')).filter((e) => e.reason === 'FailedScheduling');
      return all.length === 1 && (all[0].count as number) >= 2 ? all[0] : undefined;
    });
    expect(repeated.metadata.name).toBe(event.metadata.name);
  });

  it('lets a toleration reach the control plane and honours nodeSelector', async () => {
    await client.create(
      PODS,
      'default',
      pod('cp', {
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
      }),
    );
    await client.create(PODS, 'default', pod('ssd', { nodeSelector: { disk: 'ssd' } }));
    expect(await nodeOf('cp')).toBe('controlplane');
    expect(await nodeOf('ssd')).toBe('node01');
  });

  it('avoids a cordoned node and schedules a waiting pod when a node becomes available', async () => {
    const n1 = await client.get<Node>(NODES, undefined, 'node01');
    await client.update(NODES, undefined, { ...n1, spec: { ...n1.spec, unschedulable: true } });
    await new Promise((r) => setTimeout(r, 50));
    for (const n of ['after-cordon-1', 'after-cordon-2']) await client.create(PODS, 'default', pod(n));
    expect(await nodeOf('after-cordon-1')).toBe('node02');
    expect(await nodeOf('after-cordon-2')).toBe('node02');

    await client.create(PODS, 'default', pod('picky', { nodeSelector: { disk: 'ssd' } }));
    const event = await waitFor('FailedScheduling', async () =>
      (await eventsFor('picky')).find((e) => e.reason === 'FailedScheduling'),
    );
    expect(event.message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    const fresh = await client.get<Node>(NODES, undefined, 'node01');
    await client.update(NODES, undefined, { ...fresh, spec: { ...fresh.spec, unschedulable: false } });
    expect(await nodeOf('picky')).toBe('node01');
  });

  it('preempts a lower-priority pod: victim deleted, node nominated, preemptor bound once the victim is gone', async () => {
    for (const n of ['low-1', 'low-2']) {
      await client.create(
        PODS,
        'default',
        pod(n, {
          priority: -5,
          containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1500m' } } }],
        }),
      );
    }
    const lowNodes = await Promise.all(['low-1', 'low-2'].map(nodeOf));
    expect(new Set(lowNodes)).toEqual(new Set(['node01', 'node02']));
    await client.create(
      PODS,
      'default',
      pod('vip', {
        priority: 100,
        containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1' } } }],
      }),
    );
    const nominated = await waitFor(
      'nominatedNodeName',
      async () => (await client.get<Pod>(PODS, 'default', 'vip')).status?.nominatedNodeName,
    );
    const victim = lowNodes[0] === nominated ? 'low-1' : 'low-2';
    const preempted = await waitFor('Preempted event', async () =>
      (await eventsFor(victim)).find((e) => e.reason === 'Preempted'),
    );
    expect(preempted.message).toMatch(new RegExp(`^Preempted by pod \\S+ on node ${nominated}$`));
    // No kubelet here: finish the graceful deletion the way a kubelet would.
    await client.delete(PODS, 'default', victim, { gracePeriodSeconds: 0 }).catch(() => undefined);
    expect(await nodeOf('vip')).toBe(nominated);
    expect(scheduler.explain('default', 'vip')?.outcome).toBe('Scheduled');
  });

  it('WaitForFirstConsumer: selects a node on the claim and binds the pod once the claim is Bound', async () => {
    await client.create(STORAGE_CLASSES, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path' },
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    await client.create(PVCS, 'default', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'local-path',
        resources: { requests: { storage: '1Gi' } },
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    await client.create(
      PODS,
      'default',
      pod('with-pvc', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }),
    );
    const selected = await waitFor('selected-node annotation', async () => {
      const claim = await client.get(PVCS, 'default', 'data');
      return claim.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    });
    expect(['node01', 'node02']).toContain(selected);
    expect((await client.get<Pod>(PODS, 'default', 'with-pvc')).spec.nodeName).toBeUndefined();
    // Play the provisioner: the claim becomes Bound.
    const claim = await client.get(PVCS, 'default', 'data');
    await client.updateStatus(PVCS, 'default', { ...claim, status: { phase: 'Bound' } });
    expect(await nodeOf('with-pvc')).toBe(selected);
  });

  it('reports an event write the API server refuses to onError (the pod is still bound)', async () => {
    // An API server that refuses event creates, as one whose RBAC denies them would.
    const server = inProcessTransport(
      (request) => controlPlane.apiServer.fetch(request),
      controlPlane.adminToken,
    );
    const refusingEvents = new ApiClient({
      transport: async (request) => {
        if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/events')) {
          const status = {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'events is forbidden: test refusal',
            reason: 'Forbidden',
            code: 403,
          };
          return new Response(JSON.stringify(status), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          });
        }
        return server(request);
      },
    });
    const errors: unknown[] = [];
    const picky = new Scheduler({
      client: refusingEvents,
      schedulerName: 'picky-scheduler',
      onError: (err) => errors.push(err),
    });
    await picky.start();
    try {
      await client.create(PODS, 'default', pod('no-events', { schedulerName: 'picky-scheduler' }));
      expect(await nodeOf('no-events')).toMatch(/^node0[12]$/);
      await waitFor('the refused Scheduled event reported', async () =>
        errors.length > 0 ? true : undefined,
      );
      expect(String(errors[0])).toContain('events is forbidden: test refusal');
      expect(await eventsFor('no-events')).toEqual([]);
    } finally {
      await picky.stop();
    }
  });
});
