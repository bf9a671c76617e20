/**
 * The service proxy with RUNTIME=docker: the learner's browser reaches real containers through a NodePort,
 * a LoadBalancer IP and the ingress controller (`/s/<sandbox>/…`), the exact bytes of the answer relayed,
 * streamed from real containers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { gate, probeDocker } from '../../../mini-k8s/src/testing/requirements';
import { cookieOf, testPlatform, type TestPlatform } from '../support/services';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };
const INGRESSES = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true };

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const deployment = (name: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
  },
});

describe.skipIf(!enabled)('service proxy with RUNTIME=docker (real containers)', () => {
  let p: TestPlatform;
  let cookie: string;
  let id: string;
  beforeAll(async () => {
    p = testPlatform({ limits: { runtime: 'docker', nodes: 2 } });
    const res = await p.app.request('/api/sandboxes', { method: 'POST' });
    expect(res.status).toBe(201);
    cookie = cookieOf(res);
    id = ((await res.json()) as { id: string }).id;
    const cluster = await p.services.sandboxes.acquire(id);
    await cluster.client.create(DEPLOYMENTS, 'default', deployment('web', 'nginx:1.25'));
    await cluster.client.create(
      DEPLOYMENTS,
      'default',
      deployment('hello', 'gcr.io/google-samples/hello-app:1.0'),
    );
    await cluster.client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] },
    });
    await cluster.client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'hello' },
      spec: { type: 'LoadBalancer', selector: { app: 'hello' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    // A 12 MiB file: more than the in-process path keeps (8 MiB), so it only passes streamed.
    await cluster.client.create(DEPLOYMENTS, 'default', {
      ...deployment('files', 'busybox'),
      spec: {
        selector: { matchLabels: { app: 'files' } },
        template: {
          metadata: { labels: { app: 'files' } },
          spec: {
            containers: [
              {
                name: 'files',
                image: 'busybox',
                command: [
                  'sh',
                  '-c',
                  'mkdir -p /tmp/www && dd if=/dev/zero of=/tmp/www/big.bin bs=1048576 count=12 && exec httpd -f -p 8080 -h /tmp/www',
                ],
              },
            ],
          },
        },
      },
    });
    await cluster.client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'files' },
      spec: {
        type: 'NodePort',
        selector: { app: 'files' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }],
      },
    });
    await cluster.client.create(INGRESSES, 'default', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'hello' },
      spec: {
        rules: [
          {
            host: 'hello.local',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'hello', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
  }, 240_000);
  afterAll(async () => {
    await p?.close();
  }, 120_000);

  const get = (path: string) => p.app.request(path, { headers: { cookie } });

  it('reaches a NodePort, a LoadBalancer IP and an Ingress host served by containers', async () => {
    const page = await waitFor(async () => {
      const res = await get(`/s/${id}/nodeport/30080/`);
      return res.status === 200 ? res.text() : undefined;
    });
    expect(page).toContain('<title>Welcome to nginx!</title>');

    const cluster = await p.services.sandboxes.acquire(id);
    const lbIp = await waitFor(async () => {
      const s = await cluster.client.get(SERVICES, 'default', 'hello');
      return (s.status as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
    });
    const hello = await waitFor(async () => {
      const res = await get(`/s/${id}/lb/${lbIp}/80/`);
      return res.status === 200 ? res.text() : undefined;
    });
    expect(hello).toMatch(/Hello, world!\nVersion: 1\.0\.0\nHostname: hello-/);

    const viaIngress = await waitFor(async () => {
      const res = await get(`/s/${id}/ingress/hello.local/`);
      return res.status === 200 ? res.text() : undefined;
    });
    expect(viaIngress).toContain('Hello, world!');
    const missing = await get(`/s/${id}/nodeport/30080/missing.html`);
    expect(missing.status).toBe(404);
  }, 240_000);

  it("streams a real container's answer larger than the in-process limit", async () => {
    const res = await waitFor(async () => {
      const r = await get(`/s/${id}/nodeport/30081/big.bin`);
      if (r.status === 200) return r;
      await r.body?.cancel();
      return undefined;
    });
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox /);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(12 * 1024 * 1024);
    expect(bytes.every((b) => b === 0)).toBe(true);
  }, 240_000);
});
