/**
 * benchPodStart measures, in one run on the same daemon and image, how long a pod takes to start through
 * DockerRuntime, against bare Docker starts of the same image. The pod start is driven as the kubelet drives
 * it (`sync-pod.ts`): runPodSandbox with the pod IP, podSandboxStatus, imageStatus twice (pull policy, then
 * runAsNonRoot), createContainer, startContainer. The baselines:
 *
 * - `docker run -d` (the CLI, as a person would type it) on the default bridge: the issue's target is
 *   `ratio` (runtime / docker run) at most 1.3;
 * - `docker run -d --network atelier-<sandbox>`: the same run on the pods' own user-defined bridge, whose
 *   endpoint set-up (IPAM, veth, Docker's embedded DNS) every pod pays and the default bridge does not;
 * - the bare API create+start on the default bridge (the daemon's work without the CLI's start-up);
 * - `twoStarts`: the bare API calls a pod is made of, a network-owning container on the sandbox network then
 *   a container joining it (`NetworkMode: container:<id>`), without any runtime logic: the floor of this
 *   design, so `runtimeMs / twoStartsMs` is the runtime's own overhead.
 *
 * The same pod start is also measured with the direct pod network (`DOCKER_POD_NETWORK=direct`,
 * `direct-network.ts`: pause container without Docker networking, veth plugged by the runtime) on the same
 * sandbox network, alternated with the rest; `direct` says why when this process cannot use that mode.
 *
 * Run directly to print a result: `node --import tsx mini-k8s/src/kubelet/runtime/docker/bench.ts [N]`.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { DEFAULT_IMAGE_ALIASES, OFFLINE_TAGS } from './course-images';
import { DockerRuntime } from './docker-runtime';
import { ipToString, networkName, parseCidr } from './network';
import { buildCourseImages } from './offline-images';

const run = promisify(execFile);

/** Phase is the median of one measured series, with its spread. */
export interface Phase {
  median: number;
  p10: number;
  p90: number;
}

/** PodStartBench is one benchmark result; times are in milliseconds. */
export interface PodStartBench {
  iterations: number;
  image: string;
  runtime: Phase;
  /** sandbox is runPodSandbox + podSandboxStatus (the pause container's create and start). */
  sandbox: Phase;
  /** container is imageStatus ×2 + createContainer + startContainer (the app container joining the pod). */
  container: Phase;
  dockerRun: Phase;
  dockerRunNetwork: Phase;
  dockerApi: Phase;
  twoStarts: Phase;
  /** ratio is runtime / docker run on the default bridge (the target: at most 1.3). */
  ratio: number;
  /** networkRatio is runtime / docker run on the sandbox network (the same network set-up on both sides). */
  networkRatio: number;
  /** apiRatio is runtime / bare API create+start on the default bridge. */
  apiRatio: number;
  /** overheadRatio is runtime / twoStarts: what the runtime adds to the two Docker starts of a pod. */
  overheadRatio: number;
  /**
   * direct is the pod start with the direct pod network, with its ratios to `docker run -d` on the default
   * bridge and on the sandbox network; `skipped` when this process cannot plug pods (not root, remote daemon).
   */
  direct: DirectPodStart | { skipped: string };
  /** loadAverage is the 1-minute load average before and after the run. */
  loadAverage: { before: number; after: number };
}

/** DirectPodStart is the pod start measured with the direct pod network. */
export interface DirectPodStart {
  runtime: Phase;
  sandbox: Phase;
  container: Phase;
  ratio: number;
  networkRatio: number;
  /** dockerModeRatio is direct / docker-mode pod start medians (below 1: the direct mode is faster). */
  dockerModeRatio: number;
}

