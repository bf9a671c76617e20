/**
 * `kubectl attach` in the built-in shell, through the in-process streams (kubelet attach): the prompt hint,
 * the session until Ctrl-C, and kubectl's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import type { SandboxCluster } from '../sandboxes/cluster';
import { createHarness } from '../shell/harness';
import { kubectlCommand } from './builtin-shell';

describe('kubectl attach in the built-in shell', () => {
  let cluster: Cluster;
  let kubectl: ReturnType<typeof kubectlCommand>;

  beforeAll(async () => {
    cluster = await createCluster({ speed: 0 });
    const sandbox = {
      client: cluster.client,
      nodeConnector: cluster.nodeConnector,
    } as unknown as SandboxCluster;
    kubectl = kubectlCommand(async () => sandbox);
    const h = createHarness({ kubectl });
    await h.run('kubectl run web --image=nginx:1.25');
    expect((await h.run('kubectl wait --for=condition=Ready pod/web --timeout=60s')).status).toBe(0);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('attaches to the running container until Ctrl-C', async () => {
    const h = createHarness({ kubectl });
    const abort = new AbortController();
    const running = h.run('kubectl attach web', '', abort.signal);
    await new Promise((r) => setTimeout(r, 500));
    abort.abort();
    expect(await running).toEqual({
      status: 130,
      out: '',
      err: "If you don't see a command prompt, try pressing enter.\n",
    });
  }, 30_000);

  it('refuses unknown containers', async () => {
    const h = createHarness({ kubectl });
    expect(await h.run('kubectl attach web -c nope')).toEqual({
      status: 1,
      out: '',
      err: 'error: cannot attach to the container: container nope not found in pod web\n',
    });
  });
});
