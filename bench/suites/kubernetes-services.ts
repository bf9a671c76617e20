/**
 * Learner Services and DNS of the kubernetes runtime (RUNTIME=kubernetes), on an in-process mini-k8s host:
 * 1. the Service mirror: BENCH_SVC_SERVICES (default 30, the default quota) learner Services with one
 *    EndpointSlice of 3 endpoints each (addresses of 3 host pods of the namespace): time of the first sync
 *    (host Services and EndpointSlices created), then of one endpoint turning not ready (learner change →
 *    host slice updated), BENCH_SVC_CHANGES (default 20) times;
 * 2. the shared DNS server with BENCH_SVC_SANDBOXES (default 200) sandboxes registered, 50 pod IPs each
 *    (loopback addresses), queried over real UDP from pod IPs of the last sandbox registered (the longest
 *    search): latency p50/p95 of BENCH_SVC_QUERIES (default 2000) queries, 10 at a time.
 */
import { Resolver } from 'node:dns/promises';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { findKind } from '../../mini-k8s/src/api/resources';
import { createCluster } from '../../mini-k8s/src/cmd/cluster';
import { ClusterZone } from '../../mini-k8s/src/dns/records';
import { startHostDns } from '../../mini-k8s/src/kubelet/runtime/kubernetes/host-dns';
import { HostServiceMirror } from '../../mini-k8s/src/kubelet/runtime/kubernetes/host-services';
import { ensureSandboxNamespace } from '../../mini-k8s/src/kubelet/runtime/kubernetes/sandbox-namespace';
import { SimulatedRuntime } from '../../mini-k8s/src/kubelet/runtime/simulated/simulated-runtime';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const SERVICES = Number(process.env.BENCH_SVC_SERVICES ?? 30);
const CHANGES = Number(process.env.BENCH_SVC_CHANGES ?? 20);
const SANDBOXES = Number(process.env.BENCH_SVC_SANDBOXES ?? 200);
const QUERIES = Number(process.env.BENCH_SVC_QUERIES ?? 2000);
const PODS = findKind('', 'v1', 'Pod')!;
const SLICES = findKind('discovery.k8s.io', 'v1', 'EndpointSlice')!;
const NS = 'atelier-bench-svc';

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function learnerObjects(ips: string[], notReady: number): { services: KubeObject[]; slices: KubeObject[] } {
  const services: KubeObject[] = [];
  const slices: KubeObject[] = [];
  for (let i = 0; i < SERVICES; i++) {
    services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: `svc-${i}` },
      spec: { clusterIP: `10.96.1.${i}`, ports: [{ name: 'http', port: 80 }] },
    });
    slices.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        namespace: 'default',
        name: `svc-${i}-abcde`,
        labels: { 'kubernetes.io/service-name': `svc-${i}` },
      },
      addressType: 'IPv4',
      endpoints: ips.map((ip, e) => ({ addresses: [ip], conditions: { ready: !(i === 0 && e < notReady) } })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    } as KubeObject);
  }
  return { services, slices };
}

