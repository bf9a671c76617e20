/**
 * directPodNetworkProblem checks, at start-up, what `DOCKER_POD_NETWORK=direct` needs (the daemon's bridges
 * visible from this process, CAP_NET_ADMIN and CAP_SYS_ADMIN, `ip` and `nsenter`). It returns why the mode is
 * impossible, or undefined when it works. A daemon that does not answer is not a reason to stop: sandboxes
 * then start simulated with a French notice, as with the default network.
 */
import Docker from 'dockerode';
import { preflightDirectNetwork } from '../../../mini-k8s/src/kubelet/runtime/docker/direct-network';

export async function directPodNetworkProblem(docker: Docker = new Docker()): Promise<string | undefined> {
  try {
    await docker.ping();
  } catch {
    return undefined;
  }
  try {
    await preflightDirectNetwork(docker);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
