/**
 * `kubectl port-forward` in the built-in shell: kubectl's `Forwarding from` lines, then the French line with
 * the platform URL of the port (served by routes.ts), until Ctrl-C ends it successfully.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import type { SandboxCluster } from '../sandboxes/cluster';
import { createHarness } from '../shell/harness';
import { kubectlCommand } from '../terminal/builtin-shell';

describe('port-forward in the built-in shell', () => {
  let cluster: Cluster;
  let kubectl: ReturnType<typeof kubectlCommand>;

  beforeAll(async () => {
    cluster = await createCluster({ speed: 0 });
    const sandbox = {
      client: cluster.client,
      nodeConnector: cluster.nodeConnector,
    } as unknown as SandboxCluster;
    kubectl = kubectlCommand(async () => sandbox, undefined, 'sbx-42');
    const h = createHarness({ kubectl });
    await h.run('kubectl create deployment web --image=nginx:1.25 --port=80');
    const ready = await h.run('kubectl wait --for=condition=Available deploy/web --timeout=60s');
    expect(ready.status).toBe(0);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('prints the forwarding lines and the URL of the port until Ctrl-C', async () => {
    const h = createHarness({ kubectl });
    const abort = new AbortController();
    const running = h.run('kubectl port-forward deploy/web 8080:80', '', abort.signal);
    await new Promise((r) => setTimeout(r, 500));
    abort.abort();
    const result = await running;
    // The shell reports an interrupted command as bash does (128 + SIGINT).
    expect(result.status).toBe(130);
    expect(result.err).toBe('');
    const [first, second, third, ...rest] = result.out.split('\n');
    expect([first, second]).toEqual([
      'Forwarding from 127.0.0.1:8080 -> 80',
      'Forwarding from [::1]:8080 -> 80',
    ]);
    expect(third).toMatch(
      /^Ce terminal n'a pas de port local : le port 80 du Pod « (web-[a-z0-9]+-[a-z0-9]+) » est joignable à l'adresse \/api\/sandboxes\/sbx-42\/port-forward\/default\/\1\/80\/$/,
    );
    expect(rest).toEqual(['']);
  }, 30_000);

  it('explains why a port cannot be forwarded', async () => {
    const h = createHarness({ kubectl });
    expect(await h.run('kubectl port-forward deploy/web')).toEqual({
      status: 1,
      out: '',
      err: "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n",
    });
    const unknown = await h.run('kubectl port-forward pod/nope 80');
    expect(unknown).toEqual({
      status: 1,
      out: '',
      err: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });
});
