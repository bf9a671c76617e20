import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';

const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

/** learnerWithSandbox creates a sandbox through the API and returns the learner's cookie and sandbox. */
async function learnerWithSandbox(p: TestPlatform) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(res.status).toBe(201);
  const sandbox = (await res.json()) as { id: string; state: string };
  return { cookie: cookieOf(res), sandbox };
}

const as = (cookie: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), cookie },
});

describe('sandbox routes', () => {
  it('creates the caller’s sandbox with a signed HttpOnly cookie, then returns the same one', async () => {
    const p = platform();
    const res = await p.app.request('/api/sandboxes', { method: 'POST' });
    expect(res.status).toBe(201);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^atelier_learner=[^;]+; Max-Age=86400; Path=\/; HttpOnly; SameSite=Lax$/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      state: 'ready',
      nodes: 3,
      exerciseId: null,
      links: { kubernetesApi: `/k8s/${String(body.id)}` },
    });
    const again = await p.app.request('/api/sandboxes', as(cookieOf(res), { method: 'POST' }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
  });

  it('marks the cookie Secure over HTTPS', async () => {
    const p = platform();
    const res = await p.app.request('https://atelier.test/api/sandboxes', { method: 'POST' });
    expect(res.headers.get('set-cookie')).toContain('; Secure');
  });

  it('answers a French 503 when the server is full', async () => {
    const p = platform({ limits: { max: 1 } });
    await learnerWithSandbox(p);
    const res = await p.app.request('/api/sandboxes', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: 'sandboxes_full',
      message: expect.stringMatching(/^Le serveur a atteint son nombre maximal de sandboxes/),
    });
  });

  it('isolates learners on every sandbox route', async () => {
    const p = platform({ https: { port: 8443, caPem: 'CA' } });
    const a = await learnerWithSandbox(p);
    const b = await learnerWithSandbox(p);
    const routes: [string, string][] = [
      ['GET', `/api/sandboxes/${a.sandbox.id}`],
      ['GET', `/api/sandboxes/${a.sandbox.id}/kubeconfig`],
      ['POST', `/api/sandboxes/${a.sandbox.id}/reset`],
      ['DELETE', `/api/sandboxes/${a.sandbox.id}`],
    ];
    for (const [method, path] of routes) {
      const asB = await p.app.request(path, as(b.cookie, { method }));
      expect([method, path, asB.status]).toEqual([method, path, 403]);
      expect(((await asB.json()) as { message: string }).message).toContain("appartient à quelqu'un d'autre");
      const anonymous = await p.app.request(path, { method });
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      const forged = await p.app.request(path, as(`${a.cookie.slice(0, -3)}abc`, { method }));
      expect([method, path, forged.status]).toEqual([method, path, 401]);
    }
    // A's sandbox is untouched and A still reaches it.
    const own = await p.app.request(`/api/sandboxes/${a.sandbox.id}`, as(a.cookie));
    expect(own.status).toBe(200);
  });

  it('isolates the Kubernetes APIs: a token only opens its own sandbox', async () => {
    const p = platform();
    const a = await learnerWithSandbox(p);
    const b = await learnerWithSandbox(p);
    const tokenA = p.services.sandboxes.tokenFor(a.sandbox.id);
    const get = (id: string, token?: string) =>
      p.app.request(
        `/k8s/${id}/api/v1/nodes`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
      );
    expect((await get(a.sandbox.id, tokenA)).status).toBe(200);
    for (const res of [
      await get(b.sandbox.id, tokenA),
      await get(b.sandbox.id),
      await get(b.sandbox.id, 'x.y'),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
    // The learner cookie is no credential for the Kubernetes API.
    expect((await p.app.request(`/k8s/${a.sandbox.id}/api/v1/nodes`, as(a.cookie))).status).toBe(401);
  });

  it('proxies kubectl-like reads and writes under /k8s/<id>, waking a sleeping sandbox', async () => {
    const p = platform();
    const a = await learnerWithSandbox(p);
    const auth = { authorization: `Bearer ${p.services.sandboxes.tokenFor(a.sandbox.id)}` };
    const version = await p.app.request(`/k8s/${a.sandbox.id}/version`, { headers: auth });
    expect(await version.json()).toMatchObject({ major: '1', minor: '32' });
    await p.services.sandboxes.sleep(a.sandbox.id);
    const created = await p.app.request(`/k8s/${a.sandbox.id}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello' } }),
    });
    expect(created.status).toBe(201);
    expect((await p.services.sandboxes.get(a.sandbox.id))?.state).toBe('ready');
    const list = await p.app.request(`/k8s/${a.sandbox.id}/api/v1/namespaces/default/configmaps/hello`, {
      headers: auth,
    });
    expect(((await list.json()) as { metadata: { name: string } }).metadata.name).toBe('hello');
  });

  it('enforces the object quota with a Status kubectl prints', async () => {
    const p = platform({ limits: { maxObjects: 1 } });
    const a = await learnerWithSandbox(p);
    const res = await p.app.request(`/k8s/${a.sandbox.id}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${p.services.sandboxes.tokenFor(a.sandbox.id)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one-too-many' } }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: expect.stringContaining('Quota atteint'),
    });
  });

  it('rate-limits each learner with a token bucket (429 and Retry-After)', async () => {
    const p = platform({ learnerRate: 2 });
    const a = await learnerWithSandbox(p);
    const auth = { headers: { authorization: `Bearer ${p.services.sandboxes.tokenFor(a.sandbox.id)}` } };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await p.app.request(`/k8s/${a.sandbox.id}/version`, auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    p.clock.now += 1000;
    expect((await p.app.request(`/k8s/${a.sandbox.id}/version`, auth)).status).toBe(200);
  });

  it('limits request bodies', async () => {
    const p = platform({ bodyLimitBytes: 1024 });
    const a = await learnerWithSandbox(p);
    const res = await p.app.request(`/k8s/${a.sandbox.id}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${p.services.sandboxes.tokenFor(a.sandbox.id)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'big' },
        data: { x: 'y'.repeat(4096) },
      }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      code: 413,
      message: expect.stringContaining('1 Kio'),
    });
  });

  it('refuses the kubeconfig in French when the platform has no HTTPS', async () => {
    const p = platform();
    const a = await learnerWithSandbox(p);
    const res = await p.app.request(`/api/sandboxes/${a.sandbox.id}/kubeconfig`, as(a.cookie));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: 'https_required',
      message: expect.stringContaining("kubectl n'envoie son jeton d'accès qu'en HTTPS"),
    });
  });

  it('gives a verified-TLS kubeconfig on the HTTPS origin with the sandbox token', async () => {
    const p = platform({
      https: { port: 8443, caPem: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n' },
    });
    const a = await learnerWithSandbox(p);
    const res = await p.app.request(
      `http://atelier.local:8080/api/sandboxes/${a.sandbox.id}/kubeconfig`,
      as(a.cookie),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="atelier-${a.sandbox.id}.kubeconfig"`,
    );
    const config = parse(await res.text());
    const cluster = config.clusters[0].cluster;
    expect(cluster.server).toBe(`https://atelier.local:8443/k8s/${a.sandbox.id}`);
    expect(cluster['insecure-skip-tls-verify']).toBe(false);
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toContain(
      'BEGIN CERTIFICATE',
    );
    expect(p.services.sandboxes.sandboxOfToken(config.users[0].user.token)).toBe(a.sandbox.id);
    expect(config['current-context']).toBe(config.contexts[0].name);
  });

  it('points the kubeconfig at the public HTTPS origin of a reverse proxy, with or without its own HTTPS', async () => {
    for (const https of [undefined, { port: 8443, caPem: 'OWN CA' }]) {
      const p = platform({
        ...(https ? { https } : {}),
        publicHttps: { url: 'https://atelier.example.org/classe' },
      });
      const a = await learnerWithSandbox(p);
      const res = await p.app.request(
        `http://10.0.0.7:8080/api/sandboxes/${a.sandbox.id}/kubeconfig`,
        as(a.cookie),
      );
      expect(res.status).toBe(200);
      const cluster = parse(await res.text()).clusters[0].cluster;
      expect(cluster.server).toBe(`https://atelier.example.org/classe/k8s/${a.sandbox.id}`);
      // A certificate of a public authority: the learner's system roots, not the platform's own CA.
      expect(cluster['certificate-authority-data']).toBeUndefined();
      expect(cluster['insecure-skip-tls-verify']).toBe(false);
    }
    const p = platform({ publicHttps: { url: 'https://atelier.example.org', caPem: 'PROXY CA' } });
    const a = await learnerWithSandbox(p);
    const res = await p.app.request(`/api/sandboxes/${a.sandbox.id}/kubeconfig`, as(a.cookie));
    const cluster = parse(await res.text()).clusters[0].cluster;
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toBe('PROXY CA');
  });

  it('deletes and resets the caller’s own sandbox', async () => {
    const p = platform();
    const a = await learnerWithSandbox(p);
    const reset = await p.app.request(
      `/api/sandboxes/${a.sandbox.id}/reset`,
      as(a.cookie, { method: 'POST' }),
    );
    expect(reset.status).toBe(200);
    const unknown = await p.app.request(
      `/api/sandboxes/${a.sandbox.id}/reset`,
      as(a.cookie, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"exerciseId":"nope"}',
      }),
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toBe("L'exercice « nope » n'existe pas.");
    const del = await p.app.request(`/api/sandboxes/${a.sandbox.id}`, as(a.cookie, { method: 'DELETE' }));
    expect(del.status).toBe(204);
    expect((await p.app.request(`/api/sandboxes/${a.sandbox.id}`, as(a.cookie))).status).toBe(404);
  });

  it('serves Prometheus metrics and the OpenAPI description', async () => {
    const p = platform();
    await learnerWithSandbox(p);
    const metrics = await (await p.app.request('/metrics')).text();
    expect(metrics).toContain('atelier_sandboxes{state="ready"} 1');
    expect(metrics).toMatch(
      /atelier_http_request_duration_seconds_count\{code="201",method="POST",route="\/api\/sandboxes"\} 1/,
    );
    expect(metrics).toContain('# TYPE atelier_grader_runs_total counter');
    const doc = (await (await p.app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/sandboxes',
        '/api/sandboxes/{id}',
        '/api/sandboxes/{id}/reset',
        '/api/sandboxes/{id}/kubeconfig',
        '/api/join',
        '/api/workshops',
        '/api/workshops/{id}/grid',
        '/api/workshops/{id}/grades.csv',
        '/api/workshops/{id}/events',
      ]),
    );
  });
});
