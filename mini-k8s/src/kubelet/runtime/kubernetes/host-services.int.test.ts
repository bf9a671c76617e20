/**
 * Learner Services and cluster DNS on the host, end to end in process: a learner cluster whose nodes run the
 * kubernetes runtime on a host mini-k8s. The host's pod ranges are loopback addresses (127.1.<n>.0/24), so
 * this test can send real DNS queries FROM a learner pod's IP (a learner pod's IP is its host pod's IP) to
 * the platform's DNS server.
 */
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { findKind } from '../../../api/resources';
import { type Cluster, createCluster } from '../../../cmd/cluster';
import { kubernetesRuntimeFactory } from '../../../cmd/kubernetes-runtime';
import { waitFor } from '../../../network/testing';
import { SimulatedRuntime } from '../simulated/simulated-runtime';
import { DNS_POLICY_NAME, ensureSandboxDns, type HostDns, startHostDns } from './host-dns';
import { SandboxNetwork } from './host-network';
import { HostServiceMirror, LEARNER_SERVICE_ANNOTATION, MIRROR_LABEL } from './host-services';
import { deleteSandboxNamespace, ensureSandboxNamespace } from './sandbox-namespace';

const PODS = findKind('', 'v1', 'Pod')!;
const SERVICES = findKind('', 'v1', 'Service')!;
const SLICES = findKind('discovery.k8s.io', 'v1', 'EndpointSlice')!;
const QUOTAS = findKind('', 'v1', 'ResourceQuota')!;
const POLICIES = findKind('networking.k8s.io', 'v1', 'NetworkPolicy')!;
const NS = 'atelier-svc';

let host: Cluster;
let learner: Cluster;
let dns: HostDns;

beforeAll(async () => {
  host = await createCluster({
    speed: 0,
    podCidr: (index) => `127.1.${index}.0/24`,
    runtime: (node) =>
      new SimulatedRuntime({ nodeName: node.name, speed: 0, podCidr: node.podCidr, nodeIp: node.nodeIp }),
  });
  dns = await startHostDns({ endpoint: { address: '127.0.0.1', port: 0 } });
  learner = await createCluster({
    speed: 0,
    nodes: 2,
    onError: (component, err) => console.error('learner', component, err),
    runtime: kubernetesRuntimeFactory({
      host: {
        client: host.client,
        streams: { baseUrl: 'http://127.0.0.1:1' },
        source: 'test',
        server: 'test',
      },
      namespace: NS,
      dns,
      timeoutMs: 60_000,
    }),
  });
}, 120_000);

afterAll(async () => {
  await learner?.close();
  await dns?.close();
  await host?.close();
});

function hostService(name: string): Promise<KubeObject> {
  return host.client.get(SERVICES, NS, name);
}

async function hostSlicesOf(service: string): Promise<KubeObject[]> {
  const list = await host.client.list(SLICES, NS, { labelSelector: `kubernetes.io/service-name=${service}` });
  return list.items;
}

/** runningIp waits for learner pod `name` to run and returns its IP. */
function runningIp(name: string): Promise<string> {
  return waitFor(
    `learner pod ${name} running`,
    async () => {
      const pod = await learner.client.get(PODS, 'default', name);
      const status = pod.status as { phase?: string; podIP?: string } | undefined;
      return status?.phase === 'Running' && status.podIP ? status.podIP : undefined;
    },
    90_000,
  );
}

function learnerPod(name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  };
}