async function benchMirror(): Promise<{ firstSyncMs: number; changeMs: number[] }> {
  const host = await createCluster({
    speed: 0,
    nodes: 2,
    runtime: (node) =>
      new SimulatedRuntime({ nodeName: node.name, speed: 0, podCidr: node.podCidr, nodeIp: node.nodeIp }),
  });
  try {
    await ensureSandboxNamespace(host.client, NS);
    for (let p = 0; p < 3; p++)
      await host.client.create(PODS, NS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${p}`, namespace: NS, labels: { 'atelier.dev/sandbox': 'bench' } },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
      });
    const ips = await until(async () => {
      const list = await host.client.list(PODS, NS);
      const found = list.items
        .map((p) => (p.status as { podIP?: string } | undefined)?.podIP)
        .filter(Boolean);
      return found.length === 3 ? (found as string[]) : undefined;
    }, 'three host pod IPs');
    let learner = learnerObjects(ips, 0);
    const listeners: (() => void)[] = [];
    const mirror = new HostServiceMirror({
      client: host.client,
      namespace: NS,
      learner: {
        services: () => learner.services,
        endpointSlices: () => learner.slices,
        onChange: (listener) => listeners.push(listener),
      },
      onError: (err) => console.error(err),
      debounceMs: 0,
      resyncMs: 600_000,
    });
    const first = performance.now();
    await mirror.start();
    const firstSyncMs = performance.now() - first;
    const changeMs: number[] = [];
    for (let c = 1; c <= CHANGES; c++) {
      const notReady = c % 3;
      learner = learnerObjects(ips, notReady);
      const at = performance.now();
      for (const listener of listeners) listener();
      await until(async () => {
        const list = await host.client.list(SLICES, NS, {
          labelSelector: 'kubernetes.io/service-name=svc-0-x-default',
        });
        const endpoints = (list.items[0]?.endpoints ?? []) as { conditions?: { ready?: boolean } }[];
        return endpoints.filter((e) => e.conditions?.ready === false).length === notReady ? true : undefined;
      }, 'the host slice updated');
      changeMs.push(performance.now() - at);
    }
    await mirror.close();
    return { firstSyncMs, changeMs };
  } finally {
    await host.close();
  }
}

async function benchDns(): Promise<number[]> {
  const dns = await startHostDns({ endpoint: { address: '127.0.0.1', port: 0 } });
  const services: KubeObject[] = Array.from({ length: 30 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name: `svc-${i}` },
    spec: { clusterIP: `172.20.0.${i + 1}`, ports: [{ port: 80 }] },
  }));
  const zone = new ClusterZone(services, []);
  for (let s = 0; s < SANDBOXES; s++) {
    const ips = new Set(Array.from({ length: 50 }, (_, p) => `127.3.${s}.${p + 1}`));
    dns.register({ ownsAddress: (ip) => ips.has(ip), zone: () => zone });
  }
  const last = SANDBOXES - 1;
  const latencies: number[] = [];
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        const resolver = new Resolver({ timeout: 5000, tries: 1 });
        resolver.setLocalAddress(`127.3.${last}.${worker + 1}`);
        resolver.setServers([`127.0.0.1:${dns.endpoint.port}`]);
        while (next < QUERIES) {
          const i = next++;
          const at = performance.now();
          const answer = await resolver.resolve4(`svc-${i % 30}.default.svc.cluster.local`);
          latencies.push(performance.now() - at);
          if (answer[0] !== `172.20.0.${(i % 30) + 1}`) throw new Error(`wrong answer ${answer.join(',')}`);
        }
      }),
    );
  } finally {
    await dns.close();
  }
  return latencies;
}

const suite: BenchSuite = {
  name: 'kubernetes-services',
  async run(): Promise<BenchResult> {
    const mirror = await benchMirror();
    const dns = await benchDns();
    return {
      title: 'Kubernetes runtime: learner Services mirrored on the host, and the learners’ shared DNS',
      method:
        `In-process mini-k8s host (simulated nodes, speed 0). Mirror: ${SERVICES} learner Services of 3 endpoints, first ` +
        `sync, then ${CHANGES} endpoint-readiness changes until the host slice shows them. DNS: one server, ` +
        `${SANDBOXES} sandboxes of 50 pod IPs registered, ${QUERIES} A queries over UDP from the last one's pods, 10 at a time.`,
      columns: ['Measure', 'Value'],
      rows: [
        [`first sync of ${SERVICES} Services + slices (ms)`, ms(mirror.firstSyncMs)],
        ['learner change → host slice, p50 (ms)', ms(percentile(mirror.changeMs, 50))],
        ['learner change → host slice, p95 (ms)', ms(percentile(mirror.changeMs, 95))],
        [`DNS query, ${SANDBOXES} sandboxes, p50 (ms)`, ms(percentile(dns, 50))],
        [`DNS query, ${SANDBOXES} sandboxes, p95 (ms)`, ms(percentile(dns, 95))],
      ],
      raw: { mirror, dnsLatenciesMs: dns },
    };
  },
};

export default suite;
