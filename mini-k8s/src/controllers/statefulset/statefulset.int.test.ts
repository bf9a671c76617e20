/**
 * StatefulSet controller on an in-process cluster. No kubelet runs: the test marks pods Running and Ready
 * through the status subresource, as a kubelet would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { REFS } from '../workload-utils/refs';
import { startTestCluster, type TestCluster, waitFor } from '../workload-utils/test-cluster';
import { newStatefulSetController } from './controller';

let cluster: TestCluster;
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

beforeEach(async () => {
  cluster = await startTestCluster();
  cluster.run(newStatefulSetController);
});
afterEach(() => cluster.close());

function statefulSet(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  };
}

async function podNames(): Promise<string[]> {
  return (await cluster.client.list(REFS.pods, 'default')).items
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!)
    .sort();
}

async function makeReady(name: string): Promise<void> {
  const pod = await cluster.client.get(REFS.pods, 'default', name);
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await cluster.client.updateStatus(REFS.pods, 'default', {
    ...pod,
    status: {
      ...(pod.status as object),
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }],
    },
  });
}

async function sts(): Promise<Record<string, unknown>> {
  return (await cluster.client.get(REFS.statefulsets, 'default', 'web')).status as Record<string, unknown>;
}

describe('statefulset controller', () => {
  it('creates pods in order, each after the previous is Running and Ready, with their claims', async () => {
    await cluster.client.create(REFS.statefulsets, 'default', statefulSet());
    for (const [i, expected] of [['web-0'], ['web-0', 'web-1'], ['web-0', 'web-1', 'web-2']].entries()) {
      await waitFor(
        async () => JSON.stringify(await podNames()) === JSON.stringify(expected),
        5000,
        expected.join(),
      );
      await new Promise((r) => setTimeout(r, 30));
      expect(await podNames()).toEqual(expected);
      await makeReady(`web-${i}`);
    }
    const pod = await cluster.client.get(REFS.pods, 'default', 'web-1');
    expect(pod.metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    const claims = (await cluster.client.list(REFS.pvcs, 'default')).items.map((c) => c.metadata.name).sort();
    expect(claims).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    const status = await waitFor(
      async () => {
        const s = await sts();
        return s.readyReplicas === 3 ? s : undefined;
      },
      5000,
      'ready',
    );
    expect(status).toMatchObject({
      replicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(status.currentRevision).toBe(status.updateRevision);
    expect(status.currentRevision).toBe(pod.metadata.labels?.['controller-revision-hash']);
    const events = (await cluster.client.list(EVENTS, 'default')).items.map((e) => e.message);
    expect(events).toContain('create Claim www-web-0 Pod web-0 in StatefulSet web success');
    expect(events).toContain('create Pod web-0 in StatefulSet web successful');

    // Scale down: highest ordinal first, claims kept.
    await cluster.client.patch(REFS.statefulsets, 'default', 'web', 'merge', { spec: { replicas: 1 } });
    await waitFor(async () => !(await podNames()).includes('web-2'), 5000, 'web-2 gone');
    await waitFor(async () => (await podNames()).length === 1, 5000, 'web-1 gone');
    expect(await podNames()).toEqual(['web-0']);
    expect((await cluster.client.list(REFS.pvcs, 'default')).items).toHaveLength(3);
  });

  it('Parallel creates every pod at once and a rolling update replaces them from the highest ordinal down to the partition', async () => {
    await cluster.client.create(
      REFS.statefulsets,
      'default',
      statefulSet({ podManagementPolicy: 'Parallel', volumeClaimTemplates: [] }),
    );
    await waitFor(async () => (await podNames()).length === 3, 5000, 'three pods');
    for (const n of await podNames()) await makeReady(n);
    const first = await waitFor(
      async () => ((await sts()).readyReplicas === 3 ? sts() : undefined),
      5000,
      'ready',
    );
    await cluster.client.patch(REFS.statefulsets, 'default', 'web', 'merge', {
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } },
      },
    });
    const revisionOf = async (n: string): Promise<string | undefined> => {
      try {
        return (await cluster.client.get(REFS.pods, 'default', n)).metadata.labels?.[
          'controller-revision-hash'
        ];
      } catch {
        return undefined;
      }
    };
    const updated = await waitFor(
      async () => {
        const s = await sts();
        return s.updateRevision !== first.updateRevision ? (s.updateRevision as string) : undefined;
      },
      5000,
      'new revision',
    );
    await waitFor(async () => (await revisionOf('web-2')) === updated, 5000, 'web-2 updated');
    await makeReady('web-2');
    await waitFor(async () => (await revisionOf('web-1')) === updated, 5000, 'web-1 updated');
    await makeReady('web-1');
    const status = await waitFor(
      async () => {
        const s = await sts();
        return s.updatedReplicas === 2 && s.readyReplicas === 3 ? s : undefined;
      },
      5000,
      'partitioned',
    );
    expect(await revisionOf('web-0')).toBe(first.currentRevision);
    expect(status.currentRevision).toBe(first.currentRevision);
    const revisions = (await cluster.client.list(REFS.controllerrevisions, 'default')).items;
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });
});
