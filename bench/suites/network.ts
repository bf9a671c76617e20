/**
 * Pod network benchmarks (in process, simulated runtime at speed 0, memory storage, 3 nodes, 6 hello-app
 * pods behind 50 Services): what one `curl` from a pod costs in the network model, and the cluster DNS.
 * - request through a ClusterIP (kube-proxy DNAT, NetworkPolicy with 10 policies, delivery), 2000 runs
 *   (target p50 < 0.5 ms);
 * - name resolution with the pod's search list (`web-7.default`), 2000 runs (target p50 < 0.2 ms);
 * - the real UDP DNS server queried with node:dns, 500 sequential queries (target p50 < 2 ms);
 * - rebuilding one node's service map after a change (50 Services + slices).
 */
import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { createCluster } from '../../mini-k8s/src/cmd/cluster';
import { helloPod, runPod, SERVICES, waitFor } from '../../mini-k8s/src/network/testing';
import { buildServiceMap } from '../../mini-k8s/src/proxy/service-map';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { type BenchResult, type BenchSuite, ms, percentile } from '../types';

const SERVICE_COUNT = 50;
const POLICIES = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespaced: true };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespaced: true };

async function timed(runs: number, once: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return samples;
}

const suite: BenchSuite = {
  name: 'network',
  async run(): Promise<BenchResult> {
    const cluster = await createCluster({
      storage: new MemoryStorage(),
      adminToken: 'bench',
      nodes: 3,
      speed: 0,
      dnsServer: { host: '127.0.0.1', port: 0 },
    });
    try {
      for (let i = 0; i < 6; i++) await runPod(cluster, helloPod('default', `web-${i}`, { app: 'web' }));
      for (let i = 0; i < SERVICE_COUNT; i++)
        await cluster.client.create(SERVICES, 'default', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `web-${i}` },
          spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
        } as KubeObject);
      for (let i = 0; i < 10; i++)
        await cluster.client.create(POLICIES, 'default', {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `allow-${i}` },
          spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] },
        } as KubeObject);
      const svc = await cluster.client.get(SERVICES, 'default', `web-${SERVICE_COUNT - 1}`);
      const ip = (svc.spec as { clusterIP: string }).clusterIP;
      const client = await cluster.client.get(
        { group: '', version: 'v1', resource: 'pods', namespaced: true },
        'default',
        'web-0',
      );
      const clientIp = (client.status as { podIP: string }).podIP;
      const resolver = cluster.network.forNode((client.spec as { nodeName: string }).nodeName);
      const request = () =>
        resolver.httpRequest(ip, 80, { method: 'GET', path: '/', headers: { host: ip }, clientIp });
      await waitFor('service ready', request, 60_000);
      const http = await timed(2000, request);
      const context = {
        namespace: 'default',
        searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
        ndots: 5,
        clientIp,
      };
      const dns = await timed(2000, () => resolver.resolve('web-7.default', context));
      const udp = new Resolver({ timeout: 2000, tries: 1 });
      udp.setServers([`127.0.0.1:${cluster.dnsServer!.port}`]);
      const wire = await timed(500, () => udp.resolve4('web-7.default.svc.cluster.local'));
      const services = (await cluster.client.list(SERVICES)).items;
      const slices = (await cluster.client.list(SLICES)).items;
      const rebuild = await timed(200, () =>
        Promise.resolve(buildServiceMap('172.30.0.3', services, slices)),
      );
      const row = (name: string, samples: number[]) => [
        name,
        samples.length,
        ms(percentile(samples, 50)),
        ms(percentile(samples, 99)),
      ];
      return {
        title:
          'Pod network (targets: ClusterIP request p50 < 0.5 ms, resolve p50 < 0.2 ms, UDP DNS p50 < 2 ms)',
        method: `In process, speed 0, 3 nodes, 6 hello-app pods, ${SERVICE_COUNT} Services, 10 NetworkPolicies; sequential runs.`,
        columns: ['Operation', 'Runs', 'p50 (ms)', 'p99 (ms)'],
        rows: [
          row('HTTP through a ClusterIP (DNAT + policy + pod)', http),
          row('Resolve web-7.default with the search list', dns),
          row('UDP DNS query (node:dns → dns/server.ts)', wire),
          row(`Service map rebuild (${services.length} Services)`, rebuild),
        ],
        raw: { http, dns, wire, rebuild },
      };
    } finally {
      await cluster.close();
    }
  },
};

export default suite;
