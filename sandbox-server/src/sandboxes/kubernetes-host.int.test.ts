/**
 * The sandbox manager's lifecycle on RUNTIME=kubernetes, against an in-process mini-k8s as the host: a
 * sleeping sandbox runs nothing on the host (its namespace and the learner nodes' volumes stay), waking
 * starts its pods again, an expired sandbox loses its namespace, and namespaces no sandbox owns are
 * collected. (The whole platform process, real kubectl, RBAC and credentials: test/kubernetes-runtime.int.test.ts.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKind } from '../../../mini-k8s/src/api/resources';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { ApiClient } from '../../../mini-k8s/src/client/client';
import { inProcessTransport } from '../../../mini-k8s/src/client/transport';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import { waitFor } from '../../../mini-k8s/test/integration/harness';
import { testPlatform, type TestPlatform } from '../../test/support/services';
import { KubernetesHost } from './kubernetes-host';

const PODS = findKind('', 'v1', 'Pod')!;
const NAMESPACES = findKind('', 'v1', 'Namespace')!;

let hostCluster: Cluster;
let server: http.Server;
let admin: ApiClient;
let host: KubernetesHost;
let p: TestPlatform;

beforeAll(async () => {
  hostCluster = await createCluster({ speed: 0 });
  server = http.createServer(getRequestListener(hostCluster.apiServer.fetch));
  server.on('upgrade', (req, socket, head) => hostCluster.apiServer.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = new ApiClient({
    transport: inProcessTransport(hostCluster.apiServer.fetch, hostCluster.adminToken),
  });
  host = new KubernetesHost(
    { client: admin, streams: { baseUrl, token: hostCluster.adminToken }, source: 'test', server: baseUrl },
    'atelier-m-',
    { maxPods: 20 },
  );
  p = testPlatform({ limits: { runtime: 'kubernetes', nodes: 2 }, kubernetesHost: host });
}, 60_000);

afterAll(async () => {
  await p?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await hostCluster?.close();
});

async function hostPods(namespace: string): Promise<KubeObject[]> {
  const list = await admin.list(PODS, namespace, { labelSelector: 'atelier.dev/runtime' });
  return list.items.filter((pod) => !pod.metadata.deletionTimestamp);
}

async function namespaceGone(name: string): Promise<true | undefined> {
  const ns = await admin.get(NAMESPACES, undefined, name).catch(() => undefined);
  return ns === undefined || ns.metadata.deletionTimestamp ? true : undefined;
}

describe('sandbox lifecycle on a Kubernetes host', () => {
  it('stops the host pods while asleep, starts them on wake, and deletes the namespace on expiry', async () => {
    await p.services.db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', ['ana']);
    const { sandbox } = await p.services.sandboxes.ensureFor('ana');
    expect(sandbox.runtime).toBe('kubernetes');
    const ns = host.namespaceOf(sandbox.id);
    const cluster = await p.services.sandboxes.acquire(sandbox.id);
    await cluster.client.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'box' },
      spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    } as KubeObject);
    await waitFor('the pod on the host', async () => {
      const roles = (await hostPods(ns)).map((pod) => pod.metadata.labels?.['atelier.dev/role']).sort();
      return roles.join() === 'pod' ? roles : undefined;
    });
    const quota = await admin.get(findKind('', 'v1', 'ResourceQuota')!, ns, 'sandbox');
    expect(quota.spec).toMatchObject({ hard: { pods: '20' } });

    // Asleep: nothing of the sandbox runs on the host, its namespace stays.
    await p.services.sandboxes.sleep(sandbox.id);
    await waitFor('no host pod while asleep', async () =>
      (await hostPods(ns)).length === 0 ? true : undefined,
    );
    expect((await admin.get(NAMESPACES, undefined, ns)).metadata.deletionTimestamp).toBeUndefined();

    // Awake: the learner's kubelet starts the pod again on the host.
    await p.services.sandboxes.acquire(sandbox.id);
    await waitFor('the container back on the host', async () =>
      (await hostPods(ns)).some((pod) => pod.metadata.labels?.['atelier.dev/role'] === 'pod')
        ? true
        : undefined,
    );

    // Expired: the namespace goes with everything in it.
    p.clock.now += 2 * 3_600_000;
    const swept = await p.services.sandboxes.sweep();
    expect(swept.expired).toEqual([sandbox.id]);
    await waitFor('the namespace to go', () => namespaceGone(ns));
  }, 120_000);

  it('tells the learner, in the pod’s events, that the host refused its pod (quota)', async () => {
    // A host quota of no pod at all: the learner pod's host pod is refused by the host's ResourceQuota.
    const full = testPlatform({
      limits: { runtime: 'kubernetes', nodes: 2 },
      kubernetesHost: new KubernetesHost(host.host, 'atelier-q-', { maxPods: 0 }),
    });
    try {
      await full.services.db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', [
        'cy',
      ]);
      const { sandbox } = await full.services.sandboxes.ensureFor('cy');
      const cluster = await full.services.sandboxes.acquire(sandbox.id);
      await cluster.client.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'box' },
        spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
      } as KubeObject);
      const event = await waitFor('the FailedCreatePodSandBox event', async () => {
        const events = await cluster.client.list(findKind('', 'v1', 'Event')!, 'default');
        return events.items.find(
          (e) => (e as unknown as { reason?: string }).reason === 'FailedCreatePodSandBox',
        );
      });
      expect((event as unknown as { message: string }).message).toMatch(
        /^Failed to create pod sandbox: .*exceeded quota/,
      );
      const pod = await cluster.client.get(PODS, 'default', 'box');
      expect((pod.status as { phase?: string }).phase).toBe('Pending');
    } finally {
      await full.close();
    }
  }, 120_000);

  it('collects the namespaces of sandboxes that no longer exist, and keeps the others', async () => {
    await p.services.db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', ['ben']);
    const { sandbox } = await p.services.sandboxes.ensureFor('ben');
    const cluster = await p.services.sandboxes.acquire(sandbox.id);
    await cluster.client.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'box' },
      spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    } as KubeObject);
    const kept = host.namespaceOf(sandbox.id);
    await waitFor('ben’s namespace', async () => ((await hostPods(kept)).length > 0 ? true : undefined));
    // A namespace of a deleted sandbox (the platform crashed before deleting it), and one of another prefix.
    const orphan = host.namespaceOf('deleted-sandbox');
    for (const [name, id] of [
      [orphan, 'deleted-sandbox'],
      ['other-0000', 'deleted-sandbox'],
    ]) {
      await admin.create(NAMESPACES, undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: { 'atelier.dev/sandbox-namespace': 'true' },
          annotations: { 'atelier.dev/sandbox-id': id },
        },
      });
    }
    expect(await p.services.sandboxes.collectHostLeftovers()).toEqual([orphan]);
    await waitFor('the orphan namespace to go', () => namespaceGone(orphan));
    expect((await admin.get(NAMESPACES, undefined, kept)).metadata.deletionTimestamp).toBeUndefined();
    expect((await admin.get(NAMESPACES, undefined, 'other-0000')).metadata.deletionTimestamp).toBeUndefined();
  }, 120_000);
});
