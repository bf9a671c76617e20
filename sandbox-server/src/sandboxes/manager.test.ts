import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findResource } from '../../../mini-k8s/src/api/resources';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { testPlatform, type TestPlatform } from '../../test/support/services';
import { SandboxError } from './manager';

const configmaps = findResource('', 'v1', 'configmaps')!;
const secrets = findResource('', 'v1', 'secrets')!;
const nodes = findResource('', 'v1', 'nodes')!;
const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

async function learner(p: TestPlatform, id: string): Promise<string> {
  await p.services.db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', [id]);
  return id;
}

describe('SandboxManager (real clusters on SQLite files)', () => {
  it('creates one ready 3-node sandbox per learner and returns it again', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const first = await m.ensureFor(await learner(p, 'alice'));
    expect(first.created).toBe(true);
    expect(first.sandbox).toMatchObject({ learnerId: 'alice', state: 'ready', nodes: 3 });
    const again = await m.ensureFor('alice');
    expect(again).toEqual({ sandbox: expect.objectContaining({ id: first.sandbox.id }), created: false });
    const cluster = await m.acquire(first.sandbox.id);
    const list = await cluster.client.list(nodes);
    expect(list.items.map((n) => n.metadata.name)).toEqual(['controlplane', 'node01', 'node02']);
  });

  it('stores the Secrets of a sandbox encrypted at rest and reads them back after a sleep', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'eve'));
    const plaintext = 'mot-de-passe-tres-secret-42';
    const cluster = await m.acquire(sandbox.id);
    await cluster.client.create(secrets, 'default', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: plaintext },
    });
    await m.sleep(sandbox.id);
    const onDisk = ['', '-wal']
      .map((suffix) => m.fileOf(sandbox.id) + suffix)
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString('latin1'))
      .join('');
    expect(onDisk).toContain('k8s:enc:aesgcm:v1:');
    expect(onDisk).not.toContain(plaintext);
    expect(onDisk).not.toContain(Buffer.from(plaintext).toString('base64'));
    const woken = await m.acquire(sandbox.id);
    const read = await woken.client.get<KubeObject & { data: Record<string, string> }>(
      secrets,
      'default',
      'db',
    );
    expect(Buffer.from(read.data.password, 'base64').toString()).toBe(plaintext);
  });

  it('answers a French 503 and keeps the sandbox when its cluster cannot start (e.g. Docker unreachable)', async () => {
    const p = platform({
      factory: () => Promise.reject(new Error('getaddrinfo ENOTFOUND docker-proxy')),
    });
    const attempt = p.services.sandboxes.ensureFor(await learner(p, 'dora'));
    await expect(attempt).rejects.toBeInstanceOf(SandboxError);
    await expect(attempt).rejects.toMatchObject({ status: 503, code: 'sandbox_start_failed' });
    await expect(attempt).rejects.toThrow(/moteur de conteneurs/);
  });

  it('refuses a new sandbox with a French 503 when the server is full', async () => {
    const p = platform({ limits: { max: 1 } });
    await p.services.sandboxes.ensureFor(await learner(p, 'a'));
    const refused = await p.services.sandboxes.ensureFor(await learner(p, 'b')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxError);
    expect(refused).toMatchObject({ status: 503, code: 'sandboxes_full' });
    expect((refused as Error).message).toMatch(/^Le serveur a atteint son nombre maximal de sandboxes/);
  });

  it('sleeps when idle (memory released, file kept) and wakes with identical objects', async () => {
    const p = platform({ limits: { idleMs: 60_000 } });
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'alice'));
    const cluster = await m.acquire(sandbox.id);
    const created = await cluster.client.create(configmaps, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'sleepy' },
    });
    const before = await cluster.client.list(configmaps, undefined);
    p.clock.now += 30_000;
    expect((await m.sweep()).slept).toEqual([]);
    p.clock.now += 31_000;
    expect(await m.sweep()).toEqual({ slept: [sandbox.id], expired: [] });
    expect(m.isLive(sandbox.id)).toBe(false);
    expect((await m.get(sandbox.id))?.state).toBe('sleeping');
    expect(fs.existsSync(m.fileOf(sandbox.id))).toBe(true);

    const woken = await m.acquire(sandbox.id);
    expect((await m.get(sandbox.id))?.state).toBe('ready');
    const got = await woken.client.get(configmaps, 'default', 'settings');
    expect(got.metadata.uid).toBe(created.metadata.uid);
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const after = await woken.client.list(configmaps, undefined);
    expect(after.items).toEqual(before.items);
  });

  it('expires a sandbox past its lifetime and deletes its state file; extend pushes the deadline', async () => {
    const p = platform({ limits: { lifetimeMs: 3_600_000 } });
    const m = p.services.sandboxes;
    const a = (await m.ensureFor(await learner(p, 'a'))).sandbox;
    const b = (await m.ensureFor(await learner(p, 'b'))).sandbox;
    expect((await m.extend(b.id, 3_600_000)).expiresAt).toBe(b.expiresAt + 3_600_000);
    p.clock.now += 3_600_000;
    const swept = await m.sweep();
    expect(swept.expired).toEqual([a.id]);
    expect((await m.get(a.id))?.state).toBe('expired');
    expect(fs.existsSync(m.fileOf(a.id))).toBe(false);
    await expect(m.acquire(a.id)).rejects.toMatchObject({ status: 409, code: 'sandbox_expired' });
    await expect(m.extend(a.id, 1000)).rejects.toThrow(SandboxError);
    // The learner asks again: a fresh sandbox replaces the expired one.
    const renewed = await m.ensureFor('a');
    expect(renewed.created).toBe(true);
    expect(renewed.sandbox.id).not.toBe(a.id);
  });

  it('resets to a starting state applied through the API, keeping id and token', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'alice'));
    const token = m.tokenFor(sandbox.id);
    const cluster = await m.acquire(sandbox.id);
    await cluster.client.create(configmaps, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'leftover' },
    });
    await m.reset(sandbox.id, {
      exerciseId: 'ex-1',
      nodes: 2,
      manifests: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'start', namespace: 'shop' },
          data: { a: '1' },
        },
      ],
    });
    const fresh = await m.acquire(sandbox.id);
    expect(fresh).not.toBe(cluster);
    const names = (await fresh.client.list(configmaps, undefined)).items.map((c) => c.metadata.name);
    expect(names).toContain('start');
    expect(names).not.toContain('leftover');
    expect((await fresh.client.list(nodes)).items).toHaveLength(2);
    expect(await m.get(sandbox.id)).toMatchObject({ state: 'ready', exerciseId: 'ex-1', nodes: 2 });
    expect(m.sandboxOfToken(token)).toBe(sandbox.id);
  });

  it('deletes the record and every state file', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'alice'));
    await m.delete(sandbox.id);
    expect(await m.get(sandbox.id)).toBeUndefined();
    expect(fs.readdirSync(`${p.dir}/sandboxes`)).toEqual([]);
    await expect(m.acquire(sandbox.id)).rejects.toMatchObject({ status: 404 });
  });

  it('gives concurrent requests of one learner the same new sandbox', async () => {
    const p = platform();
    await learner(p, 'alice');
    const results = await Promise.all([1, 2, 3].map(() => p.services.sandboxes.ensureFor('alice')));
    expect(new Set(results.map((r) => r.sandbox.id)).size).toBe(1);
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
  });

  it('shares one wake between concurrent requests', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'alice'));
    await m.sleep(sandbox.id);
    const clusters = await Promise.all([m.acquire(sandbox.id), m.acquire(sandbox.id), m.acquire(sandbox.id)]);
    expect(new Set(clusters).size).toBe(1);
  });

  it('signs kubectl tokens per sandbox and rejects forged or cross-purpose ones', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    expect(m.sandboxOfToken(m.tokenFor('abc'))).toBe('abc');
    expect(m.sandboxOfToken(`${m.tokenFor('abc').slice(0, -2)}xx`)).toBeUndefined();
    expect(m.sandboxOfToken(p.services.identity.cookieValue('abc'))).toBeUndefined();
  });

  it('marks running sandboxes asleep on recovery after a restart', async () => {
    const p = platform();
    const m = p.services.sandboxes;
    const { sandbox } = await m.ensureFor(await learner(p, 'alice'));
    expect(await m.recover()).toBe(1);
    expect((await m.get(sandbox.id))?.state).toBe('sleeping');
    expect(await m.countByState()).toEqual({ creating: 0, ready: 0, sleeping: 1, expired: 0 });
  });
});
