import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { createControlPlane } from '../../../cmd/control-plane';
import { MemoryStorage } from '../../../storage/memory/store';
import { CLUSTER_ROLES, RBACAuthorizer } from './authorizer';
import type { RbacSource } from './authorizer';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';

function tableSource(objects: KubeObject[]): RbacSource {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    clusterRoleBindings: async () => of('ClusterRoleBinding'),
    roleBindings: async (ns) => of('RoleBinding').filter((b) => b.metadata.namespace === ns),
    clusterRole: async (name) => of('ClusterRole').find((r) => r.metadata.name === name),
    role: async (ns, name) => of('Role').find((r) => r.metadata.name === name && r.metadata.namespace === ns),
  };
}

const rbac = 'rbac.authorization.k8s.io/v1';
const sa = {
  username: 'system:serviceaccount:team:builder',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
};

describe('RBACAuthorizer', () => {
  const source = tableSource([
    ...bootstrapClusterRoles(),
    ...bootstrapClusterRoleBindings(),
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: 'deployer', namespace: 'team' },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }],
    },
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: 'builder', namespace: 'team' },
      roleRef: { kind: 'Role', name: 'deployer', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'ServiceAccount', name: 'builder' }],
    },
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: 'dangling', namespace: 'team' },
      roleRef: { kind: 'Role', name: 'gone', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'User', name: 'zoe' }],
    },
  ]);
  const authorizer = new RBACAuthorizer(source);

  it('lets system:masters do anything without reading RBAC objects', async () => {
    const empty = new RBACAuthorizer(tableSource([]));
    const decision = await empty.authorize({
      user: { username: 'x', groups: ['system:masters'] },
      verb: 'delete',
      resourceRequest: true,
      resource: 'nodes',
    });
    expect(decision.allowed).toBe(true);
  });

  it('binds a ServiceAccount subject without namespace to the RoleBinding namespace', async () => {
    const attrs = {
      user: sa,
      verb: 'create',
      resourceRequest: true,
      group: 'apps',
      resource: 'deployments',
      namespace: 'team',
    };
    expect(await authorizer.authorize(attrs)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "builder/team" of Role "deployer" to ServiceAccount "builder/team"',
    });
    expect((await authorizer.authorize({ ...attrs, namespace: 'other' })).allowed).toBe(false);
  });

  it('explains a binding to a missing role in the denial reason', async () => {
    const decision = await authorizer.authorize({
      user: { username: 'zoe', groups: ['system:authenticated'] },
      verb: 'get',
      resourceRequest: true,
      group: '',
      resource: 'pods',
      namespace: 'team',
    });
    expect(decision).toEqual({
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it('gives every authenticated user discovery and the anonymous user public info only', async () => {
    const anonymous = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    const get = (user: typeof anonymous, path: string) =>
      authorizer.authorize({ user, verb: 'get', resourceRequest: false, path });
    expect((await get(anonymous, '/version')).allowed).toBe(true);
    expect((await get(anonymous, '/apis')).allowed).toBe(false);
    expect((await get({ username: 'u', groups: ['system:authenticated'] }, '/apis/apps/v1')).allowed).toBe(
      true,
    );
  });
});

describe('bootstrap policy in a control plane', () => {
  it('creates the default roles at start and restores an edited autoupdate role on restart', async () => {
    const storage = new MemoryStorage();
    const first = await createControlPlane({ nodes: 1, storage });
    const names = (await first.client.list(CLUSTER_ROLES)).items.map((r) => r.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'cluster-admin',
        'admin',
        'edit',
        'view',
        'system:basic-user',
        'system:discovery',
      ]),
    );
    const basic = await first.client.get(CLUSTER_ROLES, undefined, 'system:basic-user');
    await first.client.update(CLUSTER_ROLES, undefined, { ...basic, rules: [] });
    const custom = await first.client.get(CLUSTER_ROLES, undefined, 'system:public-info-viewer');
    await first.client.update(CLUSTER_ROLES, undefined, {
      ...custom,
      metadata: {
        ...custom.metadata,
        annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' },
      },
      rules: [],
    });
    await first.close();
    const second = await createControlPlane({ nodes: 1, storage });
    try {
      const restored = await second.client.get(CLUSTER_ROLES, undefined, 'system:basic-user');
      expect(restored.rules).toEqual(basic.rules);
      const kept = await second.client.get(CLUSTER_ROLES, undefined, 'system:public-info-viewer');
      expect(kept.rules).toEqual([]);
    } finally {
      await second.close();
      await storage.close();
    }
  });
});

describe('static token users', () => {
  it('authenticates the users given to the control plane, with their groups', async () => {
    const cp = await createControlPlane({
      nodes: 1,
      users: [{ name: 'alice', token: 'alice-token', groups: ['dev'] }],
    });
    try {
      const review = async (token: string) =>
        cp.apiServer.fetch(
          new Request('http://mini/apis/authentication.k8s.io/v1/selfsubjectreviews', {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
          }),
        );
      const answer = (await (await review('alice-token')).json()) as { status: { userInfo: unknown } };
      expect(answer.status.userInfo).toEqual({ username: 'alice', groups: ['dev', 'system:authenticated'] });
      expect((await review('wrong')).status).toBe(401);
    } finally {
      await cp.close();
    }
  });
});
