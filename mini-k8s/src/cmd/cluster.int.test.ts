import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { type Cluster, createCluster } from './cluster';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let cluster: Cluster;
const failures: string[] = [];
beforeAll(async () => {
  cluster = await createCluster({ speed: 0, onError: (c, e) => failures.push(`${c}: ${String(e)}`) });
});
afterAll(() => cluster?.close());

describe('a whole in-process cluster (scheduler, controllers, kubelets, simulated runtime)', () => {
  it('has three Ready nodes registered by their kubelets', async () => {
    const nodes = await cluster.client.list(NODES);
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['controlplane', 'node01', 'node02']);
    for (const node of nodes.items) {
      const ready = (node.status as { conditions: { type: string; status: string }[] }).conditions.find(
        (c) => c.type === 'Ready',
      );
      expect(ready?.status).toBe('True');
    }
  });

  it('runs a 3-replica Deployment to Running pods spread over the workers', async () => {
    await cluster.client.create(DEPLOYMENTS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
        },
      },
    });
    const pods = await waitFor('3 running pods', async () => {
      const list = await cluster.client.list(PODS, 'default', { labelSelector: 'app=web' });
      const running = list.items.filter((p) => (p.status as { phase?: string }).phase === 'Running');
      return running.length === 3 ? running : undefined;
    });
    const nodes = new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName));
    expect([...nodes].sort()).toEqual(['node01', 'node02']);
    const deployment = await waitFor('deployment available', async () => {
      const d = await cluster.client.get<KubeObject & { status?: { availableReplicas?: number } }>(
        DEPLOYMENTS,
        'default',
        'web',
      );
      return d.status?.availableReplicas === 3 ? d : undefined;
    });
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('serves pod logs and metrics from the kubelets through the API server', async () => {
    const pod = (await cluster.client.list(PODS, 'default', { labelSelector: 'app=web' })).items[0];
    const logs = await cluster.client.requestText(
      'GET',
      `/api/v1/namespaces/default/pods/${pod.metadata.name}/log`,
    );
    expect(logs).toContain('Configuration complete; ready for start up');
    const metrics = (await cluster.client.request(
      'GET',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
    )) as {
      items: { metadata: { name: string } }[];
    };
    expect(metrics.items.map((m) => m.metadata.name)).toContain(pod.metadata.name);
  });
});
