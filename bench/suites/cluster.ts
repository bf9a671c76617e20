/**
 * Whole-cluster benchmarks (in process, simulated runtime at speed 0, memory storage):
 * - rollout latency: time from creating a 3-replica Deployment through the API to its 3 pods Running,
 *   20 runs on one warm cluster (target p50 < 100 ms);
 * - heap: heapUsed growth of a 3-node cluster running 50 pods, after full garbage collections
 *   (target < 30 MB).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { findResource } from '../../mini-k8s/src/api/resources';
import { SharedInformerFactory } from '../../mini-k8s/src/client/shared-informers';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { type BenchResult, type BenchSuite, ms, percentile } from '../types';

const RUNS = 20;
const HEAP_PODS = 50;
const PODS = findResource('', 'v1', 'pods')!;
const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;

/** collectGarbage returns a full-GC function: `global.gc` under --expose-gc, else one enabled through V8 flags. */
function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  // Why: the bench runs under tsx without --expose-gc; V8 exposes `gc` to contexts created after the flag.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { bench: name } },
      template: {
        metadata: { labels: { bench: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  };
}

function newCluster(): Promise<Cluster> {
  return createCluster({ storage: new MemoryStorage(), adminToken: 'bench', nodes: 3, speed: 0 });
}

/** runningWaiter resolves `until(name, n)` once n pods labelled bench=<name> are Running (watch-driven). */
async function runningWaiter(cluster: Cluster) {
  const informers = new SharedInformerFactory(cluster.client);
  const pods = informers.informerFor(PODS, { namespace: 'default' });
  let wake: () => void = () => undefined;
  pods.addHandler({ onAdd: () => wake(), onUpdate: () => wake() });
  informers.start();
  await informers.waitForSync();
  const count = (name: string) =>
    pods.list(
      (p) =>
        p.metadata.labels?.bench === name &&
        (p.status as { phase?: string } | undefined)?.phase === 'Running' &&
        !p.metadata.deletionTimestamp,
    ).length;
  return {
    until(name: string, n: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (count(name) >= n) {
            wake = () => undefined;
            resolve();
          }
        };
        wake = check;
        check();
      });
    },
    stop: () => informers.stop(),
  };
}

async function measureRollouts(): Promise<number[]> {
  const cluster = await newCluster();
  const waiter = await runningWaiter(cluster);
  try {
    // Warm-up: JIT and informer caches of every component.
    await cluster.client.create(DEPLOYMENTS, 'default', deployment('warmup', 3));
    await waiter.until('warmup', 3);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `run-${i}`;
      const start = performance.now();
      await cluster.client.create(DEPLOYMENTS, 'default', deployment(name, 3));
      await waiter.until(name, 3);
      samples.push(performance.now() - start);
      // Keep the cluster at a steady size: the next run starts from the same pod count.
      await cluster.client.delete(DEPLOYMENTS, 'default', name);
    }
    return samples;
  } finally {
    await waiter.stop();
    await cluster.close();
  }
}

async function measureHeap(gc: () => void): Promise<{ before: number; after: number; delta: number }> {
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return process.memoryUsage().heapUsed;
  };
  const before = await settle();
  const cluster = await newCluster();
  const waiter = await runningWaiter(cluster);
  try {
    await cluster.client.create(DEPLOYMENTS, 'default', deployment('heap', HEAP_PODS));
    await waiter.until('heap', HEAP_PODS);
    // Let status writes, events and endpoint updates triggered by the last pods finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await settle();
    return { before, after, delta: after - before };
  } finally {
    await waiter.stop();
    await cluster.close();
  }
}

const suite: BenchSuite = {
  name: 'cluster',
  async run(): Promise<BenchResult> {
    const gc = collectGarbage();
    // Heap first, on a fresh process state, so the rollout cluster's garbage does not count.
    const heap = await measureHeap(gc);
    const samples = await measureRollouts();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    return {
      title: 'Whole cluster in process (targets: rollout p50 < 100 ms, 50-pod cluster heap < 30 MB)',
      method: `3-node cluster (scheduler, controller manager, 3 kubelets, simulated runtime at speed 0, memory storage); rollout = create a 3-replica Deployment through the API until its 3 pods are Running (watch), ${RUNS} runs after a warm-up; heap = heapUsed growth after full GCs from before the cluster starts to ${HEAP_PODS} Running pods.`,
      columns: ['measure', 'p50', 'p99', 'min', 'max'],
      rows: [
        [
          'rollout 3 pods (ms)',
          ms(percentile(samples, 50)),
          ms(percentile(samples, 99)),
          ms(Math.min(...samples)),
          ms(Math.max(...samples)),
        ],
        [`heap, ${HEAP_PODS} running pods (MB)`, mb(heap.delta), '', mb(heap.before), mb(heap.after)],
      ],
      raw: { rolloutMs: samples, heap },
    };
  },
};

export default suite;
