import { describe, expect, it } from 'vitest';
import { describeKey, etcdStyleKey, keyFor, matchesKey, parseKey, prefixEnd, prefixFor } from './keys';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };
const nodes = { group: '', resource: 'nodes' };
const widgets = { group: 'example.com', resource: 'widgets' };

describe('keyFor and prefixFor', () => {
  it.each([
    [pods, 'default', 'web', '/registry/core/pods/default/web'],
    [deployments, 'kube-system', 'coredns', '/registry/apps/deployments/kube-system/coredns'],
    [nodes, undefined, 'node-1', '/registry/core/nodes/node-1'],
    [widgets, 'team-a', 'w1', '/registry/example.com/widgets/team-a/w1'],
  ])('builds the key of %o in %s named %s', (info, namespace, name, key) => {
    expect(keyFor(info, namespace, name)).toBe(key);
    expect(key.startsWith(prefixFor(info, namespace))).toBe(true);
    expect(key.startsWith(prefixFor(info, undefined))).toBe(true);
  });

  it.each([
    [pods, 'default', '/registry/core/pods/default/'],
    [pods, undefined, '/registry/core/pods/'],
    [pods, '', '/registry/core/pods/'],
    [deployments, 'ns', '/registry/apps/deployments/ns/'],
  ])('builds the prefix of %o in %s ending with a slash', (info, namespace, prefix) => {
    expect(prefixFor(info, namespace)).toBe(prefix);
  });

  it('keeps namespace prefixes from matching longer namespace names', () => {
    const key = keyFor(pods, 'default-2', 'web');
    expect(key.startsWith(prefixFor(pods, 'default'))).toBe(false);
    expect(matchesKey(prefixFor(pods, 'default'), key)).toBe(false);
    expect(matchesKey(prefixFor(pods, 'default-2'), key)).toBe(true);
  });

  it.each([
    ['', 'default'],
    ['a/b', 'default'],
    ['web', 'a/b'],
    ['web', ''],
  ])('rejects the name %j in namespace %j', (name, namespace) => {
    expect(() => keyFor(pods, namespace, name)).toThrow();
  });
});

describe('parseKey and describeKey', () => {
  it.each([
    ['/registry/core/pods/default/web', { group: '', resource: 'pods', namespace: 'default', name: 'web' }],
    [
      '/registry/apps/deployments/ns/web',
      { group: 'apps', resource: 'deployments', namespace: 'ns', name: 'web' },
    ],
    ['/registry/core/nodes/n1', { group: '', resource: 'nodes', name: 'n1' }],
    ['/registry/core/pods/default/', undefined],
    ['/other/core/pods/default/web', undefined],
    ['/registry/core/pods/a/b/c', undefined],
  ])('parses %s', (key, parsed) => {
    expect(parseKey(key)).toEqual(parsed);
  });

  it('falls back to the parent path and last segment for free-form keys', () => {
    expect(describeKey('/tests/things/t1')).toEqual({
      resource: { group: '', resource: '/tests/things' },
      name: 't1',
    });
  });

  it.each([
    ['/registry/core/pods/default/web', '/registry/pods/default/web'],
    ['/registry/apps/deployments/ns/web', '/registry/deployments/ns/web'],
    ['/registry/rbac.authorization.k8s.io/roles/ns/r', '/registry/roles/ns/r'],
    ['/registry/example.com/widgets/ns/w', '/registry/example.com/widgets/ns/w'],
    ['/registry/core/nodes/n1', '/registry/nodes/n1'],
  ])('renders %s as kube-apiserver names it: %s', (key, etcd) => {
    expect(etcdStyleKey(key)).toBe(etcd);
  });
});

describe('prefixEnd and matchesKey', () => {
  it('bounds exactly the keys under a prefix', () => {
    const end = prefixEnd('/registry/core/pods/');
    expect(end).toBe('/registry/core/pods0');
    expect('/registry/core/pods/zzz' < end).toBe(true);
    expect('/registry/core/pods0' < end).toBe(false);
  });

  it('matches an exact key when the selector has no trailing slash', () => {
    expect(matchesKey('/registry/core/pods/default/a', '/registry/core/pods/default/a')).toBe(true);
    expect(matchesKey('/registry/core/pods/default/a', '/registry/core/pods/default/a-2')).toBe(false);
  });
});
