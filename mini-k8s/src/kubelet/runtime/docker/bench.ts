/**
 * benchPodStart measures, in one run on the same daemon and image, how long a pod takes to start through
 * DockerRuntime (sandbox container + app container, image present) against a bare `docker run -d` of the
 * same image and command (the CLI, as a person would type it) and against the bare API create+start. The
 * issue's target is `ratio` (runtime / docker run) at most 1.3. Run directly to print a result:
 * `node --import tsx mini-k8s/src/kubelet/runtime/docker/bench.ts`.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { DEFAULT_IMAGE_ALIASES } from './course-images';
import { DockerRuntime } from './docker-runtime';
import { networkName } from './network';
import { buildCourseImages } from './offline-images';

const run = promisify(execFile);

/** PodStartBench is one benchmark result; times are medians in milliseconds. */
export interface PodStartBench {
  iterations: number;
  image: string;
  runtimeMs: number;
  dockerRunMs: number;
  dockerApiMs: number;
  /**
   * dockerRunNetworkMs is `docker run -d --network atelier-<sandbox>`: the same bare run on the pods' own
   * user-defined bridge network, whose endpoint set-up (IPAM, veth, embedded DNS) is most of a pod start.
   */
  dockerRunNetworkMs: number;
  /** ratio is runtimeMs / dockerRunMs (target <= 1.3). */
  ratio: number;
  /** apiRatio is runtimeMs / dockerApiMs (the daemon work alone, without CLI start-up). */
  apiRatio: number;
  /** networkRatio is runtimeMs / dockerRunNetworkMs (the same network set-up on both sides). */
  networkRatio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * benchPodStart alternates the three measurements `iterations` times (so daemon warm-up and background
 * load affect them alike) and cleans up every container it started.
 */
export async function benchPodStart(
  docker: Docker = new Docker(),
  options: { iterations?: number; image?: string } = {},
): Promise<PodStartBench> {
  const iterations = options.iterations ?? 5;
  const image = options.image ?? 'nginx:1.27';
  await buildCourseImages(docker);
  const local = DEFAULT_IMAGE_ALIASES[image] ?? image;
  const sandboxId = `bench-${process.pid}`;
  const runtime = new DockerRuntime({
    docker,
    sandboxId,
    nodeName: 'bench',
    dataDir: path.join(os.tmpdir(), `atelier-${sandboxId}`),
  });
  const label = `atelier.bench=${sandboxId}`;
  const samples = {
    runtime: [] as number[],
    cli: [] as number[],
    api: [] as number[],
    network: [] as number[],
  };
  try {
    await runtime.pullImage(image);
    for (let i = 0; i < iterations; i++) {
      let sandbox = '';
      samples.runtime.push(
        await timed(async () => {
          sandbox = await runtime.runPodSandbox({
            name: `web-${i}`,
            namespace: 'default',
            uid: `bench-${i}`,
            hostname: `web-${i}`,
          });
          const id = await runtime.createContainer(sandbox, { name: 'web', image });
          await runtime.startContainer(id);
        }),
      );
      // Untimed: the pod goes, so any number of iterations stays within the sandbox's memory budget.
      await runtime.removePodSandbox(sandbox);
      samples.cli.push(await timed(() => run('docker', ['run', '-d', '--label', label, local])));
      samples.network.push(
        await timed(() =>
          run('docker', ['run', '-d', '--network', networkName(sandboxId), '--label', label, local]),
        ),
      );
      samples.api.push(
        await timed(async () => {
          const container = await docker.createContainer({
            Image: local,
            Labels: { 'atelier.bench': sandboxId },
          });
          await container.start();
        }),
      );
    }
  } finally {
    // The bare runs first: those on the sandbox network would keep the runtime from removing it.
    const left = await docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    await runtime.close();
  }
  const runtimeMs = median(samples.runtime);
  const dockerRunMs = median(samples.cli);
  const dockerApiMs = median(samples.api);
  const dockerRunNetworkMs = median(samples.network);
  return {
    iterations,
    image,
    runtimeMs,
    dockerRunMs,
    dockerApiMs,
    dockerRunNetworkMs,
    ratio: runtimeMs / dockerRunMs,
    apiRatio: runtimeMs / dockerApiMs,
    networkRatio: runtimeMs / dockerRunNetworkMs,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPodStart(), null, 2));
}
