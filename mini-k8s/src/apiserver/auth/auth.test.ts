import { describe, expect, it } from 'vitest';
import { StatusError } from '../../machinery/errors';
import type { UserInfo } from '../registry/interface';
import {
  ADMIN_USER,
  ServiceAccountTokenAuthenticator,
  StaticTokenAuthenticator,
  UnionAuthenticator,
} from './authenticator';
import { AlwaysAllowAuthorizer, forbiddenError } from './authorizer';
import type { AuthorizationAttributes, Authorizer } from './authorizer';
import { impersonate } from './impersonation';

const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
const headers = (values: Record<string, string>) => ({
  get: (name: string) => values[name.toLowerCase()] ?? null,
});

/** A denying authorizer that only lets the admin impersonate (the RBAC outcome for system:masters). */
const mastersOnly: Authorizer = {
  async authorize(attributes: AuthorizationAttributes) {
    return { allowed: attributes.user.groups.includes('system:masters') };
  },
};

describe('StaticTokenAuthenticator', () => {
  const authenticator = new StaticTokenAuthenticator([
    { token: 'secret', user: { username: 'kubernetes-admin', groups: ['system:masters'] } },
  ]);
  it.each([
    ['Bearer secret', 'kubernetes-admin'],
    ['bearer secret', 'kubernetes-admin'],
    ['Bearer wrong', undefined],
    ['Basic abc', undefined],
  ])('%s', (authorization, username) => {
    expect(authenticator.authenticate(headers({ authorization }))?.username).toBe(username);
  });
  it('adds system:authenticated', () => {
    expect(authenticator.authenticate(headers({ authorization: 'Bearer secret' }))?.groups).toEqual([
      'system:masters',
      'system:authenticated',
    ]);
  });
});

describe('forbiddenError', () => {
  it.each([
    [
      { user: bob, verb: 'list', resourceRequest: true, group: '', resource: 'pods', namespace: 'default' },
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      {
        user: bob,
        verb: 'get',
        resourceRequest: true,
        group: 'apps',
        resource: 'deployments',
        name: 'web',
        namespace: 'dev',
      },
      'deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "dev"',
    ],
    [
      { user: bob, verb: 'list', resourceRequest: true, group: '', resource: 'nodes' },
      'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope',
    ],
    [
      {
        user: bob,
        verb: 'create',
        resourceRequest: true,
        group: '',
        resource: 'pods',
        subresource: 'exec',
        name: 'web',
        namespace: 'default',
      },
      'pods "web" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    ],
    [
      { user: bob, verb: 'get', resourceRequest: false, path: '/metrics' },
      'forbidden: User "bob" cannot get path "/metrics"',
    ],
  ] as [AuthorizationAttributes, string][])('%#', (attributes, message) => {
    const err = forbiddenError(attributes);
    expect(err.code).toBe(403);
    expect(err.message).toBe(message);
  });

  it('appends the reason', () => {
    expect(
      forbiddenError(
        { user: bob, verb: 'list', resourceRequest: true, group: '', resource: 'pods' },
        'no RBAC policy matched',
      ).message,
    ).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope: no RBAC policy matched',
    );
  });
});

describe('impersonate', () => {
  it('keeps the requester without impersonation headers', async () => {
    expect(await impersonate(bob, headers({}), new AlwaysAllowAuthorizer())).toBe(bob);
  });

  it('lets the admin act as another user and groups', async () => {
    const user = await impersonate(
      ADMIN_USER,
      headers({ 'impersonate-user': 'alice', 'impersonate-group': 'dev, ops' }),
      mastersOnly,
    );
    expect(user).toEqual({ username: 'alice', groups: ['dev', 'ops', 'system:authenticated'] });
  });

  it('gives an impersonated service account its groups', async () => {
    const user = await impersonate(
      ADMIN_USER,
      headers({ 'impersonate-user': 'system:serviceaccount:dev:builder' }),
      mastersOnly,
    );
    expect(user.groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:dev',
      'system:authenticated',
    ]);
  });

  it('refuses a user without the impersonate permission', async () => {
    const attempt = impersonate(bob, headers({ 'impersonate-user': 'alice' }), mastersOnly);
    await expect(attempt).rejects.toBeInstanceOf(StatusError);
    await expect(attempt).rejects.toThrow(
      'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
});

describe('ServiceAccountTokenAuthenticator and UnionAuthenticator', () => {
  const tokens = {
    reviewToken: (token: string) =>
      token === 'sa-token'
        ? { namespace: 'dev', serviceAccountName: 'builder', serviceAccountUid: 'uid-1' }
        : undefined,
  };
  const union = new UnionAuthenticator(
    new StaticTokenAuthenticator([{ token: 'admin', user: ADMIN_USER }]),
    new ServiceAccountTokenAuthenticator(tokens),
  );
  it.each([
    ['Bearer admin', 'kubernetes-admin'],
    ['Bearer sa-token', 'system:serviceaccount:dev:builder'],
    ['Bearer other', undefined],
  ])('%s', async (authorization, username) => {
    expect((await union.authenticate(headers({ authorization })))?.username).toBe(username);
  });
  it('gives service accounts their uid and groups', async () => {
    expect(await union.authenticate(headers({ authorization: 'Bearer sa-token' }))).toEqual({
      username: 'system:serviceaccount:dev:builder',
      uid: 'uid-1',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'],
    });
  });

  it('puts the bound pod, its node and the credential id in the extra info, as upstream', async () => {
    const podToken = {
      reviewToken: () => ({
        namespace: 'dev',
        serviceAccountName: 'builder',
        serviceAccountUid: 'uid-1',
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'pod-1' },
        node: { name: 'node01', uid: 'node-1' },
        credentialId: 'JTI=abc',
      }),
    };
    const user = await new ServiceAccountTokenAuthenticator(podToken).authenticate(
      headers({ authorization: 'Bearer t' }),
    );
    expect(user?.extra).toEqual({
      'authentication.kubernetes.io/credential-id': ['JTI=abc'],
      'authentication.kubernetes.io/node-name': ['node01'],
      'authentication.kubernetes.io/node-uid': ['node-1'],
      'authentication.kubernetes.io/pod-name': ['web'],
      'authentication.kubernetes.io/pod-uid': ['pod-1'],
    });
  });

  it('revokes a token whose ServiceAccount or bound pod was deleted or recreated', async () => {
    const bound = {
      reviewToken: () => ({
        namespace: 'dev',
        serviceAccountName: 'builder',
        serviceAccountUid: 'uid-1',
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'pod-1' },
      }),
    };
    const live = new Map([
      ['serviceaccounts/builder', 'uid-1'],
      ['pods/web', 'pod-1'],
    ]);
    const authenticator = new ServiceAccountTokenAuthenticator(bound, async (resource, namespace, name) =>
      namespace === 'dev' ? live.get(`${resource}/${name}`) : undefined,
    );
    const who = async () =>
      (await authenticator.authenticate(headers({ authorization: 'Bearer t' })))?.username;
    expect(await who()).toBe('system:serviceaccount:dev:builder');
    live.set('pods/web', 'pod-2');
    expect(await who()).toBeUndefined();
    live.set('pods/web', 'pod-1');
    live.delete('serviceaccounts/builder');
    expect(await who()).toBeUndefined();
  });
});