describe('learner Services mirrored on the host', () => {
  it('prepares the namespace: a bounded Service quota, the DNS Service and its NetworkPolicy', async () => {
    const quota = await waitFor('the sandbox quota', () => host.client.get(QUOTAS, NS, 'sandbox'));
    expect(quota.spec).toMatchObject({
      hard: { services: '30', 'services.nodeports': '0', 'services.loadbalancers': '0' },
    });
    const kubeDns = await hostService('kube-dns');
    expect((kubeDns.spec as { clusterIP?: string }).clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const [slice] = await hostSlicesOf('kube-dns');
    expect(slice.endpoints).toEqual([expect.objectContaining({ addresses: ['127.0.0.1'] })]);
    expect(slice.ports).toEqual(
      expect.arrayContaining([expect.objectContaining({ protocol: 'UDP', port: dns.endpoint.port })]),
    );
    const policy = await host.client.get(POLICIES, NS, DNS_POLICY_NAME);
    expect(policy.spec).toMatchObject({
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '127.0.0.1/32' } }] }],
    });
  });

  it('mirrors a ClusterIP Service with the learner’s ready endpoints, follows its changes, and deletes it', async () => {
    await learner.client.create(PODS, 'default', learnerPod('web-1', { app: 'web' }));
    await learner.client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const ip = await runningIp('web-1');
    // The learner pod's IP is a host pod's IP.
    const hostPods = await host.client.list(PODS, NS);
    expect(hostPods.items.map((p) => (p.status as { podIP?: string }).podIP)).toContain(ip);

    const mirror = await waitFor('the host mirror of default/web', () => hostService('web-x-default'));
    expect(mirror.metadata.labels).toMatchObject({ [MIRROR_LABEL]: 'true' });
    expect(mirror.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80 }] });
    expect(mirror.spec).not.toHaveProperty('selector');
    const slice = await waitFor('the mirrored endpoints of default/web', async () => {
      const [s] = await hostSlicesOf('web-x-default');
      return (s?.endpoints as unknown[] | undefined)?.length ? s : undefined;
    });
    expect(slice.endpoints).toEqual([
      expect.objectContaining({ addresses: [ip], conditions: expect.objectContaining({ ready: true }) }),
    ]);
    // Ports translated: the learner's named targetPort resolved to the container port.
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);

    // A second port appears on the host; the deleted pod's endpoint goes away.
    await learner.client.patch(SERVICES, 'default', 'web', 'merge', {
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'alt', port: 8443, targetPort: 8443 },
        ],
      },
    });
    await waitFor('the second port on the host', async () => {
      const s = await hostService('web-x-default');
      return (s.spec as { ports: unknown[] }).ports.length === 2 ? s : undefined;
    });
    await learner.client.delete(PODS, 'default', 'web-1', { gracePeriodSeconds: 0 });
    await waitFor('the endpoint of the deleted pod gone from the host', async () => {
      const slices = await hostSlicesOf('web-x-default');
      return slices.every((s) => ((s.endpoints as unknown[] | null) ?? []).length === 0) ? true : undefined;
    });

    await learner.client.delete(SERVICES, 'default', 'web');
    await waitFor('the mirror gone', async () => {
      const list = await host.client.list(SERVICES, NS, { labelSelector: `${MIRROR_LABEL}=true` });
      const slices = await hostSlicesOf('web-x-default');
      return list.items.some((s) => s.metadata.name === 'web-x-default') || slices.length ? undefined : true;
    });
  }, 180_000);

  it('mirrors headless and NodePort Services; learner namespaces never collide on the host', async () => {
    await learner.client.create(findKind('', 'v1', 'Namespace')!, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a-very-long-learner-namespace-name-for-tests' },
    });
    for (const [namespace, name, spec] of [
      ['default', 'db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }],
      ['default', 'front', { type: 'NodePort', selector: { app: 'front' }, ports: [{ port: 80 }] }],
      [
        'a-very-long-learner-namespace-name-for-tests',
        'db',
        { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] },
      ],
    ] as const)
      await learner.client.create(SERVICES, namespace, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace },
        spec,
      });
    const db = await waitFor('the headless mirror', () => hostService('db-x-default'));
    expect((db.spec as { clusterIP?: string }).clusterIP).toBe('None');
    const front = await waitFor('the NodePort mirror', () => hostService('front-x-default'));
    // On the host a mirror is always ClusterIP: the sandbox's quota allows no NodePort.
    expect((front.spec as { type?: string }).type).toBe('ClusterIP');
    const mirrors = await waitFor('three mirrors', async () => {
      const list = await host.client.list(SERVICES, NS, { labelSelector: `${MIRROR_LABEL}=true` });
      return list.items.length === 3 ? list.items : undefined;
    });
    const names = mirrors.map((s) => s.metadata.name!);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
    expect(mirrors.map((s) => s.metadata.annotations?.[LEARNER_SERVICE_ANNOTATION]).sort()).toEqual([
      'a-very-long-learner-namespace-name-for-tests/db',
      'default/db',
      'default/front',
    ]);
  }, 120_000);
});

