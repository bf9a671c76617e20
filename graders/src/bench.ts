/**
 * Grading benchmarks. `benchCheck` times one check (target p99 < 20 ms); `benchWorkshop` grades every
 * grader for every learner at once, as an instructor's dashboard refresh does (target < 2 s for 100
 * learners). `runGradingBench` builds the default workload — one in-process cluster (`speed: 0`) with one
 * namespace per learner holding a Deployment, a Service and a bound PVC — and runs both.
 * Run: `npx tsx graders/src/bench.ts` (BENCH_LEARNERS, default 100).
 */
import { pathToFileURL } from 'node:url';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { createCluster } from '../../mini-k8s/src/cmd/cluster';
import { type Check, type GradeContext, ReadCache, resolveKind } from './checks/check';
import { pvcBound, serviceEndpoints } from './checks/cluster-resources';
import { countForSelector, fieldEquals, objectExists } from './checks/objects';
import { conditionTrue, podsRunningReady } from './checks/status';
import { rolloutComplete } from './checks/workloads';
import { defineGrader, gradeExercise, type Grader } from './grader';

/** Latencies are in milliseconds. */
export interface CheckBenchResult {
  p50: number;
  p99: number;
  iterations: number;
}

export interface WorkshopBenchResult {
  learners: number;
  graders: number;
  checks: number;
  /** Wall time to grade every grader for every learner, all concurrently. */
  totalMs: number;
  /**
   * CPU time (user + system) of the whole process during the round: what the round costs whatever else the
   * machine runs (it also counts the clusters' own background work during the round).
   */
  cpuMs: number;
}

function cpuMillis(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** percentile reads the q-quantile of sorted values. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** benchCheck runs `check` sequentially after a warm-up and reports p50/p99. */
export async function benchCheck(
  check: Check,
  ctx: GradeContext,
  iterations = 200,
): Promise<CheckBenchResult> {
  for (let i = 0; i < 20; i++) await check.run(ctx);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await check.run(ctx);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), iterations };
}

/**
 * benchWorkshop grades every grader for every learner concurrently and times the whole. A learner's
 * graders share one ReadCache (they grade the same snapshot of that learner's cluster) unless
 * `shareReads` is false.
 */
export async function benchWorkshop(
  graders: Grader[],
  learners: GradeContext[],
  shareReads = true,
): Promise<WorkshopBenchResult> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    learners.flatMap((learner) => {
      const ctx = shareReads ? { ...learner, reads: new ReadCache() } : learner;
      return graders.map((grader) => gradeExercise(grader, ctx));
    }),
  );
  return {
    learners: learners.length,
    graders: graders.length,
    checks: learners.length * graders.reduce((n, g) => n + g.checks.length, 0),
    totalMs: performance.now() - start,
    cpuMs: cpuMillis(process.cpuUsage(cpuStart)),
  };
}

/** defaultGraders are representative graders covering every kind of API read the checks do. */
export function defaultGraders(): Grader[] {
  const id = (name: string) => ({ id: name, title: name });
  return [
    defineGrader({
      checks: [
        objectExists({ ...id('deployment'), kind: 'Deployment', name: 'web' }),
        fieldEquals({ ...id('replicas'), kind: 'Deployment', name: 'web', path: 'spec.replicas', value: 2 }),
        podsRunningReady({ ...id('pods'), selector: 'app=web', count: 2 }),
      ],
    }),
    defineGrader({
      checks: [
        rolloutComplete({ ...id('rollout'), name: 'web', image: 'nginx:1.25' }),
        conditionTrue({ ...id('available'), kind: 'Deployment', name: 'web', type: 'Available' }),
        countForSelector({ ...id('count'), kind: 'Pod', selector: 'app=web', count: 2 }),
      ],
    }),
    defineGrader({ checks: [serviceEndpoints({ ...id('endpoints'), name: 'web', ready: 2 })] }),
    defineGrader({ checks: [pvcBound({ ...id('pvc'), name: 'data', accessMode: 'ReadWriteOnce' })] }),
  ];
}

/** learnerObjects is one learner's state: a 2-replica Deployment, its Service, a PV and a claim bound to it. */
function learnerObjects(ns: string): { kind: string; namespace?: string; body: Record<string, unknown> }[] {
  return [
    { kind: 'Namespace', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } },
    {
      kind: 'Deployment',
      namespace: ns,
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
          },
        },
      },
    },
    {
      kind: 'Service',
      namespace: ns,
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    },
    {
      kind: 'PersistentVolume',
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: `pv-${ns}` },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'manual',
          claimRef: { namespace: ns, name: 'data' },
          hostPath: { path: `/data/${ns}` },
        },
      },
    },
    {
      kind: 'PersistentVolumeClaim',
      namespace: ns,
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'manual',
          resources: { requests: { storage: '1Gi' } },
        },
      },
    },
  ];
}

/** runGradingBench builds the default workload for `learners` learners and runs both benchmarks. */
export async function runGradingBench(
  learners = 100,
): Promise<{ check: CheckBenchResult; workshop: WorkshopBenchResult; passed: number }> {
  // Why more nodes for big workshops: a node accepts 110 pods (kubelet default) and each learner runs 2.
  const cluster = await createCluster({ speed: 0, nodes: Math.max(3, Math.ceil((learners * 2) / 100) + 2) });
  try {
    const contexts: GradeContext[] = [];
    for (let i = 0; i < learners; i++) {
      const ns = `learner-${String(i).padStart(3, '0')}`;
      for (const o of learnerObjects(ns)) {
        await cluster.client.create(resolveKind(o.kind), o.namespace, o.body as unknown as KubeObject);
      }
      contexts.push({ client: cluster.client, namespace: ns });
    }
    const graders = defaultGraders();
    // Wait (bounded) until the workload settled: every learner passes every grader.
    const deadline = Date.now() + 60_000;
    let passed = 0;
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const all = await Promise.all(
        contexts.map(async (ctx) =>
          (await Promise.all(graders.map((g) => gradeExercise(g, ctx)))).every((s) => s.passed),
        ),
      );
      passed = all.filter(Boolean).length;
    } while (passed < learners && Date.now() < deadline);
    const check = await benchCheck(graders[0]!.checks[2]!, contexts[0]!);
    const workshop = await benchWorkshop(graders, contexts);
    return { check, workshop, passed };
  } finally {
    await cluster.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runGradingBench(Number(process.env.BENCH_LEARNERS ?? 100));
  console.log(JSON.stringify(result, null, 2));
}
