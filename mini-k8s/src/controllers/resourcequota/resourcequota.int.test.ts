/** ResourceQuota usage controller on an in-process cluster: status follows the namespace's objects. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newResourceQuotaController } from './controller';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await startTestCluster();
  cluster.run(newResourceQuotaController);
});
afterEach(() => cluster.close());

function pod(
  name: string,
  resources: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources }], ...spec },
  };
}

async function used(name: string): Promise<Record<string, string> | undefined> {
  const quota = await cluster.client.get(REFS.resourcequotas, 'default', name);
  return (quota.status as { used?: Record<string, string> } | undefined)?.used;
}

const until = (name: string, expected: Record<string, string>) =>
  waitFor(
    async () => JSON.stringify(await used(name)) === JSON.stringify(expected),
    5000,
    `${name} used ${JSON.stringify(expected)}`,
  );

describe('ResourceQuota usage', () => {
  it('tracks pods, requests, limits and object counts as they change', async () => {
    await cluster.client.create(REFS.resourcequotas, 'default', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: 'default' },
      spec: {
        hard: {
          pods: '10',
          'requests.cpu': '2',
          'requests.memory': '2Gi',
          'limits.cpu': '4',
          configmaps: '5',
          'count/deployments.apps': '3',
          services: '4',
          'services.nodeports': '2',
        },
      },
    });
    const quota = await waitFor(
      async () => {
        const q = await cluster.client.get(REFS.resourcequotas, 'default', 'compute');
        return (q.status as { hard?: object } | undefined)?.hard && q;
      },
      5000,
      'status.hard',
    );
    expect((quota.status as { hard: object }).hard).toEqual((quota.spec as { hard: object }).hard);
    // The bootstrap kube-root-ca.crt ConfigMap may or may not exist: read the baseline.
    const base = Number((await used('compute'))?.configmaps ?? '0');
    await cluster.client.create(
      REFS.pods,
      'default',
      pod('a', { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m' } }),
    );
    await cluster.client.create(
      REFS.pods,
      'default',
      pod('b', { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1' } }),
    );
    await cluster.client.create(REFS.configmaps, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: {},
    });
    await cluster.client.create(REFS.services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await cluster.client.create(REFS.deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
        },
      },
    });
    const services = (await cluster.client.list(REFS.services, 'default')).items.length;
    await until('compute', {
      pods: '2',
      'requests.cpu': '750m',
      'requests.memory': '384Mi',
      'limits.cpu': '1500m',
      configmaps: String(base + 1),
      'count/deployments.apps': '1',
      services: String(services),
      'services.nodeports': '1',
    });
    await cluster.client.delete(REFS.pods, 'default', 'a', { gracePeriodSeconds: 0 });
    await waitFor(async () => (await used('compute'))?.pods === '1', 5000, 'pods 1');
    expect(await used('compute')).toMatchObject({
      'requests.cpu': '500m',
      'requests.memory': '256Mi',
      'limits.cpu': '1',
    });
  });

  it('counts only the pods in the quota scopes', async () => {
    await cluster.client.create(REFS.resourcequotas, 'default', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'best-effort', namespace: 'default' },
      spec: { hard: { pods: '5' }, scopes: ['BestEffort'] },
    });
    await cluster.client.create(REFS.pods, 'default', pod('free', {}));
    await cluster.client.create(REFS.pods, 'default', pod('paid', { requests: { cpu: '100m' } }));
    await until('best-effort', { pods: '1' });
  });
});
