/**
 * Whole-cluster benchmarks (in process, simulated runtime at speed 0, memory storage):
 * - rollout latency: time from creating a 3-replica Deployment through the API to its 3 pods Running,
 *   100 runs on one warm cluster, each after the previous run's teardown (target p50 and p99 < 100 ms), split
 *   into stages (ReplicaSet created, pods created, bound, Running) to show where the time goes, plus 30 runs
 *   overlapping the previous Deployment's deletion (the garbage collector and kubelets busy meanwhile);
 * - heap: heapUsed growth of a 3-node cluster running 50 pods, after full garbage collections
 *   (target < 30 MB).
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { findResource } from '../../mini-k8s/src/api/resources';
import { SharedInformerFactory } from '../../mini-k8s/src/client/shared-informers';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { type BenchResult, type BenchSuite, ms, percentile } from '../types';

const RUNS = 100;
const OVERLAPPED_RUNS = 30;
const HEAP_PODS = 50;
const PODS = findResource('', 'v1', 'pods')!;
const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;

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

/** STAGES are the steps of a rollout, each reached when all 3 pods (or the ReplicaSet) got there. */
const STAGES = ['replicaset', 'pods created', 'pods bound', 'pods running'] as const;
type Stage = (typeof STAGES)[number];

/**
 * rolloutWatcher follows pods and ReplicaSets labelled bench=<name> through one watch each and records, per
 * name, when each stage was first reached (performance.now()); `until(name, stage, n)` waits for a stage.
 */
async function rolloutWatcher(cluster: Cluster) {
  const informers = new SharedInformerFactory(cluster.client);
  const pods = informers.informerFor(PODS, { namespace: 'default' });
  const replicaSets = informers.informerFor(REPLICASETS, { namespace: 'default' });
  const reached = new Map<string, Map<Stage, number>>();
  const waiters = new Set<() => void>();
  const note = (name: string | undefined, stage: Stage) => {
    if (!name) return;
    const stages = reached.get(name) ?? new Map<Stage, number>();
    reached.set(name, stages);
    if (!stages.has(stage)) stages.set(stage, performance.now());
  };
  const count = (name: string, test: (p: KubeObject) => boolean) =>
    pods.list((p) => p.metadata.labels?.bench === name && !p.metadata.deletionTimestamp && test(p)).length;
  const onPod = (pod: KubeObject) => {
    const name = pod.metadata.labels?.bench;
    if (!name) return;
    const replicas = expected.get(name) ?? Infinity;
    if (count(name, () => true) >= replicas) note(name, 'pods created');
    if (count(name, (p) => Boolean((p.spec as { nodeName?: string }).nodeName)) >= replicas)
      note(name, 'pods bound');
    if (count(name, (p) => (p.status as { phase?: string } | undefined)?.phase === 'Running') >= replicas) {
      note(name, 'pods running');
    }
    for (const wake of waiters) wake();
  };
  const expected = new Map<string, number>();
  pods.addHandler({
    onAdd: onPod,
    onUpdate: (_o, p) => onPod(p),
    onDelete: () => waiters.forEach((w) => w()),
  });
  replicaSets.addHandler({ onAdd: (rs) => note(rs.metadata.labels?.bench, 'replicaset') });
  informers.start();
  await informers.waitForSync();
  const waitUntil = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return {
    expect(name: string, replicas: number) {
      expected.set(name, replicas);
    },
    running(name: string, n: number): Promise<void> {
      return waitUntil(
        () => count(name, (p) => (p.status as { phase?: string } | undefined)?.phase === 'Running') >= n,
      );
    },
    /** gone waits until no pod of `name` is left in the API (the teardown finished). */
    gone(name: string): Promise<void> {
      return waitUntil(() => pods.list((p) => p.metadata.labels?.bench === name).length === 0);
    },
    stages: (name: string) => reached.get(name) ?? new Map<Stage, number>(),
    stop: () => informers.stop(),
  };
}

