/**
 * The built-in shell's kubectl on a real in-process cluster: `kubectl edit` through the page editor and
 * through the terminal line editor (vi), and `kubectl get -w` ended by Ctrl-C.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../../mini-k8s/src/cmd/cluster';
import type { SandboxCluster } from '../sandboxes/cluster';
import { createHarness } from '../shell/harness';
import { kubectlCommand } from './builtin-shell';

describe('built-in shell kubectl', () => {
  let cluster: Cluster;
  let kubectl: ReturnType<typeof kubectlCommand>;

  beforeAll(async () => {
    cluster = await createCluster({ speed: 0 });
    const sandbox = {
      client: cluster.client,
      nodeConnector: cluster.nodeConnector,
    } as unknown as SandboxCluster;
    kubectl = kubectlCommand(async () => sandbox);
    await createHarness({ kubectl }).run('kubectl create configmap cfg --from-literal=a=b');
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('edits an object in the page editor and patches the change', async () => {
    const seen: string[] = [];
    const h = createHarness({
      kubectl,
      openEditor: async (path, content) => {
        seen.push(path);
        return content.replace('a: b', 'a: page');
      },
    });
    const r = await h.run('kubectl edit cm cfg');
    expect(r).toEqual({ status: 0, out: 'configmap/cfg edited\n', err: '' });
    expect(seen[0]).toMatch(/^\/tmp\/kubectl-edit-\d+\.yaml$/);
    expect((await h.run('kubectl get cm cfg -o jsonpath={.data.a}')).out).toBe('page');
  });

  it('edits with the terminal line editor when no page is attached', async () => {
    const h = createHarness({ kubectl });
    const cancelled = await h.run('kubectl edit cm cfg', 'q!\n');
    expect(cancelled.status).toBe(0);
    expect(cancelled.err).toBe('Edit cancelled, no changes made.\n');
    // Header (4 lines), apiVersion, data:, then `  a: page` on line 7.
    const r = await h.run('kubectl edit cm cfg', 'c 7\n  a: line\n.\nwq\n');
    expect(r.status).toBe(0);
    expect(r.out).toContain('configmap/cfg edited\n');
    expect((await h.run('kubectl get cm cfg -o jsonpath={.data.a}')).out).toBe('line');
    // The temporary file does not stay in the learner's files.
    expect(
      h.fs.exists('/tmp') ? h.fs.readDir('/tmp').filter((f) => f.startsWith('kubectl-edit-')) : [],
    ).toEqual([]);
  });

  it('watches until Ctrl-C', async () => {
    const h = createHarness({ kubectl });
    const abort = new AbortController();
    const running = h.run('kubectl get cm -w', '', abort.signal);
    await new Promise((r) => setTimeout(r, 1000));
    await h.run('kubectl create configmap watched');
    // The harness shows the output only at the end: give the event time to arrive, then press Ctrl-C.
    await new Promise((r) => setTimeout(r, 2000));
    abort.abort();
    const result = await running;
    expect(result.out).toMatch(/^NAME +DATA +AGE\ncfg +1 +\S+\n/);
    expect(result.out).toMatch(/\nwatched +0 +\S+\n$/);
  }, 30_000);

  it('has contexts for the lesson users, who authenticate with their own token', async () => {
    const users = [
      { name: 'alice', token: 'alice-token-for-tests-0123456789', groups: ['developpeurs'] },
      { name: 'bob', token: 'bob-token-for-tests-0123456789', groups: ['lecteurs'] },
    ];
    const secured = await createCluster({ speed: 0, users });
    try {
      const sandbox = {
        client: secured.client,
        apiServer: secured.apiServer,
        nodeConnector: secured.nodeConnector,
      } as unknown as SandboxCluster;
      const h = createHarness({
        kubectl: kubectlCommand(
          async () => sandbox,
          () => users,
        ),
      });
      const contexts = await h.run('kubectl config get-contexts');
      expect(contexts.err).toBe('');
      expect(contexts.out.split('\n').map((l) => l.replace(/ +/g, ' ').trimEnd())).toEqual([
        'CURRENT NAME CLUSTER AUTHINFO NAMESPACE',
        ' alice atelier alice default',
        '* atelier atelier apprenant default',
        ' bob atelier bob default',
        '',
      ]);
      expect(await h.run('kubectl --context alice get pods')).toEqual({
        status: 1,
        out: '',
        err: 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
      });
      // The terminal's kubectl has no `create rolebinding` generator yet: bind through the API.
      await secured.client.create(
        { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', namespaced: true },
        'default',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'alice-view' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
        },
      );
      expect(await h.run('kubectl --context=alice get pods')).toEqual({
        status: 0,
        out: '',
        err: 'No resources found in default namespace.\n',
      });
      expect((await h.run('kubectl --context bob get pods')).status).toBe(1);
      expect((await h.run('kubectl get pods')).status).toBe(0);
      expect(await h.run('kubectl --context carol get pods')).toEqual({
        status: 1,
        out: '',
        err: 'error: context was not found for specified context: carol\n',
      });
    } finally {
      await secured.close();
    }
  }, 60_000);
});