function phase(values: number[]): Phase {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p10: at(0.1), p90: at(0.9) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * benchPodStart alternates the measurements `iterations` times (so daemon warm-up and background load
 * affect them alike) and cleans up every container it started.
 */
export async function benchPodStart(
  docker: Docker = new Docker(),
  options: { iterations?: number; image?: string } = {},
): Promise<PodStartBench> {
  const iterations = options.iterations ?? 15;
  const image = options.image ?? 'nginx:1.27';
  await buildCourseImages(docker);
  const local = DEFAULT_IMAGE_ALIASES[image] ?? image;
  const sandboxId = `bench-${process.pid}`;
  const network = networkName(sandboxId);
  const runtime = new DockerRuntime({
    docker,
    sandboxId,
    nodeName: 'bench',
    dataDir: path.join(os.tmpdir(), `atelier-${sandboxId}`),
  });
  const directRuntime = new DockerRuntime({
    docker,
    sandboxId,
    nodeName: 'bench-direct',
    dataDir: path.join(os.tmpdir(), `atelier-${sandboxId}-direct`),
    podNetwork: 'direct',
  });
  let directSkipped = '';
  const label = `atelier.bench=${sandboxId}`;
  const labels = { 'atelier.bench': sandboxId };
  const samples = {
    runtime: [] as number[],
    sandbox: [] as number[],
    container: [] as number[],
    cli: [] as number[],
    network: [] as number[],
    api: [] as number[],
    twoStarts: [] as number[],
    direct: [] as number[],
    directSandbox: [] as number[],
    directContainer: [] as number[],
  };
  /** podStart drives one pod start as the kubelet does and returns its sandbox id and phase times. */
  const podStart = async (target: DockerRuntime, i: number, podIp: string | undefined) => {
    let sandbox = '';
    let sandboxMs = 0;
    let containerMs = 0;
    const total = await timed(async () => {
      sandboxMs = await timed(async () => {
        sandbox = await target.runPodSandbox({
          name: `web-${i}`,
          namespace: 'default',
          uid: `bench-${i}`,
          hostname: `web-${i}`,
          podIp,
        });
        await target.podSandboxStatus(sandbox);
      });
      containerMs = await timed(async () => {
        await target.imageStatus(image);
        await target.imageStatus(image);
        const id = await target.createContainer(sandbox, { name: 'web', image });
        await target.startContainer(id);
      });
    });
    // Untimed: the pod goes, so any number of iterations stays within the sandbox's memory budget.
    await target.removePodSandbox(sandbox);
    return { total, sandboxMs, containerMs };
  };
  const loadBefore = os.loadavg()[0];
  try {
    await runtime.pullImage(image);
    // Pod IPs as the kubelet's IPAM gives them: inside the sandbox network's subnet (see `sandbox.ts`).
    const subnet = (await docker.getNetwork(network).inspect()).IPAM?.Config?.[0]?.Subnet ?? '';
    const base = subnet ? parseCidr(subnet).base : 0;
    try {
      await directRuntime.adopt();
    } catch (err) {
      directSkipped = (err as Error).message;
    }
    for (let i = 0; i < iterations; i++) {
      const pod = await podStart(runtime, i, base ? ipToString(base + 10 + i) : undefined);
      samples.runtime.push(pod.total);
      samples.sandbox.push(pod.sandboxMs);
      samples.container.push(pod.containerMs);
      if (!directSkipped) {
        const direct = await podStart(directRuntime, i, undefined);
        samples.direct.push(direct.total);
        samples.directSandbox.push(direct.sandboxMs);
        samples.directContainer.push(direct.containerMs);
      }
      samples.cli.push(await timed(() => run('docker', ['run', '-d', '--label', label, local])));
      samples.network.push(
        await timed(() => run('docker', ['run', '-d', '--network', network, '--label', label, local])),
      );
      samples.api.push(
        await timed(async () => {
          const container = await docker.createContainer({ Image: local, Labels: labels });
          await container.start();
        }),
      );
      samples.twoStarts.push(
        await timed(async () => {
          const holder = await docker.createContainer({
            Image: OFFLINE_TAGS.pause,
            Cmd: ['sleep', '2147483647'],
            Labels: labels,
            HostConfig: { NetworkMode: network },
          });
          await holder.start();
          const app = await docker.createContainer({
            Image: local,
            Labels: labels,
            HostConfig: { NetworkMode: `container:${holder.id}` },
          });
          await app.start();
        }),
      );
      // Untimed, as for the pod: bare containers do not pile up over the iterations.
      const left = await docker.listContainers({ all: true, filters: { label: [label] } });
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    }
  } finally {
    // The bare runs first: those on the sandbox network would keep the runtime from removing it.
    const left = await docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    if (!directSkipped) await directRuntime.close();
    await runtime.close();
  }
  const result = {
    runtime: phase(samples.runtime),
    sandbox: phase(samples.sandbox),
    container: phase(samples.container),
    dockerRun: phase(samples.cli),
    dockerRunNetwork: phase(samples.network),
    dockerApi: phase(samples.api),
    twoStarts: phase(samples.twoStarts),
  };
  const runtimeMs = result.runtime.median;
  return {
    iterations,
    image,
    ...result,
    ratio: runtimeMs / result.dockerRun.median,
    networkRatio: runtimeMs / result.dockerRunNetwork.median,
    apiRatio: runtimeMs / result.dockerApi.median,
    overheadRatio: runtimeMs / result.twoStarts.median,
    direct: directSkipped
      ? { skipped: directSkipped }
      : (() => {
          const direct = phase(samples.direct);
          return {
            runtime: direct,
            sandbox: phase(samples.directSandbox),
            container: phase(samples.directContainer),
            ratio: direct.median / result.dockerRun.median,
            networkRatio: direct.median / result.dockerRunNetwork.median,
            dockerModeRatio: direct.median / runtimeMs,
          };
        })(),
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const iterations = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify(await benchPodStart(new Docker(), { iterations }), null, 2));
}
