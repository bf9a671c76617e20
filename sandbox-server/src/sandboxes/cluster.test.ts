import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findResource } from '../../../mini-k8s/src/api/resources';
import { SqliteStorage } from '../../../mini-k8s/src/storage/sqlite/store';
import { createSandboxCluster, seedClusterFile } from './cluster';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cluster-'));
  dirs.push(dir);
  return path.join(dir, 'cluster.db');
}

describe('createSandboxCluster', () => {
  it('seeds a fresh cluster in one file that its bootstrap then leaves untouched', async () => {
    // The kubelets then take over their Node objects (status, heartbeats): those change, nothing else.
    const file = tempFile();
    await seedClusterFile(file, 2);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cluster.db']);
    const storage = new SqliteStorage({ path: file });
    const seeded = (await storage.list('/registry/')).items;
    const revision = storage.currentRevision();
    await storage.close();
    const versions = seeded.map((o) => o.metadata.resourceVersion ?? '');
    expect(versions.every((v) => /^\d+$/.test(v))).toBe(true);
    expect(new Set(versions).size).toBe(seeded.length);
    expect(seeded.map((o) => o.metadata.uid)).not.toContain(undefined);
    expect(Math.max(...seeded.map((o) => Number(o.metadata.resourceVersion)))).toBe(revision);

    const cluster = await createSandboxCluster({ file, nodes: 2, adminToken: 'admin', speed: 0 });
    const namespaces = await cluster.client.list(findResource('', 'v1', 'namespaces')!);
    expect(namespaces.items.map((n) => [n.metadata.name, n.metadata.resourceVersion])).toEqual(
      seeded.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.resourceVersion]),
    );
    const nodes = await cluster.client.list(findResource('', 'v1', 'nodes')!);
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['controlplane', 'node01']);
    expect(await cluster.countObjects()).toBeGreaterThanOrEqual(seeded.length);
    await cluster.close();
  });

  it('writes a sound database already in WAL mode, with its own uids for each sandbox', async () => {
    const first = tempFile();
    const second = tempFile();
    await seedClusterFile(first, 3);
    await seedClusterFile(second, 3);
    const uids: string[][] = [];
    for (const file of [first, second]) {
      const db = new Database(file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const rows = db.prepare('SELECT value FROM kv').all() as { value: string }[];
      uids.push(rows.map((r) => (JSON.parse(r.value) as KubeObject).metadata.uid ?? ''));
      db.close();
    }
    expect(uids[0].length).toBeGreaterThan(50);
    expect(uids[0].filter((uid) => uids[1].includes(uid))).toEqual([]);
  });

  it('reopens an existing file as is (wake) instead of seeding it again', async () => {
    const file = tempFile();
    const cluster = await createSandboxCluster({ file, nodes: 3, adminToken: 'a' });
    const namespaces = findResource('', 'v1', 'namespaces')!;
    const created = await cluster.client.create(namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kept' },
    });
    await cluster.close();
    const woken = await createSandboxCluster({ file, nodes: 3, adminToken: 'b' });
    expect((await woken.client.get(namespaces, undefined, 'kept')).metadata.uid).toBe(created.metadata.uid);
    await woken.close();
  });
});
