import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { type Cluster, createCluster } from '../cmd/cluster';
import { installNetworkAddons } from './addons';
import { clientPod, execIn, helloPod, runPod, SERVICES, waitFor } from './testing';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const INGRESSES = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true };
const POLICIES = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespaced: true };

function service(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

async function lbIp(cluster: Cluster, namespace: string, name: string): Promise<string> {
  return waitFor(`LoadBalancer IP of ${namespace}/${name}`, async () => {
    const svc = await cluster.client.get(SERVICES, namespace, name);
    return (svc.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
  });
}

/** waitForEndpoints waits until `curl` from the client reaches the service (endpoints propagated). */
async function untilReachable(cluster: Cluster, ns: string, pod: string, url: string): Promise<string> {
  return waitFor(`${url} reachable`, async () => {
    const r = await execIn(cluster, ns, pod, ['curl', '-s', url]);
    return r.code === 0 ? r.out : undefined;
  });
}

let cluster: Cluster;
beforeAll(async () => {
  cluster = await createCluster({ speed: 0 });
  for (const name of ['other', 'secure'])
    await cluster.client.create(NAMESPACES, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  await runPod(cluster, helloPod('default', 'web-1', { app: 'web' }));
  await runPod(cluster, helloPod('default', 'web-2', { app: 'web' }));
  await runPod(cluster, helloPod('default', 'api-1', { app: 'api' }));
  await runPod(cluster, clientPod('other', 'client'));
  await cluster.client.create(
    SERVICES,
    'default',
    service('default', 'web', {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    }),
  );
  await cluster.client.create(
    SERVICES,
    'default',
    service('default', 'api', { selector: { app: 'api' }, ports: [{ port: 8080, targetPort: 8080 }] }),
  );
}, 120_000);
afterAll(() => cluster?.close());

describe('the pod network of an in-process cluster', () => {
  it('writes the kubelet resolv.conf and resolves a Service by name from another namespace', async () => {
    const conf = await execIn(cluster, 'other', 'client', ['cat', '/etc/resolv.conf']);
    expect(conf.out).toBe(
      'search other.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const body = await untilReachable(cluster, 'other', 'client', 'http://web.default/');
    expect(body).toMatch(/^Hello, world!\nVersion: 1\.0\.0\nHostname: web-[12]\n$/);
    const svc = await cluster.client.get(SERVICES, 'default', 'web');
    const lookup = await execIn(cluster, 'other', 'client', ['nslookup', 'web.default.svc.cluster.local']);
    expect(lookup.out).toContain(
      `Name:\tweb.default.svc.cluster.local\nAddress: ${(svc.spec as { clusterIP: string }).clusterIP}\n`,
    );
    const missing = await execIn(cluster, 'other', 'client', ['curl', '-sS', 'http://web/']);
    expect(missing).toMatchObject({ code: 6, err: 'curl: (6) Could not resolve host: web\n' });
  });

  it('spreads requests over the ready endpoints only', async () => {
    await runPod(
      cluster,
      {
        ...helloPod('default', 'web-unready', { app: 'web' }),
        spec: {
          containers: [
            {
              name: 'app',
              image: 'gcr.io/google-samples/hello-app:1.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 9999 }, periodSeconds: 1 },
            },
          ],
        },
      },
      false,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await execIn(cluster, 'other', 'client', [
        'curl',
        '-s',
        'http://web.default.svc.cluster.local/',
      ]);
      seen.add(/Hostname: (\S+)/.exec(r.out)?.[1] ?? r.err);
    }
    expect([...seen].sort()).toEqual(['web-1', 'web-2']);
  });

  it('rejects connections to a Service without ready endpoints like curl reports it', async () => {
    await cluster.client.create(
      SERVICES,
      'default',
      service('default', 'empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }),
    );
    const svc = await cluster.client.get(SERVICES, 'default', 'empty');
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    const r = await waitFor('empty service known to kube-proxy', async () => {
      const result = await execIn(cluster, 'other', 'client', ['curl', '-sS', `http://${ip}/`]);
      return result.code === 7 ? result : undefined;
    });
    expect(r.err).toBe(
      `curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Could not connect to server\n`,
    );
  });

  it('reaches NodePort and LoadBalancer Services from outside the pod network', async () => {
    await cluster.client.create(
      SERVICES,
      'default',
      service('default', 'web-np', {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
      }),
    );
    await cluster.client.create(
      SERVICES,
      'default',
      service('default', 'web-lb', {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080 }],
      }),
    );
    const outside = cluster.network.external();
    const get = (ip: string, port: number) =>
      outside.httpRequest(ip, port, {
        method: 'GET',
        path: '/',
        headers: { host: ip },
        clientIp: '172.30.0.1',
      });
    for (const nodeIp of ['172.30.0.2', '172.30.0.3', '172.30.0.4']) {
      const response = await waitFor(`NodePort on ${nodeIp}`, () => get(nodeIp, 30080));
      expect(response.body).toContain('Hello, world!');
    }
    const ip = await lbIp(cluster, 'default', 'web-lb');
    expect(ip).toMatch(/^172\.30\.0\.2\d\d$/);
    expect((await waitFor('LoadBalancer answer', () => get(ip, 80))).body).toContain('Hostname: web-');
    // A ClusterIP is not reachable from outside: the packet goes nowhere.
    const svc = await cluster.client.get(SERVICES, 'default', 'web');
    await expect(get((svc.spec as { clusterIP: string }).clusterIP, 80)).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
  });

  it('resolves bare names from busybox through the search list, SERVFAIL outside the zone', async () => {
    await runPod(cluster, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'box', namespace: 'default' },
      spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    });
    const kubernetes = await execIn(cluster, 'default', 'box', ['nslookup', 'kubernetes']);
    expect(kubernetes.out).toContain('Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n');
    const web = await execIn(cluster, 'default', 'box', ['nslookup', 'web']);
    expect(web.out).toContain('Name:\tweb.default.svc.cluster.local\n');
    // No upstream for the sandbox: CoreDNS' forward fails and it answers SERVFAIL, as with the Docker runtime.
    const outside = await execIn(cluster, 'default', 'box', ['nslookup', 'example.org']);
    expect(outside.code).toBe(1);
    expect(outside.out).toContain("** server can't find example.org: SERVFAIL");
    expect(outside.out).toContain("** server can't find example.org.default.svc.cluster.local: NXDOMAIN");
  });

  it('follows an ExternalName Service through its CNAME', async () => {
    await cluster.client.create(
      SERVICES,
      'other',
      service('other', 'backend', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }),
    );
    const body = await untilReachable(cluster, 'other', 'client', 'http://backend/');
    expect(body).toContain('Hello, world!');
    const lookup = await execIn(cluster, 'other', 'client', ['nslookup', 'backend']);
    expect(lookup.out).toContain(
      'backend.other.svc.cluster.local\tcanonical name = web.default.svc.cluster.local\n',
    );
  });

  it('routes a fan-out Ingress by path to two Services and publishes its address', async () => {
    await cluster.client.create(INGRESSES, 'default', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'fanout' },
      spec: {
        rules: [
          {
            host: 'demo.local',
            http: {
              paths: [
                {
                  path: '/web',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'api', port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
    });
    const ingressIp = await lbIp(cluster, 'ingress-nginx', 'ingress-nginx-controller');
    const published = await waitFor('Ingress status', async () => {
      const ing = await cluster.client.get(INGRESSES, 'default', 'fanout');
      return (ing.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
    });
    expect(published).toBe(ingressIp);
    const outside = cluster.network.external();
    const get = (path: string, host = 'demo.local') =>
      outside.httpRequest(ingressIp, 80, { method: 'GET', path, headers: { host }, clientIp: '172.30.0.1' });
    expect((await get('/web/page')).body).toMatch(/Hostname: web-[12]/);
    expect((await get('/api')).body).toContain('Hostname: api-1');
    const notFound = await get('/other');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toContain('<center><h1>404 Not Found</h1></center>');
    expect((await get('/web', 'else.local')).status).toBe(404);
  });

  it('terminates TLS at the ingress: HTTP redirects, curl needs -k for the self-signed certificate', async () => {
    await cluster.client.create(INGRESSES, 'default', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'secure' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['secure.local'], secretName: 'secure-tls' }],
        rules: [
          {
            host: 'secure.local',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    });
    const ip = await lbIp(cluster, 'ingress-nginx', 'ingress-nginx-controller');
    const curl = (...args: string[]) =>
      execIn(cluster, 'other', 'client', ['curl', '-H', 'Host: secure.local', ...args]);
    const redirect = await waitFor('TLS ingress served', async () => {
      const r = await curl('-si', `http://${ip}/shop`);
      return r.out.startsWith('HTTP/1.1 308') ? r : undefined;
    });
    expect(redirect.out).toContain('location: https://secure.local/shop\r\n');
    const untrusted = await curl('-sS', `https://${ip}/`);
    expect(untrusted.code).toBe(60);
    expect(untrusted.err).toContain('curl: (60) SSL certificate problem: self-signed certificate');
    expect((await curl('-sk', `https://${ip}/`)).out).toContain('Hello, world!');
    // A pod speaks plain HTTP: TLS to it fails the handshake.
    const pod = await cluster.client.get(PODS_REF, 'default', 'web-1');
    const plain = await execIn(cluster, 'other', 'client', [
      'curl',
      '-sSk',
      `https://${(pod.status as { podIP: string }).podIP}:8080/`,
    ]);
    expect(plain.code).toBe(35);
  });

  it('checks ports with nc -z', async () => {
    const open = await execIn(cluster, 'other', 'client', ['nc', '-zv', 'web.default', '80']);
    expect(open.code).toBe(0);
    const svc = await cluster.client.get(SERVICES, 'default', 'web');
    expect(open.err).toBe(`web.default (${(svc.spec as { clusterIP: string }).clusterIP}:80) open\n`);
    const closed = await execIn(cluster, 'other', 'client', ['nc', '-z', 'web.default', '81']);
    expect(closed.code).toBe(1);
  });

  it('enforces a default-deny policy plus an allow rule, and DNS egress like a real cluster', async () => {
    await runPod(cluster, helloPod('secure', 'db', { app: 'db' }));
    await runPod(cluster, clientPod('secure', 'allowed', { role: 'client' }));
    await runPod(cluster, clientPod('secure', 'intruder'));
    const db = await cluster.client.get(PODS_REF, 'secure', 'db');
    const url = `http://${(db.status as { podIP: string }).podIP}:8080/`;
    expect((await execIn(cluster, 'secure', 'intruder', ['curl', '-s', url])).code).toBe(0);
    await cluster.client.create(POLICIES, 'secure', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    await cluster.client.create(POLICIES, 'secure', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-client' },
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }] },
        ],
      },
    });
    const denied = await waitFor('policy enforced', async () => {
      const r = await execIn(cluster, 'secure', 'intruder', ['curl', '-sS', '-m', '2', url]);
      return r.code === 28 ? r : undefined;
    });
    expect(denied.err).toBe('curl: (28) Connection timed out after 2001 milliseconds\n');
    const ip = (db.status as { podIP: string }).podIP;
    expect(
      (await execIn(cluster, 'secure', 'intruder', ['curl', '-sS', '--connect-timeout', '3', url])).err,
    ).toBe(`curl: (28) Failed to connect to ${ip} port 8080 after 3001 ms: Timeout was reached\n`);
    expect((await execIn(cluster, 'secure', 'allowed', ['curl', '-s', url])).out).toContain('Hostname: db');
    // Restricting egress also cuts DNS until port 53 to kube-dns is allowed.
    await cluster.client.create(POLICIES, 'secure', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'egress-db-only' },
      spec: {
        podSelector: { matchLabels: { role: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
      },
    });
    const noDns = await waitFor('egress enforced', async () => {
      const r = await execIn(cluster, 'secure', 'allowed', ['nslookup', 'web.default']);
      return r.code === 1 ? r : undefined;
    });
    expect(noDns.out).toContain(';; connection timed out; no servers could be reached');
    expect((await execIn(cluster, 'secure', 'allowed', ['curl', '-s', url])).code).toBe(0);
    await cluster.client.create(POLICIES, 'secure', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [{ protocol: 'UDP', port: 53 }],
          },
        ],
      },
    });
    await waitFor('DNS allowed again', async () => {
      const r = await execIn(cluster, 'secure', 'allowed', ['nslookup', 'web.default']);
      return r.code === 0 ? r : undefined;
    });
  });

  it('answers DNS only while the kube-dns Service routes to CoreDNS', async () => {
    await cluster.client.delete(SERVICES, 'kube-system', 'kube-dns');
    const down = await waitFor('DNS down', async () => {
      const r = await execIn(cluster, 'other', 'client', ['nslookup', 'web.default']);
      return r.code === 1 ? r : undefined;
    });
    expect(down.out).toContain(';; connection timed out; no servers could be reached');
    expect((await execIn(cluster, 'other', 'client', ['curl', '-sS', 'http://web.default/'])).err).toBe(
      'curl: (6) Could not resolve host: web.default\n',
    );
    await installNetworkAddons(cluster.client);
    await waitFor('DNS back', async () => {
      const r = await execIn(cluster, 'other', 'client', ['nslookup', 'web.default']);
      return r.code === 0 ? r : undefined;
    });
  });
});

const PODS_REF = { group: '', version: 'v1', resource: 'pods', namespaced: true };
