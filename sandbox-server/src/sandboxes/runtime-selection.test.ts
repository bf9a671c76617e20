import { afterEach, describe, expect, it } from 'vitest';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';
import { createSandboxCluster, DockerUnavailableError, type SandboxClusterOptions } from './cluster';
import { KubernetesHostUnavailableError } from './kubernetes-host';

const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

/**
 * recordingFactory starts real (simulated) clusters and records the runtime each start asked for; with
 * `dockerDown`, a Docker start fails the way createSandboxCluster fails when no daemon answers.
 */
function recordingFactory(state: { dockerDown: boolean }) {
  const asked: (string | undefined)[] = [];
  const factory = (options: SandboxClusterOptions) => {
    asked.push(options.runtime);
    if (options.runtime === 'docker' && state.dockerDown) {
      return Promise.reject(new DockerUnavailableError(new Error('connect ENOENT /var/run/docker.sock')));
    }
    return createSandboxCluster({ ...options, runtime: 'simulated' });
  };
  return { asked, factory };
}

async function createThenGet(p: TestPlatform) {
  const created = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const res = await p.app.request(`/api/sandboxes/${id}`, { headers: { cookie: cookieOf(created) } });
  expect(res.status).toBe(200);
  return { id, body: (await res.json()) as Record<string, unknown> };
}

describe('runtime of a sandbox', () => {
  it('is the server-wide default, simulated, shown by GET /api/sandboxes/:id', async () => {
    const p = platform();
    const { body } = await createThenGet(p);
    expect(body).toMatchObject({ state: 'ready', runtime: 'simulated', runtimeNotice: null });
  });

  it('is docker with RUNTIME=docker when the daemon answers', async () => {
    const { asked, factory } = recordingFactory({ dockerDown: false });
    const p = platform({ limits: { runtime: 'docker' }, factory });
    const { body } = await createThenGet(p);
    expect(body).toMatchObject({ runtime: 'docker', runtimeNotice: null });
    expect(asked).toEqual(['docker']);
  });

  it('falls back to simulated with a French notice when Docker is unreachable, and retries Docker on wake', async () => {
    const docker = { dockerDown: true };
    const { asked, factory } = recordingFactory(docker);
    const p = platform({ limits: { runtime: 'docker' }, factory });
    const { id, body } = await createThenGet(p);
    expect(body).toMatchObject({ state: 'ready', runtime: 'simulated' });
    expect(body.runtimeNotice).toMatch(
      /^Le moteur Docker est injoignable : votre cluster tourne en exécution simulée/,
    );
    // The choice stays stored: once asleep the sandbox shows docker again, and its next start uses Docker.
    const stored = await p.services.db.get('SELECT runtime FROM sandboxes WHERE id = ?', [id]);
    expect(stored).toEqual({ runtime: 'docker' });
    await p.services.sandboxes.sleep(id);
    expect(await p.services.sandboxes.get(id)).toMatchObject({ runtime: 'docker', runtimeNotice: null });
    docker.dockerDown = false;
    await p.services.sandboxes.acquire(id);
    expect(await p.services.sandboxes.get(id)).toMatchObject({ runtime: 'docker', runtimeNotice: null });
    expect(asked).toEqual(['docker', 'simulated', 'docker']);
  });

  it('falls back to simulated with a French notice when the Kubernetes host is unreachable', async () => {
    const asked: (string | undefined)[] = [];
    const factory = (options: SandboxClusterOptions) => {
      asked.push(options.runtime);
      if (options.runtime === 'kubernetes') {
        return Promise.reject(new KubernetesHostUnavailableError('connect ECONNREFUSED 10.0.0.1:443'));
      }
      return createSandboxCluster({ ...options, runtime: 'simulated' });
    };
    const p = platform({ limits: { runtime: 'kubernetes' }, factory });
    const { id, body } = await createThenGet(p);
    expect(body).toMatchObject({ state: 'ready', runtime: 'simulated' });
    expect(body.runtimeNotice).toMatch(
      /^Le cluster Kubernetes hôte est injoignable : votre cluster tourne en exécution simulée/,
    );
    expect(await p.services.db.get('SELECT runtime FROM sandboxes WHERE id = ?', [id])).toEqual({
      runtime: 'kubernetes',
    });
    expect(asked).toEqual(['kubernetes', 'simulated']);
  });

  it('follows the runtime of an exercise started on the sandbox, and keeps it on later resets', async () => {
    const { asked, factory } = recordingFactory({ dockerDown: false });
    const p = platform({ factory });
    const { id } = await createThenGet(p);
    await p.services.sandboxes.reset(id, { manifests: [], exerciseId: '09-reseau/x', runtime: 'docker' });
    expect(await p.services.sandboxes.get(id)).toMatchObject({
      runtime: 'docker',
      exerciseId: '09-reseau/x',
    });
    await p.services.sandboxes.reset(id, { manifests: [] });
    expect(await p.services.sandboxes.get(id)).toMatchObject({ runtime: 'docker', exerciseId: null });
    expect(asked).toEqual(['simulated', 'docker', 'docker']);
  });

  it('runs an exercise asking for kubernetes simulated, with the notice, on a platform without a host', async () => {
    // The real createSandboxCluster: without RUNTIME=kubernetes settings there is no host to run pods on.
    const p = platform();
    const { id } = await createThenGet(p);
    await p.services.sandboxes.reset(id, { manifests: [], exerciseId: '11-x/y', runtime: 'kubernetes' });
    const record = await p.services.sandboxes.get(id);
    expect(record).toMatchObject({ state: 'ready', runtime: 'simulated', exerciseId: '11-x/y' });
    expect(record?.runtimeNotice).toMatch(/^Le cluster Kubernetes hôte est injoignable/);
    expect(await p.services.db.get('SELECT runtime FROM sandboxes WHERE id = ?', [id])).toEqual({
      runtime: 'kubernetes',
    });
  });

  it('is described in the OpenAPI document', async () => {
    const p = platform();
    const doc = (await (await p.app.request('/api/openapi.json')).json()) as {
      components: { schemas: { Sandbox: { properties: Record<string, { enum?: string[] }> } } };
    };
    expect(doc.components.schemas.Sandbox.properties.runtime.enum).toEqual([
      'simulated',
      'docker',
      'kubernetes',
    ]);
    expect(doc.components.schemas.Sandbox.properties).toHaveProperty('runtimeNotice');
  });
});
