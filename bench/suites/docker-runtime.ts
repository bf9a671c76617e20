/**
 * Docker runtime, three measurements in one run (skipped with a reason when no Docker daemon answers):
 *
 * 1. Pod start (`benchPodStart`): a pod through the DockerRuntime as the kubelet drives it (pause container +
 *    app container on the sandbox network) against bare Docker starts of the same image: `docker run -d` on
 *    the default bridge (target ratio ≤ 1.3), `docker run -d` on the sandbox's own network, and the two bare
 *    API starts a pod is made of (the design's floor); medians of BENCH_POD_STARTS (default 21) alternated
 *    starts, with p10–p90. The same pod start with the direct pod network (`DOCKER_POD_NETWORK=direct`:
 *    the runtime plugs the pause container into the bridge itself), alternated with the others, with both
 *    its ratios; reported as skipped, with the reason, when this process cannot use that mode (the platform's
 *    default `DOCKER_POD_NETWORK=auto` takes that mode exactly when this check passes).
 * 2. One pod through a whole cluster: from the API create to the status `Running` read back (scheduler,
 *    kubelet, runtime, status write), medians of BENCH_CLUSTER_PODS (default 9) pods created one at a time,
 *    in both pod network modes (the direct one when possible).
 * 3. The classroom fleet: BENCH_DOCKER_SANDBOXES (default 20) whole clusters on the Docker runtime (API
 *    server, scheduler, controllers, BENCH_DOCKER_NODES kubelets, one Docker network each), then
 *    BENCH_DOCKER_PODS (default 5) nginx pods created at once in every sandbox: time until every pod is
 *    Running, memory of the containers (their memory cgroups) and of this process (RSS delta), then the
 *    time to close every cluster (containers, networks and directories removed) and a check that nothing
 *    is left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { type Cluster, createCluster } from '../../mini-k8s/src/cmd/cluster';
import { dockerRuntimeFactory } from '../../mini-k8s/src/cmd/docker-runtime';
import { benchPodStart, type Phase } from '../../mini-k8s/src/kubelet/runtime/docker/bench';
import { LABELS } from '../../mini-k8s/src/kubelet/runtime/docker/labels';
import { PODS } from '../../mini-k8s/src/kubelet/status-manager';
import type { Pod } from '../../mini-k8s/src/kubelet/types';
import { probeDocker } from '../../mini-k8s/src/testing/requirements';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const POD_STARTS = Number(process.env.BENCH_POD_STARTS ?? 21);
const CLUSTER_PODS = Number(process.env.BENCH_CLUSTER_PODS ?? 9);
const SANDBOXES = Number(process.env.BENCH_DOCKER_SANDBOXES ?? 20);
const PODS_PER_SANDBOX = Number(process.env.BENCH_DOCKER_PODS ?? 5);
const NODES = Number(process.env.BENCH_DOCKER_NODES ?? 2);
/** Give up waiting for Running after this long (the machine may be loaded). */
const RUNNING_TIMEOUT_MS = 10 * 60_000;

const MiB = 1024 * 1024;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/** containerMemory reads a container's memory cgroup (v1 cgroupfs, v2 systemd or cgroupfs); undefined if absent. */
function containerMemory(id: string): number | undefined {
  for (const file of [
    `/sys/fs/cgroup/memory/docker/${id}/memory.usage_in_bytes`,
    `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.current`,
    `/sys/fs/cgroup/docker/${id}/memory.current`,
  ]) {
    try {
      return Number(fs.readFileSync(file, 'utf8').trim());
    } catch {
      // Try the next layout.
    }
  }
  return undefined;
}

/** runningPods counts the Running pods of one sandbox. */
async function runningPods(cluster: Cluster): Promise<number> {
  const list = await cluster.client.list<Pod>(PODS, 'default');
  return list.items.filter((p) => p.status?.phase === 'Running').length;
}

/**
 * benchClusterPod creates BENCH_CLUSTER_PODS pods one after another in one cluster on the Docker runtime and
 * times each from its create to its `Running` phase read back from the API server (polled every 5 ms);
 * each pod is deleted, and gone, before the next one.
 */
async function benchClusterPod(podNetwork: 'docker' | 'direct' = 'docker'): Promise<Phase> {
  const previous = process.env.DOCKER_POD_NETWORK;
  process.env.DOCKER_POD_NETWORK = podNetwork;
  try {
    return await clusterPodStarts();
  } finally {
    if (previous === undefined) delete process.env.DOCKER_POD_NETWORK;
    else process.env.DOCKER_POD_NETWORK = previous;
  }
}

