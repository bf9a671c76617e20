import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';
import { rewriteLocation } from './routes';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };
const INGRESSES = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true };

const platforms: TestPlatform[] = [];
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

async function learnerWithSandbox(p: TestPlatform) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(res.status).toBe(201);
  const sandbox = (await res.json()) as { id: string };
  return { cookie: cookieOf(res), id: sandbox.id };
}

/** waitFor polls until `check` returns a value (generous: the machine may be loaded). */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const echo: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'echo' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'echo' } },
    template: {
      metadata: { labels: { app: 'echo' } },
      spec: { containers: [{ name: 'echo', image: 'registry.k8s.io/echoserver:1.10' }] },
    },
  },
};

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});

/** setUp gives a learner a sandbox with the echo server behind a NodePort, a LoadBalancer and an Ingress. */
async function setUp() {
  const p = testPlatform();
  platforms.push(p);
  const learner = await learnerWithSandbox(p);
  const cluster = await p.services.sandboxes.acquire(learner.id);
  await cluster.client.create(DEPLOYMENTS, 'default', echo);
  await cluster.client.create(
    SERVICES,
    'default',
    svc('echo-np', { type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
  );
  await cluster.client.create(SERVICES, 'default', svc('echo-lb', { type: 'LoadBalancer' }));
  await cluster.client.create(SERVICES, 'default', svc('echo', {}));
  await cluster.client.create(INGRESSES, 'default', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'echo' },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'echo.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } },
            ],
          },
        },
      ],
    },
  });
  const lbIp = await waitFor(async () => {
    const s = await cluster.client.get(SERVICES, 'default', 'echo-lb');
    return (s.status as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
  });
  const get = (path: string, cookie = learner.cookie, init: RequestInit = {}) =>
    p.app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
  // Ready once the NodePort answers (the pod started and its endpoint is published).
  await waitFor(async () => {
    const res = await get(`/s/${learner.id}/nodeport/30080/`);
    return res.status === 200 ? true : undefined;
  });
  return { p, learner, lbIp, get };
}

describe('service proxy (simulated runtime)', () => {
  it('reaches a NodePort, a LoadBalancer IP and an Ingress host, path and query kept', async () => {
    const { learner, lbIp, get } = await setUp();
    const viaNodePort = await get(`/s/${learner.id}/nodeport/30080/a/b?x=1`);
    expect(viaNodePort.status).toBe(200);
    const text = await viaNodePort.text();
    expect(text).toContain('real path=/a/b');
    expect(text).toContain('query=x=1');
    expect(text).toMatch(/host=172\.30\.0\.\d+:30080/);

    const viaLb = await get(`/s/${learner.id}/lb/${lbIp}/80/`);
    expect(viaLb.status).toBe(200);
    expect(await viaLb.text()).toContain(`host=${lbIp}`);

    const viaIngress = await get(`/s/${learner.id}/ingress/echo.example.com/hello`);
    expect(viaIngress.status).toBe(200);
    const ingressText = await viaIngress.text();
    expect(ingressText).toContain('host=echo.example.com');
    expect(ingressText).toContain('real path=/hello');
    // A host no Ingress routes: the controller's own 404 page.
    const unknown = await get(`/s/${learner.id}/ingress/other.example.com/`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<center><h1>404 Not Found</h1></center>');
  }, 60_000);

  it('keeps the platform cookie away from the pod and sandboxes the page', async () => {
    const { learner, get } = await setUp();
    const res = await get(`/s/${learner.id}/nodeport/30080/`, learner.cookie, {
      method: 'POST',
      body: 'payload',
      headers: { 'x-custom': 'kept' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('atelier_learner');
    expect(text).toContain('x-custom=kept');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox /);
    expect(res.headers.get('set-cookie')).toBeNull();
    // The bare URL gets its trailing slash, so that relative links stay inside the proxy.
    const bare = await get(`/s/${learner.id}/nodeport/30080?q=1`);
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe(`/s/${learner.id}/nodeport/30080/?q=1`);
  }, 60_000);

  it('lets only the owner through, with French pages', async () => {
    const { p, learner, get } = await setUp();
    const anonymous = await p.app.request(`/s/${learner.id}/nodeport/30080/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('text/html');
    expect(await anonymous.text()).toContain('Vous n&#39;êtes pas identifié');
    const other = await learnerWithSandbox(p);
    const stranger = await get(`/s/${learner.id}/nodeport/30080/`, other.cookie);
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).toContain('quelqu&#39;un d&#39;autre');
    expect((await get('/s/inconnue/nodeport/30080/')).status).toBe(404);
  }, 60_000);

  it('explains bad addresses, missing services and refused connections', async () => {
    const { p, learner, get } = await setUp();
    const notNodePort = await get(`/s/${learner.id}/nodeport/8080/`);
    expect(notNodePort.status).toBe(400);
    expect(await notNodePort.text()).toContain('entre 30000 et 32767');
    expect((await get(`/s/${learner.id}/lb/999.1.1.1/80/`)).status).toBe(400);
    expect((await get(`/s/${learner.id}/ingress/bad_host!/`)).status).toBe(400);
    // No Service on that NodePort: the node itself refuses, as from a laptop.
    const nothing = await get(`/s/${learner.id}/nodeport/30099/`);
    expect(nothing.status).toBe(502);
    expect(await nothing.text()).toContain('Connexion refusée');
    // An address that is no LoadBalancer IP: nobody answers.
    const nowhere = await get(`/s/${learner.id}/lb/172.30.0.249/80/`);
    expect(nowhere.status).toBe(504);
    expect(await nowhere.text()).toContain('Délai dépassé');
    // Scaled to zero: kube-proxy rejects, the page says why.
    const cluster = await p.services.sandboxes.acquire(learner.id);
    await cluster.client.patch(DEPLOYMENTS, 'default', 'echo', 'merge', { spec: { replicas: 0 } });
    const refused = await waitFor(async () => {
      const res = await get(`/s/${learner.id}/nodeport/30080/`);
      return res.status === 502 ? res : undefined;
    });
    expect(await refused.text()).toContain('Connexion refusée');
  }, 60_000);
});

describe('rewriteLocation', () => {
  const target = { ip: '172.30.0.3', port: 30080, host: '172.30.0.3:30080', base: '/s/x/nodeport/30080' };
  it('keeps redirects of the application inside the proxy', () => {
    expect(rewriteLocation('/login?next=1', target)).toBe('/s/x/nodeport/30080/login?next=1');
    expect(rewriteLocation('http://172.30.0.3:30080/a#b', target)).toBe('/s/x/nodeport/30080/a#b');
    expect(rewriteLocation('https://example.com/', target)).toBe('https://example.com/');
    expect(rewriteLocation('//evil.example/', target)).toBe('//evil.example/');
  });
});