interface RolloutSamples {
  /** total is create → 3 pods Running, on a cluster where the previous run's teardown finished. */
  total: number[];
  /** stage → time from the create call to that stage. */
  stages: Record<Stage, number[]>;
  /** overlapped is create → Running while the previous Deployment is still being torn down. */
  overlapped: number[];
}

async function measureRollouts(): Promise<RolloutSamples> {
  const cluster = await newCluster();
  const watcher = await rolloutWatcher(cluster);
  const samples: RolloutSamples = {
    total: [],
    stages: Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<Stage, number[]>,
    overlapped: [],
  };
  const rollout = async (name: string): Promise<{ start: number; total: number }> => {
    watcher.expect(name, 3);
    const start = performance.now();
    await cluster.client.create(DEPLOYMENTS, 'default', deployment(name, 3));
    await watcher.running(name, 3);
    return { start, total: performance.now() - start };
  };
  try {
    // Warm-up: JIT and informer caches of every component.
    await rollout('warmup');
    await cluster.client.delete(DEPLOYMENTS, 'default', 'warmup');
    await watcher.gone('warmup');
    for (let i = 0; i < RUNS; i++) {
      const name = `run-${i}`;
      const { start, total } = await rollout(name);
      samples.total.push(total);
      for (const [stage, at] of watcher.stages(name)) samples.stages[stage].push(at - start);
      // Keep the cluster at a steady size: the next run starts once this one's pods are gone.
      await cluster.client.delete(DEPLOYMENTS, 'default', name);
      await watcher.gone(name);
    }
    // The same rollout while the previous Deployment's pods are still being deleted (GC, kubelets).
    for (let i = 0; i < OVERLAPPED_RUNS; i++) {
      const name = `overlap-${i}`;
      samples.overlapped.push((await rollout(name)).total);
      await cluster.client.delete(DEPLOYMENTS, 'default', name);
    }
    return samples;
  } finally {
    await watcher.stop();
    await cluster.close();
  }
}

async function runningWaiter(cluster: Cluster) {
  const watcher = await rolloutWatcher(cluster);
  return { until: (name: string, n: number) => watcher.running(name, n), stop: watcher.stop };
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
    const row = (label: string, values: number[]) => [
      label,
      ms(percentile(values, 50)),
      ms(percentile(values, 99)),
      ms(Math.min(...values)),
      ms(Math.max(...values)),
    ];
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    return {
      title:
        'Whole cluster in process (targets: rollout p50 < 100 ms and p99 < 100 ms, 50-pod cluster heap < 30 MB)',
      method: `3-node cluster (scheduler, controller manager, 3 kubelets, simulated runtime at speed 0, memory storage); rollout = create a 3-replica Deployment through the API until its 3 pods are Running (watch), ${RUNS} runs after a warm-up, each once the previous run's pods are gone; the stage rows split the same runs (time from the create call until the ReplicaSet, then all 3 pods, are created / bound / Running); the overlapped row is ${OVERLAPPED_RUNS} more runs started while the previous Deployment is still being deleted; heap = heapUsed growth after full GCs from before the cluster starts to ${HEAP_PODS} Running pods. Load average at the end (1/5/15 min): ${load}.`,
      columns: ['measure', 'p50', 'p99', 'min', 'max'],
      rows: [
        row('rollout 3 pods (ms)', samples.total),
        ...STAGES.map((stage) => row(`  stage: ${stage} (ms)`, samples.stages[stage])),
        row('rollout 3 pods, previous run tearing down (ms)', samples.overlapped),
        [`heap, ${HEAP_PODS} running pods (MB)`, mb(heap.delta), '', mb(heap.before), mb(heap.after)],
      ],
      raw: {
        rolloutMs: samples.total,
        stagesMs: samples.stages,
        overlappedMs: samples.overlapped,
        heap,
        loadavg: loadavg(),
      },
    };
  },
};

export default suite;