async function clusterPodStarts(): Promise<Phase> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-pod-'));
  const runtime = await dockerRuntimeFactory(root, `pod${process.pid}`);
  const cluster = await createCluster({ nodes: 2, speed: 1, runtime });
  const samples: number[] = [];
  try {
    for (let i = 0; i < CLUSTER_PODS; i++) {
      const name = `web-${i}`;
      const begin = performance.now();
      await cluster.client.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      });
      while ((await cluster.client.get<Pod>(PODS, 'default', name)).status?.phase !== 'Running') {
        if (performance.now() - begin > RUNNING_TIMEOUT_MS) throw new Error(`pod ${name} not Running`);
        await new Promise((r) => setTimeout(r, 5));
      }
      samples.push(performance.now() - begin);
      await cluster.client.delete(PODS, 'default', name, { gracePeriodSeconds: 0 });
      const deleted = performance.now();
      while ((await cluster.client.list<Pod>(PODS, 'default')).items.length > 0) {
        if (performance.now() - deleted > RUNNING_TIMEOUT_MS) throw new Error(`pod ${name} not deleted`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    await cluster.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p10: percentile(sorted, 10), p90: percentile(sorted, 90) };
}

/** spread formats a phase as `median [p10–p90]` in milliseconds. */
function spread(p: Phase): string {
  return `${ms(p.median)} [${ms(p.p10)}–${ms(p.p90)}]`;
}

interface FleetResult {
  sandboxes: number;
  podsPerSandbox: number;
  nodes: number;
  clusterStartMs: number;
  /** allRunningMs: from the first pod create to the last pod Running, over the whole fleet. */
  allRunningMs: number;
  /** sandboxRunningMs: per sandbox, from its creates to its last pod Running. */
  sandboxRunningMs: number[];
  containers: number;
  containerMemoryBytes?: number;
  processRssDeltaBytes: number;
  cleanupMs: number;
  leftContainers: number;
  leftNetworks: number;
}