describe('cluster DNS for learner pods', () => {
  it('answers a learner pod with host ClusterIPs and pod IPs; refuses other sources', async () => {
    await learner.client.create(PODS, 'default', learnerPod('api-1', { app: 'api' }));
    await learner.client.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    await learner.client.create(PODS, 'default', learnerPod('db-1', { app: 'db' }));
    const apiIp = await runningIp('api-1');
    const dbIp = await runningIp('db-1');
    const mirror = await waitFor('the host mirror of default/api', () => hostService('api-x-default'));
    const learnerIp = ((await learner.client.get(SERVICES, 'default', 'api')).spec as { clusterIP: string })
      .clusterIP;
    const hostIp = (mirror.spec as { clusterIP: string }).clusterIP;

    // The host pods carry the learner's resolv.conf: the sandbox's kube-dns host Service, the learner's search path.
    const kubeDnsIp = ((await hostService('kube-dns')).spec as { clusterIP: string }).clusterIP;
    const hostPods = await host.client.list(PODS, NS, { labelSelector: 'atelier.dev/role=pod' });
    expect(hostPods.items.length).toBeGreaterThan(0);
    for (const pod of hostPods.items)
      expect(pod.spec).toMatchObject({
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: [kubeDnsIp],
          searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
          options: [{ name: 'ndots', value: '5' }],
        },
      });

    const fromPod = new Resolver({ timeout: 5000, tries: 3 });
    fromPod.setLocalAddress(apiIp);
    fromPod.setServers([`127.0.0.1:${dns.endpoint.port}`]);
    const answer = await waitFor('the DNS answer for api', async () => {
      const ips = await fromPod.resolve4('api.default.svc.cluster.local');
      return ips[0] === hostIp ? ips : undefined;
    });
    expect(answer).toEqual([hostIp]);
    expect(hostIp).not.toBe(learnerIp);
    // Headless: the learner's pod IPs (= host pod IPs), once the endpoint is ready.
    const headless = await waitFor('the headless answer', async () => {
      const ips = await fromPod.resolve4('db.default.svc.cluster.local');
      return ips.length ? ips : undefined;
    });
    expect(headless).toEqual([dbIp]);
    expect(await fromPod.resolve4('kube-dns.kube-system.svc.cluster.local')).toEqual([kubeDnsIp]);
    await expect(fromPod.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });

    // Anyone else (another sandbox, the host's own pods) is refused.
    const stranger = new Resolver({ timeout: 5000, tries: 1 });
    stranger.setLocalAddress('127.0.0.1');
    stranger.setServers([`127.0.0.1:${dns.endpoint.port}`]);
    await expect(stranger.resolve4('api.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'EREFUSED',
    });
  }, 180_000);
});

describe('the host’s quota', () => {
  it('mirrors what fits, reports the Service the quota refuses, and mirrors it once room is made', async () => {
    await ensureSandboxNamespace(host.client, 'atelier-full', { maxServices: 2 });
    const svc = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name },
      spec: { clusterIP: '10.96.0.50', ports: [{ port: 80 }] },
    });
    let learnerServices = [svc('a'), svc('b'), svc('c')];
    const errors: string[] = [];
    const mirror = new HostServiceMirror({
      client: host.client,
      namespace: 'atelier-full',
      learner: { services: () => learnerServices, endpointSlices: () => [], onChange: () => undefined },
      onError: (err) => errors.push((err as Error).message),
      resyncMs: 600_000,
    });
    await mirror.start();
    const names = async () =>
      (await host.client.list(SERVICES, 'atelier-full')).items.map((s) => s.metadata.name!).sort();
    // Two fit; the third is refused (which one depends on the order the host admits parallel writes).
    const mirrored = await names();
    expect(mirrored).toHaveLength(2);
    const refused = ['a', 'b', 'c'].find((n) => !mirrored.includes(`${n}-x-default`))!;
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(`Service ${refused}-x-default \\(default/${refused}\\).*exceeded quota`),
      ),
    ]);
    expect([...mirror.hostClusterIps().keys()].sort()).toEqual(
      mirrored.map((n) => `default/${n.replace('-x-default', '')}`),
    );
    // The learner deletes a mirrored Service: its mirror goes first, then the refused one fits.
    const deleted = mirrored[0].replace('-x-default', '');
    learnerServices = learnerServices.filter((s) => s.metadata.name !== deleted);
    await mirror.sync();
    expect(await names()).toEqual(['a', 'b', 'c'].filter((n) => n !== deleted).map((n) => `${n}-x-default`));
    await mirror.close();
    expect(await names()).toEqual([]);
    await deleteSandboxNamespace(host.client, 'atelier-full');
  });
});

