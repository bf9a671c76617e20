/**
 * Scenario: cluster networking through the real kubectl — a Deployment exposed as a Service answers by
 * name from a pod of another namespace (kube-dns at 10.96.0.10, the kubelet's resolv.conf), a
 * LoadBalancer Service gets an address from the pool, the fan-out Ingress of the slides routes two paths
 * to two Services and shows its ADDRESS, and a default-deny NetworkPolicy plus an allow rule cut and
 * restore traffic, denied connections timing out like curl reports it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from '../integration/harness';
import type { TestCluster } from '../integration/harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

async function ok(args: string[], input?: string): Promise<string> {
  const r = await t.kubectl(args, input === undefined ? {} : { input });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** eventually re-runs `probe` until it returns a value, for at most ~30 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached');
}

const APPS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: gcr.io/google-samples/hello-app:1.0
        ports: [{containerPort: 8080, name: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: app
        image: gcr.io/google-samples/hello-app:2.0
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: shop
  labels: {role: client}
spec:
  containers:
  - name: curl
    image: curlimages/curl:8.11.1
    command: ["sleep", "3600"]
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fanout
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /web
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
      - path: /api
        pathType: Prefix
        backend:
          service: {name: api, port: {number: 8080}}
`;

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-shop
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: shop}
    ports:
    - port: http
`;

describe('networking through the real kubectl', () => {
  it('exposes a Deployment reachable by name from another namespace through kube-dns', async () => {
    expect(await ok(['apply', '-f', '-'], APPS)).toContain('deployment.apps/web created');
    await ok(['expose', 'deployment', 'web', '--port=80', '--target-port=http']);
    await ok(['expose', 'deployment', 'api', '--port=8080']);
    await ok(['wait', '--for=condition=Ready', 'pod/client', '-n', 'shop', '--timeout=60s']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await ok(['rollout', 'status', 'deployment/api', '--timeout=60s']);
    expect(
      await ok(['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}']),
    ).toBe('10.96.0.10');
    expect(await ok(['exec', '-n', 'shop', 'client', '--', 'cat', '/etc/resolv.conf'])).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const body = await eventually(async () => {
      const r = await t.kubectl(['exec', '-n', 'shop', 'client', '--', 'curl', '-s', 'http://web.default/']);
      return r.code === 0 ? r.stdout : undefined;
    });
    expect(body).toMatch(/^Hello, world!\nVersion: 1\.0\.0\nHostname: web-/);
    const clusterIp = await ok(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    const lookup = await ok([
      'exec',
      '-n',
      'shop',
      'client',
      '--',
      'nslookup',
      'web.default.svc.cluster.local',
    ]);
    expect(lookup).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${clusterIp}\n`);
  });

  it('gives a LoadBalancer Service an external IP from the pool', async () => {
    await ok([
      'expose',
      'deployment',
      'web',
      '--name=web-lb',
      '--type=LoadBalancer',
      '--port=80',
      '--target-port=8080',
    ]);
    const ip = await eventually(async () => {
      const out = await ok(['get', 'svc', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
      return out || undefined;
    });
    expect(ip).toMatch(/^172\.30\.0\.2\d\d$/);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=web-lb',
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    expect(events).toContain('IPAllocated');
  });

  it('routes the fan-out Ingress to two Services and shows its address', async () => {
    await ok(['apply', '-f', '-'], INGRESS);
    const address = await eventually(async () => {
      const out = await ok([
        'get',
        'ingress',
        'fanout',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ]);
      return out || undefined;
    });
    expect(
      await ok([
        'get',
        'svc',
        '-n',
        'ingress-nginx',
        'ingress-nginx-controller',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ]),
    ).toBe(address);
    const curl = (path: string) =>
      ok([
        'exec',
        '-n',
        'shop',
        'client',
        '--',
        'curl',
        '-s',
        '-H',
        'Host: shop.example.com',
        `http://${address}${path}`,
      ]);
    expect(await curl('/web')).toContain('Version: 1.0.0');
    expect(await curl('/api/items')).toContain('Version: 2.0.0');
    expect(await curl('/nothing')).toContain('<center><h1>404 Not Found</h1></center>');
  });

  it('cuts traffic with a default-deny policy and lets the allowed namespace through', async () => {
    await ok(['run', 'outsider', '--image=curlimages/curl:8.11.1', '--command', '--', 'sleep', '3600']);
    await ok(['wait', '--for=condition=Ready', 'pod/outsider', '--timeout=60s']);
    const before = await t.kubectl(['exec', 'outsider', '--', 'curl', '-sS', '-m', '2', 'http://web/']);
    expect(before, JSON.stringify(before)).toMatchObject({ code: 0 });
    await ok(['apply', '-f', '-'], POLICIES);
    const denied = await eventually(async () => {
      const r = await t.kubectl(['exec', 'outsider', '--', 'curl', '-sS', '-m', '2', 'http://web/']);
      return r.code !== 0 ? r : undefined;
    });
    expect(denied.stderr).toContain('curl: (28) Connection timed out after 2001 milliseconds');
    expect(denied.stderr).toContain('command terminated with exit code 28');
    expect(await ok(['exec', '-n', 'shop', 'client', '--', 'curl', '-s', 'http://web.default/'])).toContain(
      'Hello, world!',
    );
  });
});