async function benchFleet(docker: Docker): Promise<FleetResult> {
  const run = `fleet${process.pid}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-fleet-'));
  const rssBefore = process.memoryUsage().rss;
  const clusters: Cluster[] = [];
  try {
    const [, clusterStartMs] = await timed(async () => {
      for (let i = 0; i < SANDBOXES; i++) {
        const runtime = await dockerRuntimeFactory(path.join(root, `s${i}`), `${run}s${i}`);
        clusters.push(await createCluster({ nodes: NODES, speed: 1, runtime }));
      }
    });

    const started = performance.now();
    const sandboxRunningMs: number[] = [];
    await Promise.all(
      clusters.map(async (cluster, i) => {
        const begin = performance.now();
        await Promise.all(
          Array.from({ length: PODS_PER_SANDBOX }, (_, p) =>
            cluster.client.create(PODS, 'default', {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: `web-${p}`, labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
            }),
          ),
        );
        while ((await runningPods(cluster)) < PODS_PER_SANDBOX) {
          if (performance.now() - started > RUNNING_TIMEOUT_MS) {
            throw new Error(`sandbox ${i}: pods not Running after ${RUNNING_TIMEOUT_MS / 1000} s`);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        sandboxRunningMs.push(performance.now() - begin);
      }),
    );
    const allRunningMs = performance.now() - started;

    const mine = await docker.listContainers({ filters: { label: [LABELS.sandbox] } });
    const fleet = mine.filter((c) => c.Labels[LABELS.sandbox]?.startsWith(run));
    const memories = fleet.map((c) => containerMemory(c.Id));
    const containerMemoryBytes = memories.every((m) => m !== undefined)
      ? memories.reduce((sum: number, m) => sum + (m ?? 0), 0)
      : undefined;
    const processRssDeltaBytes = process.memoryUsage().rss - rssBefore;

    const [, cleanupMs] = await timed(async () => {
      await Promise.all(clusters.splice(0).map((c) => c.close()));
    });
    const left = (await docker.listContainers({ all: true, filters: { label: [LABELS.sandbox] } })).filter(
      (c) => c.Labels[LABELS.sandbox]?.startsWith(run),
    );
    const networks = (await docker.listNetworks()).filter((n) => n.Name.includes(run));
    return {
      sandboxes: SANDBOXES,
      podsPerSandbox: PODS_PER_SANDBOX,
      nodes: NODES,
      clusterStartMs,
      allRunningMs,
      sandboxRunningMs,
      containers: fleet.length,
      containerMemoryBytes,
      processRssDeltaBytes,
      cleanupMs,
      leftContainers: left.length,
      leftNetworks: networks.length,
    };
  } finally {
    await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'docker-runtime',
  async run(): Promise<BenchResult> {
    const probe = await probeDocker();
    if (!probe.ok) throw new Error(`cannot measure: ${probe.reason}`);
    const docker = new Docker();
    const start = await benchPodStart(docker, { iterations: POD_STARTS });
    const clusterPod = await benchClusterPod();
    const directClusterPod = 'skipped' in start.direct ? undefined : await benchClusterPod('direct');
    const direct = start.direct;
    const directRows: [string, string][] =
      'skipped' in direct
        ? [['pod start, direct pod network', `not measured: ${direct.skipped}`]]
        : [
            ['pod start, direct pod network (DOCKER_POD_NETWORK=direct) (ms)', spread(direct.runtime)],
            [
              '  of which the pod sandbox: pause without Docker networking + veth plugged (ms)',
              spread(direct.sandbox),
            ],
            ['  of which the app container (ms)', spread(direct.container)],
            ['direct: ratio vs `docker run -d`, default bridge (target ≤ 1.3)', direct.ratio.toFixed(2)],
            ['direct: ratio vs `docker run -d` on the sandbox network', direct.networkRatio.toFixed(2)],
            ['direct / docker pod network, pod start medians', direct.dockerModeRatio.toFixed(2)],
          ];
    const fleet = await benchFleet(docker);
    const pods = fleet.sandboxes * fleet.podsPerSandbox;
    const load = os.loadavg()[0].toFixed(1);
    const startLoad = `${start.loadAverage.before.toFixed(1)} → ${start.loadAverage.after.toFixed(1)}`;
    return {
      title: `Docker runtime: pod start vs docker run (target ≤ 1.3), and ${fleet.sandboxes} sandboxes × ${fleet.podsPerSandbox} pods`,
      method:
        `Pod start: median [p10–p90] of ${start.iterations} alternated starts of ${start.image} (offline image), ` +
        `the pod driven as the kubelet does (runPodSandbox with the pod IP, podSandboxStatus, imageStatus ×2, ` +
        `createContainer, startContainer); load average ${startLoad} during it. One pod through a cluster: ` +
        `${CLUSTER_PODS} pods created one at a time, API create to Running. Fleet: ` +
        `${fleet.sandboxes} whole clusters (${fleet.nodes} nodes each) started one after another, then ` +
        `${fleet.podsPerSandbox} nginx pods created at once in each; memory from the containers' cgroups and ` +
        `this process' RSS. ${os.cpus().length} CPUs shared with other work (load average ${load} at the end).`,
      columns: ['measure', 'value'],
      rows: [
        ['pod start through DockerRuntime (ms)', spread(start.runtime)],
        [
          '  of which the pod sandbox: pause create + start on the sandbox network (ms)',
          spread(start.sandbox),
        ],
        ['  of which the app container: image status ×2, create, start (ms)', spread(start.container)],
        ['bare `docker run -d`, default bridge (ms)', spread(start.dockerRun)],
        ['bare `docker run -d --network atelier-<sandbox>` (ms)', spread(start.dockerRunNetwork)],
        ['bare API create+start, default bridge (ms)', spread(start.dockerApi)],
        ['bare API: network owner on the sandbox network + joined container (ms)', spread(start.twoStarts)],
        ['ratio vs `docker run -d`, default bridge (target ≤ 1.3)', start.ratio.toFixed(2)],
        ['ratio vs `docker run -d` on the sandbox network', start.networkRatio.toFixed(2)],
        ['ratio vs bare API create+start, default bridge', start.apiRatio.toFixed(2)],
        ['ratio vs the two bare starts of a pod (runtime overhead)', start.overheadRatio.toFixed(2)],
        ...directRows,
        ['load average during the pod starts (1 min, before → after)', startLoad],
        ['one pod through a 2-node cluster: create → Running (ms)', spread(clusterPod)],
        ...(directClusterPod
          ? [['the same, direct pod network (ms)', spread(directClusterPod)] as [string, string]]
          : []),
        [`start ${fleet.sandboxes} clusters (s)`, (fleet.clusterStartMs / 1000).toFixed(1)],
        [`${pods} pods: all Running (s)`, (fleet.allRunningMs / 1000).toFixed(1)],
        ['one sandbox: its pods Running, p50 / p99 (s)', sandboxSpread(fleet.sandboxRunningMs)],
        ['containers (pause + app)', fleet.containers],
        [
          'container memory, total / per pod (MiB)',
          fleet.containerMemoryBytes === undefined
            ? 'no memory cgroup found'
            : `${(fleet.containerMemoryBytes / MiB).toFixed(0)} / ${(fleet.containerMemoryBytes / MiB / pods).toFixed(1)}`,
        ],
        [
          'this process RSS delta, total / per sandbox (MiB)',
          `${(fleet.processRssDeltaBytes / MiB).toFixed(0)} / ${(fleet.processRssDeltaBytes / MiB / fleet.sandboxes).toFixed(1)}`,
        ],
        [`cleanup of ${fleet.sandboxes} sandboxes (s)`, (fleet.cleanupMs / 1000).toFixed(1)],
        ['containers / networks left', `${fleet.leftContainers} / ${fleet.leftNetworks}`],
      ],
      raw: { podStart: start, clusterPod, directClusterPod, fleet, loadAverage: os.loadavg() },
    };
  },
};

function sandboxSpread(values: number[]): string {
  return `${(percentile(values, 50) / 1000).toFixed(1)} / ${(percentile(values, 99) / 1000).toFixed(1)}`;
}

export default suite;
