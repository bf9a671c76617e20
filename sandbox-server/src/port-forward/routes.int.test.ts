/**
 * The port-forward route with app.request on a real sandbox (simulated nginx): the owner reaches the pod's
 * port, other learners and anonymous callers do not, bad ports and unknown pods get clear answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';
import { portForwardPath } from './routes';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

let p: TestPlatform;
let owner: { cookie: string; id: string };
let other: { cookie: string; id: string };

async function learner(): Promise<{ cookie: string; id: string }> {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(res.status).toBe(201);
  return { cookie: cookieOf(res), id: ((await res.json()) as { id: string }).id };
}

const as = (cookie: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { cookie } });

beforeAll(async () => {
  p = testPlatform();
  owner = await learner();
  other = await learner();
  const cluster = await p.services.sandboxes.acquire(owner.id);
  await cluster.client.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pod = (await cluster.client.get(PODS, 'default', 'web')) as { status?: { phase?: string } };
    if (pod.status?.phase === 'Running') break;
    if (Date.now() > deadline) throw new Error('pod web never ran');
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);

afterAll(async () => {
  await p?.close();
});

describe('port-forward route', () => {
  it('serves the pod port to the sandbox owner', async () => {
    const res = await p.app.request(portForwardPath(owner.id, 'default', 'web', 80), as(owner.cookie));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Welcome to nginx!');
  });

  it('redirects the port URL without its trailing slash', async () => {
    const path = portForwardPath(owner.id, 'default', 'web', 80);
    const res = await p.app.request(`${path.slice(0, -1)}?a=1`, as(owner.cookie));
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(`${path}?a=1`);
  });

  it('refuses other learners and anonymous callers', async () => {
    const path = portForwardPath(owner.id, 'default', 'web', 80);
    const asOther = await p.app.request(path, as(other.cookie));
    expect(asOther.status).toBe(403);
    expect(((await asOther.json()) as { message: string }).message).toContain(
      "appartient à quelqu'un d'autre",
    );
    expect((await p.app.request(path)).status).toBe(401);
    const unknown = await p.app.request(portForwardPath('nope', 'default', 'web', 80), as(owner.cookie));
    expect(unknown.status).toBe(404);
  });

  it('explains bad ports, unknown pods and closed ports', async () => {
    const bad = await p.app.request(
      `/api/sandboxes/${owner.id}/port-forward/default/web/99999/`,
      as(owner.cookie),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(
      'Port invalide : « 99999 » (un nombre de 1 à 65535).',
    );
    const missing = await p.app.request(portForwardPath(owner.id, 'default', 'nope', 80), as(owner.cookie));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    const closed = await p.app.request(portForwardPath(owner.id, 'default', 'web', 81), as(owner.cookie));
    expect(closed.status).toBeGreaterThanOrEqual(500);
    expect(await closed.text()).toContain('connection refused');
  });
});
