import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { findResource } from '../api/resources';
import type { ApiClient } from '../client/client';
import { createControlPlane, type ControlPlane } from '../cmd/control-plane';
import { isNotFound } from '../machinery/errors';
import { type ControllerManager, startControllerManager } from './manager';

const R = {
  pods: findResource('', 'v1', 'pods')!,
  services: findResource('', 'v1', 'services')!,
  endpoints: findResource('', 'v1', 'endpoints')!,
  namespaces: findResource('', 'v1', 'namespaces')!,
  configmaps: findResource('', 'v1', 'configmaps')!,
  serviceaccounts: findResource('', 'v1', 'serviceaccounts')!,
  events: findResource('', 'v1', 'events')!,
  deployments: findResource('apps', 'v1', 'deployments')!,
  replicasets: findResource('apps', 'v1', 'replicasets')!,
  endpointslices: findResource('discovery.k8s.io', 'v1', 'endpointslices')!,
};

async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`condition not met in time${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** markReady plays the kubelet: gives each pod an IP and a Ready condition through the status subresource. */
async function markReady(client: ApiClient, pods: KubeObject[], ready = true): Promise<void> {
  for (const [i, pod] of pods.entries()) {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await client.updateStatus(R.pods, pod.metadata.namespace, {
      ...pod,
      status: {
        phase: 'Running',
        podIP: `10.244.1.${10 + i}`,
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
      },
    });
  }
}

function deployment(name: string, replicas: number, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, ports: [{ name: 'http', containerPort: 80 }] }] },
      },
    },
  };
}

const listPods = async (client: ApiClient, selector: string): Promise<KubeObject[]> =>
  (await client.list(R.pods, 'default', { labelSelector: selector })).items.filter(
    (p) => !p.metadata.deletionTimestamp,
  );

describe('controller manager on an in-process cluster', () => {
  let cp: ControlPlane;
  let manager: ControllerManager;
  const errors: unknown[] = [];

  beforeEach(async () => {
    cp = await createControlPlane({ adminToken: 'test-token', nodes: 3 });
    manager = startControllerManager({
      client: cp.client,
      rootCaPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      onError: (_c, _k, err) => errors.push(err),
    });
    await manager.ready;
  });

  afterEach(async () => {
    await manager.stop();
    await cp.close();
  });

  it('rolls a Deployment out, updates its image, keeps history and undoes', async () => {
    const { client } = cp;
    await client.create(R.deployments, 'default', deployment('web', 3, 'nginx:1.25'));
    const pods = await eventually(async () => {
      const p = await listPods(client, 'app=web');
      return p.length === 3 && p;
    });
    expect(pods[0].metadata.name).toMatch(
      /^web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      controller: true,
      blockOwnerDeletion: true,
    });
    await markReady(client, pods);
    const d1 = await eventually(async () => {
      const d = await client.get(R.deployments, 'default', 'web');
      const s = d.status as Record<string, unknown>;
      return s.availableReplicas === 3 && s.updatedReplicas === 3 && d;
    });
    expect(d1.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const conditions = (d1.status as { conditions: { type: string; reason: string; message: string }[] })
      .conditions;
    expect(conditions.map((c) => [c.type, c.reason])).toEqual([
      ['Available', 'MinimumReplicasAvailable'],
      ['Progressing', 'NewReplicaSetAvailable'],
    ]);
    const rs1 = (await client.list(R.replicasets, 'default')).items[0];
    expect(conditions[1].message).toBe(`ReplicaSet "${rs1.metadata.name}" has successfully progressed.`);
    expect(rs1.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });

    // kubectl set image: a strategic merge patch of the template, plus a change-cause annotation.
    await client.patch(R.deployments, 'default', 'web', 'merge', {
      metadata: { annotations: { 'kubernetes.io/change-cause': 'set image to 1.26' } },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'app', image: 'nginx:1.26', ports: [{ name: 'http', containerPort: 80 }] }],
          },
        },
      },
    });
    // Play the kubelet until the rollout completes: every new pod becomes Ready.
    const done = await eventually(async () => {
      const current = await listPods(client, 'app=web');
      const notReady = current.filter((p) => !(p.status as { podIP?: string } | undefined)?.podIP);
      if (notReady.length) await markReady(client, notReady);
      const d = await client.get(R.deployments, 'default', 'web');
      const s = d.status as Record<string, unknown>;
      const observed = s.observedGeneration === d.metadata.generation;
      return observed && s.updatedReplicas === 3 && s.replicas === 3 && s.availableReplicas === 3 && d;
    }, 20_000);
    expect(done.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const rss = (await client.list(R.replicasets, 'default')).items;
    expect(rss).toHaveLength(2);
    const rs2 = rss.find((r) => r.metadata.name !== rs1.metadata.name)!;
    expect(rs2.metadata.annotations?.['kubernetes.io/change-cause']).toBe('set image to 1.26');
    expect(
      (rs2.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]
        .image,
    ).toBe('nginx:1.26');
    await eventually(async () => {
      const old = await client.get(R.replicasets, 'default', rs1.metadata.name!);
      return (old.spec as { replicas: number }).replicas === 0;
    });
    const events = (await client.list(R.events, 'default')).items.filter(
      (e) => e.reason === 'ScalingReplicaSet',
    );
    const messages = events.map((e) => e.message);
    expect(messages).toContain(`Scaled up replica set ${rs1.metadata.name} from 0 to 3`);
    expect(messages).toContain(`Scaled up replica set ${rs2.metadata.name} from 0 to 1`);
    expect(
      messages.some((m) => String(m).startsWith(`Scaled down replica set ${rs1.metadata.name} from 3 to `)),
    ).toBe(true);

    // kubectl rollout undo: writes the old ReplicaSet's template back (without pod-template-hash).
    const oldTemplate = structuredClone(
      (rs1.spec as { template: { metadata: { labels: Record<string, string> } } }).template,
    );
    delete oldTemplate.metadata.labels['pod-template-hash'];
    await client.patch(R.deployments, 'default', 'web', 'json', [
      { op: 'replace', path: '/spec/template', value: oldTemplate },
    ]);
    await eventually(async () => {
      const current = await listPods(client, 'app=web');
      const notReady = current.filter((p) => !(p.status as { podIP?: string } | undefined)?.podIP);
      if (notReady.length) await markReady(client, notReady);
      const back = await client.get(R.replicasets, 'default', rs1.metadata.name!);
      const d = await client.get(R.deployments, 'default', 'web');
      return (
        back.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3' &&
        back.metadata.annotations?.['deployment.kubernetes.io/revision-history'] === '1' &&
        d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3' &&
        (d.status as { updatedReplicas?: number }).updatedReplicas === 3 &&
        (d.status as { replicas?: number }).replicas === 3
      );
    }, 20_000);
    expect((await client.list(R.replicasets, 'default')).items).toHaveLength(2);
  });

  it('scales a ReplicaSet up and down, deleting unscheduled pods first', async () => {
    const { client } = cp;
    await client.create(R.deployments, 'default', deployment('api', 2, 'httpd'));
    await eventually(async () => (await listPods(client, 'app=api')).length === 2);
    await client.patch(R.deployments, 'default', 'api', 'merge', { spec: { replicas: 5 } });
    const five = await eventually(async () => {
      const p = await listPods(client, 'app=api');
      return p.length === 5 && p;
    });
    await markReady(client, five.slice(0, 2));
    await client.patch(R.deployments, 'default', 'api', 'merge', { spec: { replicas: 2 } });
    const two = await eventually(async () => {
      const p = await listPods(client, 'app=api');
      return p.length === 2 && p;
    });
    // The Ready pods are kept; the not-ready ones went first.
    expect(two.map((p) => p.metadata.name).sort()).toEqual(
      five
        .slice(0, 2)
        .map((p) => p.metadata.name)
        .sort(),
    );
    const rs = (await client.list(R.replicasets, 'default')).items[0];
    const events = (await client.list(R.events, 'default')).items.filter(
      (e) => (e.involvedObject as { name: string }).name === rs.metadata.name,
    );
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(5);
    expect(events.filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(3);
    expect(String(events.find((e) => e.reason === 'SuccessfulCreate')!.message)).toMatch(
      /^Created pod: api-/,
    );
  });

  it.each([
    ['Background', true],
    ['Foreground', true],
    ['Orphan', false],
  ] as const)(
    'deletes a Deployment with propagation %s (dependents removed: %s)',
    async (policy, removed) => {
      const { client } = cp;
      await client.create(R.deployments, 'default', deployment('gc', 2, 'nginx'));
      await eventually(async () => (await listPods(client, 'app=gc')).length === 2);
      await client.delete(R.deployments, 'default', 'gc', { propagationPolicy: policy });
      await eventually(async () => {
        try {
          await client.get(R.deployments, 'default', 'gc');
          return false;
        } catch (err) {
          return isNotFound(err);
        }
      });
      if (removed) {
        await eventually(async () => (await client.list(R.replicasets, 'default')).items.length === 0);
        await eventually(async () => (await client.list(R.pods, 'default')).items.length === 0);
      } else {
        const rss = (await client.list(R.replicasets, 'default')).items;
        expect(rss).toHaveLength(1);
        await eventually(
          async () =>
            !(await client.get(R.replicasets, 'default', rss[0].metadata.name!)).metadata.ownerReferences,
        );
        expect((await listPods(client, 'app=gc')).length).toBe(2);
      }
    },
  );

  it('publishes Endpoints and EndpointSlices that follow readiness', async () => {
    const { client } = cp;
    await client.create(R.deployments, 'default', deployment('shop', 2, 'nginx'));
    await client.create(R.services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { selector: { app: 'shop' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    const pods = await eventually(async () => {
      const p = await listPods(client, 'app=shop');
      return p.length === 2 && p;
    });
    await markReady(client, [pods[0]], true);
    await markReady(client, [pods[1]], false);
    const ep = await eventually(async () => {
      const e = await client.get(R.endpoints, 'default', 'shop');
      const s = (e.subsets as { addresses?: unknown[]; notReadyAddresses?: unknown[] }[] | undefined)?.[0];
      return s?.addresses?.length === 1 && s.notReadyAddresses?.length === 1 && e;
    });
    expect((ep.subsets as { ports: unknown[] }[])[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    const slice = await eventually(async () => {
      const items = (
        await client.list(R.endpointslices, 'default', { labelSelector: 'kubernetes.io/service-name=shop' })
      ).items;
      return items.length === 1 && (items[0].endpoints as unknown[] | null)?.length === 2 && items[0];
    });
    expect(slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe(
      'endpointslice-controller.k8s.io',
    );
    expect(slice.metadata.name).toMatch(/^shop-[a-z0-9]{5}$/);
    const conditions = (slice.endpoints as { conditions: { ready: boolean } }[])
      .map((e) => e.conditions.ready)
      .sort();
    expect(conditions).toEqual([false, true]);
  });

  it('creates the default ServiceAccount and root CA, and empties a namespace being deleted', async () => {
    const { client } = cp;
    await client.create(R.namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    await eventually(
      async () => (await client.get(R.serviceaccounts, 'team', 'default')).metadata.name === 'default',
    );
    const cm = await eventually(() => client.get(R.configmaps, 'team', 'kube-root-ca.crt'));
    expect(Object.keys(cm.data as object)).toEqual(['ca.crt']);
    await client.delete(R.serviceaccounts, 'team', 'default');
    await eventually(async () => !!(await client.get(R.serviceaccounts, 'team', 'default')));
    await client.create(R.configmaps, 'team', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
    });
    await client.delete(R.namespaces, undefined, 'team');
    await eventually(async () => {
      try {
        await client.get(R.namespaces, undefined, 'team');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
    expect((await client.list(R.configmaps, 'team')).items).toHaveLength(0);
  });
});
