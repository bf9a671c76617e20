/**
 * The official JavaScript client (@kubernetes/client-node 1.4) against a cluster started as `mini-k8s up`
 * starts one: HTTPS with the generated CA and the admin bearer token from the written kubeconfig. It
 * lists, gets, creates, replaces, patches (merge, strategic, JSON) and deletes, and its Watch receives
 * ADDED, MODIFIED and DELETED events.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
let config: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

beforeAll(async () => {
  t = await startTestCluster(1);
  config = new KubeConfig();
  config.loadFromFile(t.cluster.kubeconfigPath);
  core = config.makeApiClient(CoreV1Api);
  apps = config.makeApiClient(AppsV1Api);
});
afterAll(async () => {
  await t?.stop();
});

const NS = 'default';

function configMap(name: string, data: Record<string, string>): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { suite: 'client-node' } }, data };
}

const DEPLOYMENT: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    },
  },
};

/** WatchEvent is one event the client-node Watch delivered. */
interface WatchEvent {
  type: string;
  name: string;
  data: Record<string, string> | undefined;
}

/** waitFor polls `predicate` every few ms until it holds or the deadline passes. */
async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('@kubernetes/client-node against mini-k8s', () => {
  it('reads the server version and the default namespaces', async () => {
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name).sort()).toEqual([
      'default',
      'ingress-nginx',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    const service = await core.readNamespacedService({ name: 'kubernetes', namespace: NS });
    expect(service.spec?.ports?.[0]).toMatchObject({ name: 'https', port: 443, protocol: 'TCP' });
  });

  it('creates, gets, lists with a label selector and replaces a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('settings', { mode: 'dev' }),
    });
    expect(created.metadata).toMatchObject({ name: 'settings', namespace: NS });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const got = await core.readNamespacedConfigMap({ name: 'settings', namespace: NS });
    expect(got.data).toEqual({ mode: 'dev' });
    const listed = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'suite=client-node' });
    expect(listed.items.map((cm) => cm.metadata?.name)).toEqual(['settings']);
    expect(Number(listed.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
      Number(created.metadata?.resourceVersion),
    );
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: NS,
      body: { ...got, data: { mode: 'prod' } },
    });
    expect(replaced.data).toEqual({ mode: 'prod' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(got.metadata?.resourceVersion));
  });

  it('surfaces a stale replace as a 409 ApiException with a Status body', async () => {
    const stale = configMap('settings', { mode: 'stale' });
    stale.metadata = { ...stale.metadata, resourceVersion: '1' };
    const error = await core
      .replaceNamespacedConfigMap({ name: 'settings', namespace: NS, body: stale })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiException);
    const apiError = error as ApiException<string>;
    expect(apiError.code).toBe(409);
    expect(JSON.parse(apiError.body)).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('patches with merge, strategic merge and JSON patch content types', async () => {
    const merged = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: NS, body: { data: { extra: 'yes' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ mode: 'prod', extra: 'yes' });

    const json = await core.patchNamespacedConfigMap(
      {
        name: 'settings',
        namespace: NS,
        body: [
          { op: 'test', path: '/data/mode', value: 'prod' },
          { op: 'remove', path: '/data/extra' },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.data).toEqual({ mode: 'prod' });

    await apps.createNamespacedDeployment({ namespace: NS, body: DEPLOYMENT });
    // Strategic merge: containers merge by name, so the image changes and the ports stay.
    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: NS,
        body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers).toEqual([
      expect.objectContaining({
        name: 'nginx',
        image: 'nginx:1.28',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      }),
    ]);
    expect(strategic.metadata?.generation).toBe(2);
    // Defaults are applied as on a real cluster.
    expect(strategic.spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
  });

  it('applies server-side with a field manager', async () => {
    const applied = await core.patchNamespacedConfigMap(
      {
        name: 'applied',
        namespace: NS,
        fieldManager: 'client-node-test',
        body: configMap('applied', { owner: 'ssa' }),
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(applied.data).toEqual({ owner: 'ssa' });
    expect(applied.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toEqual([
      ['client-node-test', 'Apply'],
    ]);
  });

  it('watches ADDED, MODIFIED and DELETED events', async () => {
    const events: WatchEvent[] = [];
    let ended: unknown = 'still open';
    const watch = new Watch(config);
    const controller = await watch.watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { labelSelector: 'suite=watched' },
      (type, object: V1ConfigMap) =>
        events.push({ type, name: object.metadata?.name ?? '', data: object.data }),
      (err: unknown) => {
        ended = err;
      },
    );
    try {
      const body = {
        ...configMap('watched', { step: '1' }),
        metadata: { name: 'watched', labels: { suite: 'watched' } },
      };
      await core.createNamespacedConfigMap({ namespace: NS, body });
      await core.patchNamespacedConfigMap(
        { name: 'watched', namespace: NS, body: { data: { step: '2' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: NS });
      await waitFor(() => events.length >= 3);
      expect(events).toEqual([
        { type: 'ADDED', name: 'watched', data: { step: '1' } },
        { type: 'MODIFIED', name: 'watched', data: { step: '2' } },
        { type: 'DELETED', name: 'watched', data: { step: '2' } },
      ]);
      expect(ended).toBe('still open');
    } finally {
      controller.abort();
    }
  });

  it('deletes and then reports 404 NotFound', async () => {
    const status = await apps.deleteNamespacedDeployment({ name: 'web', namespace: NS });
    // Immediate deletion answers a success Status naming the object, as upstream's finalizeDelete does.
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    expect(status.details?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const error = (await apps
      .readNamespacedDeployment({ name: 'web', namespace: NS })
      .catch((err: unknown) => err)) as ApiException<string>;
    expect(error.code).toBe(404);
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "web" not found',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });
});
