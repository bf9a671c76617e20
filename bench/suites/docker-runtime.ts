/**
 * Docker runtime pod start: a pod through the DockerRuntime (pause container + app container on the
 * sandbox network) against a bare `docker run` of the same image, measured in one run (target ratio ≤ 1.3).
 * Skipped with a reason when no Docker daemon answers.
 */
import Docker from 'dockerode';
import { benchPodStart } from '../../mini-k8s/src/kubelet/runtime/docker/bench';
import { probeDocker } from '../../mini-k8s/src/testing/requirements';
import type { BenchResult, BenchSuite } from '../types';

const suite: BenchSuite = {
  name: 'docker-runtime',
  async run(): Promise<BenchResult> {
    const docker = await probeDocker();
    if (!docker.ok) throw new Error(`cannot measure: ${docker.reason}`);
    const r = await benchPodStart(new Docker(), { iterations: 5 });
    return {
      title: 'Docker runtime: pod start vs bare docker run (target ratio ≤ 1.3)',
      method: `Median of ${r.iterations} starts of ${r.image} (offline image), same daemon, same run.`,
      columns: [
        'pod start (ms)',
        'docker run CLI (ms)',
        'docker API create+start (ms)',
        'ratio vs CLI',
        'ratio vs API',
      ],
      rows: [
        [
          r.runtimeMs.toFixed(0),
          r.dockerRunMs.toFixed(0),
          r.dockerApiMs.toFixed(0),
          r.ratio.toFixed(2),
          r.apiRatio.toFixed(2),
        ],
      ],
      raw: r,
    };
  },
};

export default suite;
