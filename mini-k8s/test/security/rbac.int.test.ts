/**
 * RBAC with the real kubectl: Forbidden texts, `kubectl auth can-i` (also --list, -n, --subresource),
 * RoleBindings to Roles and ClusterRoles, resourceNames, aggregation, escalation prevention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../integration/harness';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster(2);
}, 120_000);

afterAll(async () => {
  await tc?.stop();
});

async function ok(args: string[], input?: string): Promise<string> {
  const result = await tc.kubectl(args, input === undefined ? {} : { input });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('RBAC through the real kubectl', () => {
  it('denies a user without bindings with the upstream Forbidden text', async () => {
    const result = await tc.kubectl(['get', 'pods', '--as', 'bob']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    const one = await tc.kubectl(['get', 'deployment', 'web', '-n', 'kube-system', '--as', 'bob']);
    expect(one.stderr).toBe(
      'Error from server (Forbidden): deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "kube-system"\n',
    );
    const nodes = await tc.kubectl(['get', 'nodes', '--as', 'bob']);
    expect(nodes.stderr).toBe(
      'Error from server (Forbidden): nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope\n',
    );
  });

  it('answers can-i like a real cluster before and after a RoleBinding to the view ClusterRole', async () => {
    const before = await tc.kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'bob']);
    expect(before).toMatchObject({ code: 1, stdout: 'no\n' });
    await ok(['create', 'rolebinding', 'bob-view', '--clusterrole=view', '--user=bob', '-n', 'default']);
    await waitFor(
      async () => (await tc.kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'bob'])).code === 0,
    );
    expect(await ok(['auth', 'can-i', 'get', 'pods', '--subresource=log', '--as', 'bob'])).toBe('yes\n');
    expect(
      await tc.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'kube-system', '--as', 'bob']),
    ).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await tc.kubectl(['auth', 'can-i', 'create', 'deployments', '--as', 'bob'])).toMatchObject({
      code: 1,
      stdout: 'no\n',
    });
    // view does not include Secrets; edit does not include roles.
    expect(await tc.kubectl(['auth', 'can-i', 'get', 'secrets', '--as', 'bob'])).toMatchObject({
      stdout: 'no\n',
    });
    expect(await ok(['auth', 'can-i', 'get', 'deployments.apps', '--subresource=scale', '--as', 'bob'])).toBe(
      'yes\n',
    );
    expect(await tc.kubectl(['auth', 'can-i', 'update', 'deployments/scale', '--as', 'bob'])).toMatchObject({
      stdout: 'no\n',
    });
    const pods = await tc.kubectl(['get', 'pods', '--as', 'bob']);
    expect(pods).toMatchObject({ code: 0, stderr: 'No resources found in default namespace.\n' });
  });

  it('lists the rules of a user without bindings with can-i --list', async () => {
    const out = await ok(['auth', 'can-i', '--list', '--as', 'carol']);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'Resources Non-Resource URLs Resource Names Verbs',
      'selfsubjectreviews.authentication.k8s.io [] [] [create]',
      'selfsubjectaccessreviews.authorization.k8s.io [] [] [create]',
      'selfsubjectrulesreviews.authorization.k8s.io [] [] [create]',
      '[/api/*] [] [get]',
      '[/api] [] [get]',
      '[/apis/*] [] [get]',
      '[/apis] [] [get]',
      '[/healthz] [] [get]',
      '[/healthz] [] [get]',
      '[/livez] [] [get]',
      '[/livez] [] [get]',
      '[/openapi/*] [] [get]',
      '[/openapi] [] [get]',
      '[/readyz] [] [get]',
      '[/readyz] [] [get]',
      '[/version/] [] [get]',
      '[/version/] [] [get]',
      '[/version] [] [get]',
      '[/version] [] [get]',
    ]);
  });

  it('honours resourceNames and Roles', async () => {
    await ok([
      'create',
      'role',
      'cm-reader',
      '--verb=get',
      '--resource=configmaps',
      '--resource-name=app-config',
      '-n',
      'default',
    ]);
    await ok(['create', 'rolebinding', 'alice-cm', '--role=cm-reader', '--user=alice', '-n', 'default']);
    await waitFor(
      async () =>
        (await tc.kubectl(['auth', 'can-i', 'get', 'configmaps/app-config', '--as', 'alice'])).code === 0,
    );
    expect(await tc.kubectl(['auth', 'can-i', 'get', 'configmaps/other', '--as', 'alice'])).toMatchObject({
      stdout: 'no\n',
    });
    expect(await tc.kubectl(['auth', 'can-i', 'list', 'configmaps', '--as', 'alice'])).toMatchObject({
      stdout: 'no\n',
    });
    const table = await ok(['auth', 'can-i', '--list', '-n', 'default', '--as', 'alice']);
    const rows = table.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(rows).toContain('configmaps [] [app-config] [get]');
  });

  it('lets a group member in through a ClusterRoleBinding and answers with groups', async () => {
    await ok([
      'create',
      'clusterrolebinding',
      'ops-nodes',
      '--clusterrole=system:node-proxier',
      '--group=ops',
    ]);
    await waitFor(
      async () =>
        (await tc.kubectl(['auth', 'can-i', 'list', 'nodes', '--as', 'dan', '--as-group', 'ops'])).code === 0,
    );
    expect(await tc.kubectl(['auth', 'can-i', 'list', 'nodes', '--as', 'dan'])).toMatchObject({
      stdout: 'no\n',
    });
  });

  it('aggregates labelled ClusterRoles into view', async () => {
    await ok(
      ['apply', '-f', '-'],
      [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        '  name: lease-viewer',
        '  labels:',
        '    rbac.authorization.k8s.io/aggregate-to-view: "true"',
        'rules:',
        '- apiGroups: ["coordination.k8s.io"]',
        '  resources: ["leases"]',
        '  verbs: ["get", "list"]',
      ].join('\n'),
    );
    await waitFor(
      async () => (await tc.kubectl(['auth', 'can-i', 'list', 'leases', '--as', 'bob'])).code === 0,
    );
    const admin = JSON.parse(await ok(['get', 'clusterrole', 'admin', '-o', 'json'])) as { rules: unknown[] };
    expect(admin.rules).toContainEqual({
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['get', 'list'],
    });
  });

  it('prevents privilege escalation unless the user holds escalate or bind', async () => {
    await ok(['create', 'rolebinding', 'erin-admin', '--clusterrole=admin', '--user=erin', '-n', 'default']);
    await waitFor(
      async () => (await tc.kubectl(['auth', 'can-i', 'create', 'roles', '--as', 'erin'])).code === 0,
    );
    // Rules erin holds: allowed.
    await ok(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '--as', 'erin']);
    const denied = await tc.kubectl([
      'create',
      'role',
      'node-reader',
      '--verb=get',
      '--resource=nodes',
      '--verb=list',
      '--as',
      'erin',
    ]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(
      'roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "erin" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get" "list"]}',
    );
    const bind = await tc.kubectl([
      'create',
      'rolebinding',
      'erin-cluster-admin',
      '--clusterrole=cluster-admin',
      '--user=erin',
      '--as',
      'erin',
    ]);
    expect(bind.code).toBe(1);
    expect(bind.stderr).toContain(
      'rolebindings.rbac.authorization.k8s.io "erin-cluster-admin" is forbidden: user "erin" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
    );
    // Binding a role erin holds entirely is fine.
    await ok(['create', 'rolebinding', 'frank-reader', '--role=pod-reader', '--user=frank', '--as', 'erin']);
  });

  it('authenticates a ServiceAccount JWT from kubectl create token, with its groups', async () => {
    await ok(['create', 'serviceaccount', 'builder']);
    const token = (await ok(['create', 'token', 'builder'])).trim();
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
    expect(payload.sub).toBe('system:serviceaccount:default:builder');
    const whoami = await ok(['--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo}']);
    expect(JSON.parse(whoami)).toMatchObject({
      username: 'system:serviceaccount:default:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    });
    const denied = await tc.kubectl(['--token', token, 'get', 'secrets']);
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:builder" cannot list resource "secrets" in API group "" in the namespace "default"\n',
    );
    const forged = await tc.kubectl(['--token', `${token.slice(0, -4)}AAAA`, 'get', 'pods']);
    expect(forged.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });
});
