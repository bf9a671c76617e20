/**
 * dockerRuntimeFactory gives each node of a `mini-k8s up --runtime docker` cluster a DockerRuntime: real
 * containers on one Docker network for the whole cluster, with the course images built offline first (no
 * registry needed) and containers of a previous run re-adopted.
 */
import { join } from 'node:path';
import Docker from 'dockerode';
import type { PodNetworkSetting } from '../kubelet/runtime/docker/direct-network';
import { DockerRuntime } from '../kubelet/runtime/docker/docker-runtime';
import { buildCourseImages } from '../kubelet/runtime/docker/offline-images';
import type { RuntimeFactory } from './cluster';

/** DockerFactoryOptions tune where the runtime keeps what it binds into containers. */
export interface DockerFactoryOptions {
  /**
   * filesRoot holds configMap/secret/token files (default: tmpfs under /dev/shm). Set it when this process runs
   * in a container whose /dev/shm is not the Docker host's (bind sources are resolved on the host).
   */
  filesRoot?: string;
  /** podNetwork of every node's runtime (default: `DOCKER_POD_NETWORK`, see DockerRuntimeOptions.podNetwork). */
  podNetwork?: PodNetworkSetting;
}

/**
 * @param dataDir where the cluster's volume data lives (one folder per node)
 * @param sandboxId the Docker-side identity of the cluster: network name, labels, cleanup unit
 */
export async function dockerRuntimeFactory(
  dataDir: string,
  sandboxId: string,
  options: DockerFactoryOptions = {},
): Promise<RuntimeFactory> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `--runtime docker needs a Docker daemon, and none answers (${(err as Error).message}); use --runtime simulated`,
      { cause: err },
    );
  }
  await buildCourseImages(docker);
  return async (node) => {
    const runtime = new DockerRuntime({
      docker,
      sandboxId,
      nodeName: node.name,
      podCidr: node.podCidr,
      dataDir: join(dataDir, 'docker', node.name),
      ...(options.filesRoot ? { filesDir: join(options.filesRoot, `atelier-${sandboxId}`) } : {}),
      ...(options.podNetwork ? { podNetwork: options.podNetwork } : {}),
    });
    await runtime.adopt();
    return runtime;
  };
}
