/**
 * Kubernetes runtime (RUNTIME=kubernetes): BENCH_K8S_SANDBOXES (default 10) learner clusters of
 * BENCH_K8S_NODES (default 2) nodes whose pods run as pods of ONE host cluster — an in-process mini-k8s whose
 * own nodes run the simulated runtime at speed 0, its API also on a loopback port for exec/attach — then
 * BENCH_K8S_PODS (default 3) busybox pods created at once in every sandbox. Reported: time until every
 * learner pod is Running, per-pod start latency (creation → Running, p50/p95) next to the same load on the
 * simulated runtime, host pods per learner pod, and the time to close every cluster with a check that no
 * host pod is left. What it measures is the runtime's own overhead (one host pod per learner pod, watches,
 * one namespace per sandbox), not a real host's image pulls or container starts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { ApiClient } from '../../mini-k8s/src/client/client';
import { inProcessTransport } from '../../mini-k8s/src/client/transport';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { kubernetesRuntimeFactory } from '../../mini-k8s/src/cmd/kubernetes-runtime';
import { PODS } from '../../mini-k8s/src/kubelet/status-manager';
import type { Pod } from '../../mini-k8s/src/kubelet/types';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const SANDBOXES = Number(process.env.BENCH_K8S_SANDBOXES ?? 10);
const NODES = Number(process.env.BENCH_K8S_NODES ?? 2);
const PODS_PER_SANDBOX = Number(process.env.BENCH_K8S_PODS ?? 3);
const RUNNING_TIMEOUT_MS = 10 * 60_000;

interface Fleet {
  allRunningMs: number;
  startLatencies: number[];
  closeMs: number;
}

/** runFleet starts the clusters, creates the pods at once, waits for Running, then closes everything. */
async function runFleet(makeCluster: (i: number) => Promise<Cluster>): Promise<Fleet> {
  const clusters = await Promise.all(Array.from({ length: SANDBOXES }, (_, i) => makeCluster(i)));
  const created = new Map<string, number>();
  const running = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    clusters.flatMap((cluster, c) =>
      Array.from({ length: PODS_PER_SANDBOX }, async (_, p) => {
        const name = `box-${p}`;
        created.set(`${c}/${name}`, performance.now());
        await cluster.client.create(PODS, 'default', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
        });
      }),
    ),
  );
  const deadline = Date.now() + RUNNING_TIMEOUT_MS;
  while (running.size < SANDBOXES * PODS_PER_SANDBOX) {
    if (Date.now() > deadline) throw new Error(`only ${running.size} pods Running after the timeout`);
    for (const [c, cluster] of clusters.entries()) {
      const list = await cluster.client.list<Pod>(PODS, 'default');
      for (const pod of list.items) {
        const key = `${c}/${pod.metadata.name}`;
        if (pod.status?.phase === 'Running' && !running.has(key)) running.set(key, performance.now());
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const allRunningMs = performance.now() - started;
  const startLatencies = [...running].map(([key, at]) => at - created.get(key)!);
  const closing = performance.now();
  await Promise.all(clusters.map((cluster) => cluster.close()));
  return { allRunningMs, startLatencies, closeMs: performance.now() - closing };
}

const suite: BenchSuite = {
  name: 'kubernetes-runtime',
  async run(): Promise<BenchResult> {
    const host = await createCluster({ speed: 0, nodes: 3 });
    const server = http.createServer(getRequestListener(host.apiServer.fetch));
    server.on('upgrade', (req, socket, head) => host.apiServer.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new ApiClient({ transport: inProcessTransport(host.apiServer.fetch, host.adminToken) });
    const hostCluster = {
      client,
      streams: { baseUrl, token: host.adminToken },
      source: 'bench',
      server: baseUrl,
    };
    try {
      const simulated = await runFleet(() => createCluster({ speed: 0, nodes: NODES }));
      const kubernetes = await runFleet(async (i) =>
        createCluster({
          speed: 0,
          nodes: NODES,
          runtime: kubernetesRuntimeFactory({ host: hostCluster, namespace: `atelier-bench-${i}` }),
        }),
      );
      const left = (await client.list(PODS)).items.filter(
        (p) => p.metadata.namespace?.startsWith('atelier-bench-') && !p.metadata.deletionTimestamp,
      );
      if (left.length > 0) throw new Error(`${left.length} host pods left after closing every cluster`);
      // Measured before closing would race the close; count what one more sandbox makes instead.
      const probe = await createCluster({
        speed: 0,
        nodes: NODES,
        runtime: kubernetesRuntimeFactory({ host: hostCluster, namespace: 'atelier-bench-count' }),
      });
      await probe.client.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'two' },
        spec: {
          containers: [
            { name: 'a', image: 'busybox:1.36', command: ['sleep', '3600'] },
            { name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] },
          ],
        },
      });
      for (let i = 0; i < 600; i++) {
        const pod = await probe.client.get<Pod>(PODS, 'default', 'two');
        if (pod.status?.phase === 'Running') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const hostPodsPerLearnerPod = (await client.list(PODS, 'atelier-bench-count')).items.filter(
        (p) => !p.metadata.deletionTimestamp,
      ).length;
      await probe.close();
      const row = (label: string, f: Fleet) => [
        label,
        ms(f.allRunningMs),
        ms(percentile(f.startLatencies, 50)),
        ms(percentile(f.startLatencies, 95)),
        ms(f.closeMs),
      ];
      return {
        title: 'Kubernetes runtime (pods of an in-process host cluster)',
        method: `${SANDBOXES} sandboxes × ${NODES} nodes, ${PODS_PER_SANDBOX} busybox pods each created at once; host = in-process mini-k8s (3 nodes, simulated runtime, speed 0); same load on the simulated runtime for comparison. A learner pod with 2 containers makes ${hostPodsPerLearnerPod} host pod(s) (the whole pod: one expected). No host pod left after close.`,
        columns: [
          'runtime',
          'all Running (ms)',
          'pod start p50 (ms)',
          'pod start p95 (ms)',
          'close all (ms)',
        ],
        rows: [row('simulated', simulated), row('kubernetes', kubernetes)],
        raw: {
          sandboxes: SANDBOXES,
          nodes: NODES,
          podsPerSandbox: PODS_PER_SANDBOX,
          simulated,
          kubernetes,
          hostPodsPerLearnerPod,
        },
      };
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await host.close();
    }
  },
};

export default suite;
