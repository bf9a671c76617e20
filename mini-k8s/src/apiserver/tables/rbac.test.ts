import { describe, expect, it } from 'vitest';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('binding printers', () => {
  it('prints the role reference and the wide subject columns', () => {
    const obj = kubeObject(
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
      { name: 'read-pods', namespace: 'dev' },
      {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'User', name: 'bob' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        ],
      },
    );
    expect(roleBindingPrinter.print(obj, ctx).cells).toEqual([
      'read-pods',
      'Role/pod-reader',
      '5m',
      'jane, bob',
      'devs',
      'ci/builder',
    ]);
  });

  it('describes cluster role binding columns with their own nouns', () => {
    const obj = kubeObject(
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
      { name: 'admins' },
      { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } },
    );
    expect(clusterRoleBindingPrinter.print(obj, ctx).cells).toEqual([
      'admins',
      'ClusterRole/cluster-admin',
      '5m',
      '',
      '',
      '',
    ]);
    expect(
      clusterRoleBindingPrinter.columns.map((c) => `${c.name}:${c.priority}:${c.description.slice(0, 30)}`),
    ).toEqual([
      'Name:0:Name must be unique within a n',
      'Role:0:RoleRef can only reference a C',
      'Age:0:CreationTimestamp is a timesta',
      'Users:1:Users in the clusterRoleBindin',
      'Groups:1:Groups in the clusterRoleBindi',
      'ServiceAccounts:1:ServiceAccounts in the cluster',
    ]);
    expect(roleBindingPrinter.columns[3]?.description).toBe('Users in the roleBinding');
  });
});
