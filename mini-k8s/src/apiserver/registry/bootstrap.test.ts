import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../storage/memory/store';
import { SqliteStorage } from '../../storage/sqlite/store';
import { bootstrapCluster, createRegistry } from './index';
import { res, R, testContext } from './test-support';

describe('bootstrapCluster', () => {
  it('creates the system objects', async () => {
    const registry = createRegistry({ storage: new MemoryStorage() });
    const ctx = testContext();
    await bootstrapCluster(registry, ctx, { advertiseAddress: '10.0.0.5' });
    const namespaces = await registry.list(R.namespaces, undefined, {}, ctx);
    expect(namespaces.items.map((n) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    const svc = await registry.get(R.services, 'default', 'kubernetes', ctx);
    expect(svc.spec).toMatchObject({
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, targetPort: 6443 }],
    });
    const endpoints = await registry.get(res('', 'v1', 'endpoints'), 'default', 'kubernetes', ctx);
    expect(endpoints.subsets).toEqual([
      { addresses: [{ ip: '10.0.0.5' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
    const sc = await registry.get(res('storage.k8s.io', 'v1', 'storageclasses'), undefined, 'standard', ctx);
    expect(sc).toMatchObject({
      provisioner: 'atelier.local/hostpath',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    const accounts = await registry.list(R.serviceaccounts, undefined, {}, ctx);
    expect(accounts.items).toHaveLength(4);
    await registry.get(res('networking.k8s.io', 'v1', 'ingressclasses'), undefined, 'nginx', ctx);
    await registry.get(
      res('scheduling.k8s.io', 'v1', 'priorityclasses'),
      undefined,
      'system-node-critical',
      ctx,
    );
  });

  it('is idempotent: a second run writes nothing', async () => {
    const storage = new MemoryStorage();
    const registry = createRegistry({ storage });
    await bootstrapCluster(registry, testContext());
    const revision = storage.currentRevision();
    await bootstrapCluster(createRegistry({ storage }), testContext());
    expect(storage.currentRevision()).toBe(revision);
  });

  it('survives a restart on SqliteStorage with the same uids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    try {
      const path = join(dir, 'cluster.db');
      const first = new SqliteStorage({ path });
      await bootstrapCluster(createRegistry({ storage: first }), testContext());
      const before = await createRegistry({ storage: first }).get(
        R.services,
        'default',
        'kubernetes',
        testContext(),
      );
      await first.close();

      const second = new SqliteStorage({ path });
      const registry = createRegistry({ storage: second });
      const revision = second.currentRevision();
      await bootstrapCluster(registry, testContext());
      expect(second.currentRevision()).toBe(revision);
      const after = await registry.get(R.services, 'default', 'kubernetes', testContext());
      expect(after.metadata.uid).toBe(before.metadata.uid);
      // Allocations were rebuilt: the kubernetes service IP is taken.
      await expect(
        registry.create(
          R.services,
          'default',
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'copy' },
            spec: { clusterIP: '10.96.0.1', ports: [{ port: 1 }] },
          },
          testContext(),
        ),
      ).rejects.toThrow('provided IP is already allocated');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