describe('upgrades and sleep', () => {
  it('brings the quota of a namespace made before Services were mirrored up to date', async () => {
    await host.client.create(findKind('', 'v1', 'Namespace')!, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'atelier-old' },
    });
    await host.client.create(QUOTAS, 'atelier-old', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'sandbox', namespace: 'atelier-old' },
      spec: { hard: { pods: '50', services: '0' } },
    });
    await ensureSandboxNamespace(host.client, 'atelier-old', { maxServices: 12 });
    const quota = await host.client.get(QUOTAS, 'atelier-old', 'sandbox');
    expect((quota.spec as { hard: Record<string, string> }).hard).toMatchObject({
      services: '12',
      'services.nodeports': '0',
    });
    await deleteSandboxNamespace(host.client, 'atelier-old');
  });

  it('points the DNS objects at the platform’s new address after a restart, keeping the nameserver IP', async () => {
    const before = await ensureSandboxDns(host.client, NS, { address: '127.0.0.1', port: dns.endpoint.port });
    const after = await ensureSandboxDns(host.client, NS, {
      address: '127.0.0.9',
      port: 10053,
      platformPeer: { namespace: 'atelier', podLabels: { 'app.kubernetes.io/component': 'platform' } },
    });
    expect(after).toBe(before);
    const [slice] = await hostSlicesOf('kube-dns');
    expect(slice.endpoints).toEqual([expect.objectContaining({ addresses: ['127.0.0.9'] })]);
    expect((slice.ports as { port: number }[]).map((p) => p.port)).toEqual([10053, 10053]);
    const policy = await host.client.get(POLICIES, NS, DNS_POLICY_NAME);
    expect(policy.spec).toMatchObject({
      egress: [
        {
          to: [
            { ipBlock: { cidr: '127.0.0.9/32' } },
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'atelier' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/component': 'platform' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 10053 },
            { protocol: 'TCP', port: 10053 },
          ],
        },
      ],
    });
  });

  it('serves again after a close (a factory reused for a woken cluster)', async () => {
    const network = new SandboxNetwork({ client: host.client, namespace: 'atelier-again' });
    const learnerObjects = {
      services: () => [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { namespace: 'default', name: 'web' },
          spec: { clusterIP: '10.96.0.60', ports: [{ port: 80 }] },
        } as KubeObject,
      ],
      endpointSlices: () => [],
      onChange: () => undefined,
    };
    const mirrors = async () =>
      (
        await host.client.list(SERVICES, 'atelier-again', { labelSelector: `${MIRROR_LABEL}=true` })
      ).items.map((s) => s.metadata.name);
    await network.start(learnerObjects, () => undefined);
    expect(await mirrors()).toEqual(['web-x-default']);
    await network.close();
    expect(await mirrors()).toEqual([]);
    await network.start(learnerObjects, () => undefined);
    expect(await mirrors()).toEqual(['web-x-default']);
    await network.close();
    await deleteSandboxNamespace(host.client, 'atelier-again');
  });

  it('removes the mirrors when the learner cluster stops (a sandbox going to sleep)', async () => {
    await learner.close();
    const left = await host.client.list(SERVICES, NS, { labelSelector: `${MIRROR_LABEL}=true` });
    expect(left.items).toEqual([]);
    const slices = await host.client.list(SLICES, NS, { labelSelector: `${MIRROR_LABEL}=true` });
    expect(slices.items).toEqual([]);
  }, 60_000);
});
