/**
 * Service types between real containers (`mini-k8s up --runtime docker`, real kubectl): NodePort on every
 * node address, LoadBalancer on its pool address, several and named ports, sessionAffinity ClientIP,
 * ExternalName CNAMEs and names outside the cluster zone (SERVFAIL without upstream), all seen from a
 * busybox pod as on a real cluster; the course's fan-out Ingress and a TLS Ingress served by the
 * ingress-nginx controller.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

/** waitFor polls `check` until it returns a value (generous timeout: the machine may be loaded). */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** hello is a Deployment of hello-app pods (the page names the pod) with a named container port. */
const hello = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hello' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'hello' } },
    template: {
      metadata: { labels: { app: 'hello' } },
      spec: {
        containers: [
          {
            name: 'hello',
            image: 'gcr.io/google-samples/hello-app:1.0',
            ports: [{ name: 'web', containerPort: 8080 }],
          },
        ],
      },
    },
  },
};

const service = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: 'hello' }, ...spec },
});

describe.skipIf(!enabled)('Service types with the docker runtime (real kubectl, real containers)', () => {
  let t: TestCluster;
  /** get runs `timeout 5 wget -qO- url` in the client pod. */
  const get = async (url: string) => t.kubectl(['exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', url]);
  /** hostnames fetches `url` `count` times and returns the pod names that answered. */
  const hostnames = async (url: string, count: number) => {
    const script = `for i in $(seq ${count}); do timeout 5 wget -qO- ${url} | grep Hostname; done`;
    const out = await t.kubectl(['exec', 'client', '--', 'sh', '-c', script], { timeoutMs: 120_000 });
    return out.stdout
      .split('\n')
      .map((l) => l.replace('Hostname: ', '').trim())
      .filter(Boolean);
  };

  beforeAll(async () => {
    t = await startTestCluster(3, 'docker');
    const objects = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        hello,
        service('hello-np', {
          type: 'NodePort',
          ports: [
            { name: 'http', port: 80, targetPort: 'web', nodePort: 30080 },
            { name: 'alt', port: 8081, targetPort: 8080, nodePort: 30081 },
          ],
        }),
        service('hello-lb', { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'web' }] }),
        service('hello-sticky', {
          sessionAffinity: 'ClientIP',
          ports: [{ port: 80, targetPort: 8080 }],
        }),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'docs' },
          spec: { type: 'ExternalName', externalName: 'kubernetes.io' },
        },
      ],
    };
    const applied = await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(objects) });
    expect(applied.code).toBe(0);
    expect((await t.kubectl(['run', 'client', '--image=busybox', '--', 'sleep', '3600'])).code).toBe(0);
    const rollout = await t.kubectl(['rollout', 'status', 'deployment/hello', '--timeout=150s'], {
      timeoutMs: 160_000,
    });
    expect(rollout.code).toBe(0);
    const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=120s'], {
      timeoutMs: 130_000,
    });
    expect(ready.code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  }, 120_000);

  it('answers a NodePort on every node address, on both ports (named and numeric targetPort)', async () => {
    const pods = (
      await t.kubectl(['get', 'pods', '-l', 'app=hello', '-o', 'jsonpath={.items[*].metadata.name}'])
    ).stdout.split(' ');
    for (const node of ['172.30.0.2', '172.30.0.3', '172.30.0.4'])
      for (const port of [30080, 30081]) {
        const page = await waitFor(async () => {
          const out = await get(`http://${node}:${port}/`);
          return out.code === 0 ? out.stdout : undefined;
        });
        expect(page).toContain('Hello, world!');
        expect(pods.some((p) => page.includes(`Hostname: ${p}`))).toBe(true);
      }
    // The ClusterIP's second port is the Service port 8081, not the NodePort.
    const alt = await waitFor(async () => {
      const out = await get('http://hello-np:8081/');
      return out.code === 0 ? out.stdout : undefined;
    });
    expect(alt).toContain('Hello, world!');
    // A port no Service has on a node address is not caught by the rules: nothing answers.
    expect((await get('http://172.30.0.3:30099/')).code).not.toBe(0);
  });

  it('gives a LoadBalancer the pool address in its status and carries traffic sent to it', async () => {
    const ip = await waitFor(async () => {
      const out = await t.kubectl([
        'get',
        'svc',
        'hello-lb',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ]);
      return out.stdout || undefined;
    });
    expect(ip).toMatch(/^172\.30\.0\.(2\d\d)$/);
    const table = (await t.kubectl(['get', 'svc', 'hello-lb'])).stdout;
    expect(table).toContain(ip);
    const page = await waitFor(async () => {
      const out = await get(`http://${ip}/`);
      return out.code === 0 ? out.stdout : undefined;
    });
    expect(page).toContain('Hello, world!');
  });

  it('keeps a client on one pod with sessionAffinity ClientIP, spreads without it', async () => {
    await waitFor(async () => ((await get('http://hello-sticky/')).code === 0 ? true : undefined));
    const sticky = await hostnames('http://hello-sticky/', 12);
    expect(sticky).toHaveLength(12);
    expect(new Set(sticky).size).toBe(1);
    // Without affinity, 24 random picks over two pods all landing on one has probability 2^-23.
    const spread = await hostnames('http://hello-np/', 24);
    expect(spread).toHaveLength(24);
    expect(new Set(spread).size).toBe(2);
  });

  it('resolves an ExternalName to its CNAME and answers SERVFAIL outside the zone without upstream', async () => {
    const lookup = async (...args: string[]) =>
      t.kubectl(['exec', 'client', '--', 'timeout', '10', 'nslookup', ...args]);
    expect((await lookup('docs')).stdout).toContain(
      'docs.default.svc.cluster.local\tcanonical name = kubernetes.io',
    );
    // A bare name goes through the search list as in any pod.
    const kubernetes = await lookup('kubernetes');
    expect(kubernetes.stdout).toMatch(
      /Name:\s+kubernetes\.default\.svc\.cluster\.local\nAddress: 10\.96\.0\.1\b/,
    );
    // Outside cluster.local the sandbox has no upstream: SERVFAIL, as CoreDNS answers when `forward` fails.
    expect((await lookup('example.org')).stdout).toContain("** server can't find example.org: SERVFAIL");
    // Asked directly, busybox applies no search list: `kubernetes.` itself goes to the forwarder.
    expect((await lookup('kubernetes', '10.96.0.10')).stdout).toContain(
      "** server can't find kubernetes: SERVFAIL",
    );
  });

  it("routes the course's fan-out Ingress (host, Prefix paths, rewrite-target) to real pods", async () => {
    const fanout = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web2' },
          spec: {
            selector: { matchLabels: { app: 'web2' } },
            template: {
              metadata: { labels: { app: 'web2' } },
              spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
            },
          },
        },
        service('service1', { ports: [{ port: 4200, targetPort: 8080 }] }),
        {
          ...service('service2', { ports: [{ port: 8080, targetPort: 80 }] }),
          spec: { selector: { app: 'web2' }, ports: [{ port: 8080, targetPort: 80 }] },
        },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {
            name: 'simple-fanout-example',
            annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' },
          },
          spec: {
            ingressClassName: 'nginx',
            rules: [
              {
                host: 'foo.bar.com',
                http: {
                  paths: [
                    {
                      path: '/foo',
                      pathType: 'Prefix',
                      backend: { service: { name: 'service1', port: { number: 4200 } } },
                    },
                    {
                      path: '/bar',
                      pathType: 'Prefix',
                      backend: { service: { name: 'service2', port: { number: 8080 } } },
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    };
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(fanout) })).code).toBe(0);
    const rollout = await t.kubectl(['rollout', 'status', 'deployment/web2', '--timeout=120s'], {
      timeoutMs: 130_000,
    });
    expect(rollout.code).toBe(0);
    const address = await waitFor(async () => {
      const out = await t.kubectl([
        'get',
        'ingress',
        'simple-fanout-example',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ]);
      return out.stdout || undefined;
    });
    const fetch = (url: string, host = 'foo.bar.com') =>
      t.kubectl(['exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', '--header', `Host: ${host}`, url]);
    // The published address is the controller Service's LoadBalancer IP; its ClusterIP name works too.
    for (const base of [`http://${address}`, 'http://ingress-nginx-controller.ingress-nginx']) {
      const foo = await waitFor(async () => {
        const out = await fetch(`${base}/foo/index.html`);
        return out.code === 0 ? out.stdout : undefined;
      });
      expect(foo).toContain('Hello, world!');
      const bar = await waitFor(async () => {
        const out = await fetch(`${base}/bar`);
        return out.code === 0 ? out.stdout : undefined;
      });
      expect(bar).toContain('<title>Welcome to nginx!</title>');
    }
    // No rule for the path or the host: the controller's default backend answers nginx's 404.
    const missing = await t.kubectl([
      'exec',
      'client',
      '--',
      'sh',
      '-c',
      `timeout 5 wget -S -O- --header 'Host: other.example' http://${address}/ 2>&1; true`,
    ]);
    expect(missing.stdout).toContain('404 Not Found');
  });

  it('terminates TLS for an Ingress host with its Secret and redirects HTTP to HTTPS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=secure.local',
        '-keyout',
        path.join(dir, 'tls.key'),
        '-out',
        path.join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    );
    const secret = await t.kubectl([
      'create',
      'secret',
      'tls',
      'secure-tls',
      `--cert=${path.join(dir, 'tls.crt')}`,
      `--key=${path.join(dir, 'tls.key')}`,
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(secret.code).toBe(0);
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'secure' },
      spec: {
        tls: [{ hosts: ['secure.local'], secretName: 'secure-tls' }],
        rules: [
          {
            host: 'secure.local',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'service1', port: { number: 4200 } } },
                },
              ],
            },
          },
        ],
      },
    };
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(ingress) })).code).toBe(0);
    const address = (
      await t.kubectl([
        'get',
        'svc',
        '-n',
        'ingress-nginx',
        'ingress-nginx-controller',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ])
    ).stdout;
    // busybox wget speaks TLS without checking the certificate, like `curl -k`.
    const page = await waitFor(async () => {
      const out = await t.kubectl([
        'exec',
        'client',
        '--',
        'timeout',
        '5',
        'wget',
        '-qO-',
        '--header',
        'Host: secure.local',
        `https://${address}/`,
      ]);
      return out.code === 0 ? out.stdout : undefined;
    });
    expect(page).toContain('Hello, world!');
    const redirect = await t.kubectl([
      'exec',
      'client',
      '--',
      'sh',
      '-c',
      `timeout 5 wget -S -O- --header 'Host: secure.local' http://${address}/path 2>&1; true`,
    ]);
    expect(redirect.stdout).toContain('308 Permanent Redirect');
    expect(redirect.stdout).toMatch(/Location: https:\/\/secure\.local\/path/i);
  });
});
