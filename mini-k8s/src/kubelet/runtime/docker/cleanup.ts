/**
 * Sandbox cleanup without a runtime instance: what the server calls when a learner sandbox is deleted, and
 * what `DockerRuntime.close()` does once the last node of a sandbox is gone.
 */
import fs from 'node:fs';
import type Docker from 'dockerode';
import { LABELS, SANDBOX_ROLE, sandboxFilter } from './labels';
import { removeNetwork } from './network';
import type { VolumeDirs } from './volumes';

/**
 * removeDockerSandbox deletes every container and the network of a learner sandbox, and its directories;
 * usable without a runtime instance (server-side sandbox deletion).
 */
export async function removeDockerSandbox(
  docker: Docker,
  sandboxId: string,
  dirs?: VolumeDirs,
): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: sandboxFilter(sandboxId) });
  // Why: app containers first, their sandbox containers last (they hold the namespaces).
  containers.sort(
    (a, b) =>
      (a.Labels[LABELS.role] === SANDBOX_ROLE ? 1 : 0) - (b.Labels[LABELS.role] === SANDBOX_ROLE ? 1 : 0),
  );
  for (const c of containers) {
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  await removeNetwork(docker, sandboxId);
  if (dirs) {
    fs.rmSync(dirs.dataDir, { recursive: true, force: true });
    fs.rmSync(dirs.filesDir, { recursive: true, force: true });
  }
}
