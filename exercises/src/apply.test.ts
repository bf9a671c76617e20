import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { applySteps, resourceOf } from './apply';
import type { Manifest, ManifestStep } from './format';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await createCluster({ speed: 0 });
});
afterAll(async () => {
  await cluster?.close();
});

const pod = (probePort?: number): Manifest => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', labels: { app: 'api' } },
  spec: {
    containers: [
      {
        name: 'api',
        image: 'nginx:1.25',
        ...(probePort ? { livenessProbe: { httpGet: { path: '/', port: probePort } } } : {}),
      },
    ],
  },
});
const apply = (manifest: Manifest): ManifestStep => ({ action: 'apply', manifest, file: 'test.yaml' });
const get = () =>
  cluster.client.get<KubeObject & { spec: { containers: { livenessProbe?: unknown }[] } }>(
    resourceOf(pod()),
    'default',
    'api',
  );

describe('applySteps', () => {
  it('creates, then recreates an object whose immutable field changed', async () => {
    await applySteps(cluster.client, 'default', [apply(pod(8080))]);
    const first = await get();
    await applySteps(cluster.client, 'default', [apply(pod())]);
    const second = await get();
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    expect(second.spec.containers[0]?.livenessProbe).toBeUndefined();
  });

  it('removes labels a later manifest drops (server-side apply ownership)', async () => {
    const labelled = pod();
    labelled.metadata.labels = { app: 'api', tier: 'web' };
    await applySteps(cluster.client, 'default', [apply(labelled)]);
    expect((await get()).metadata.labels).toEqual({ app: 'api', tier: 'web' });
    await applySteps(cluster.client, 'default', [apply(pod())]);
    expect((await get()).metadata.labels).toEqual({ app: 'api' });
  });

  it('deletes *.delete.yaml objects and ignores absent ones', async () => {
    const step: ManifestStep = { action: 'delete', manifest: pod(), file: 'old.delete.yaml' };
    await applySteps(cluster.client, 'default', [step, step]);
    await expect(get()).rejects.toThrow('pods "api" not found');
  });

  it('names an unknown kind in French', () => {
    expect(() => resourceOf({ apiVersion: 'v1', kind: 'Licorne', metadata: { name: 'x' } })).toThrow(
      'type inconnu du serveur : v1 Licorne',
    );
  });
});
