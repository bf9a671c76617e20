import { describe, expect, it } from 'vitest';
import type { AuthorizationAttributes } from '../authorizer';
import {
  compactRules,
  compactString,
  nonResourceURLMatches,
  resourceMatches,
  ruleAllows,
  ruleCovers,
  uncoveredRules,
} from './rules';

const bob = { username: 'bob', groups: ['system:authenticated'] };

function pods(verb: string, extra: Partial<AuthorizationAttributes> = {}): AuthorizationAttributes {
  return {
    user: bob,
    verb,
    resourceRequest: true,
    group: '',
    resource: 'pods',
    namespace: 'default',
    ...extra,
  };
}

describe('rule matching', () => {
  it('matches verbs, groups and resources including `*`', () => {
    expect(ruleAllows(pods('get'), { apiGroups: [''], resources: ['pods'], verbs: ['get'] })).toBe(true);
    expect(ruleAllows(pods('delete'), { apiGroups: [''], resources: ['pods'], verbs: ['get'] })).toBe(false);
    expect(ruleAllows(pods('delete'), { apiGroups: ['*'], resources: ['*'], verbs: ['*'] })).toBe(true);
    expect(ruleAllows(pods('get'), { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'] })).toBe(false);
  });

  it('treats subresources as distinct resources, with `*/sub` wildcards', () => {
    expect(resourceMatches({ verbs: ['get'], resources: ['pods'] }, 'pods', 'log')).toBe(false);
    expect(resourceMatches({ verbs: ['get'], resources: ['pods/log'] }, 'pods', 'log')).toBe(true);
    expect(resourceMatches({ verbs: ['get'], resources: ['*/scale'] }, 'deployments', 'scale')).toBe(true);
    expect(resourceMatches({ verbs: ['get'], resources: ['*/scale'] }, 'deployments')).toBe(false);
  });

  it('limits a rule with resourceNames to those names', () => {
    const rule = { apiGroups: [''], resources: ['pods'], resourceNames: ['web'], verbs: ['get'] };
    expect(ruleAllows(pods('get', { name: 'web' }), rule)).toBe(true);
    expect(ruleAllows(pods('get', { name: 'db' }), rule)).toBe(false);
    expect(ruleAllows(pods('list'), { ...rule, verbs: ['list'] })).toBe(false);
  });

  it('matches non-resource URLs exactly or by a `*` suffix', () => {
    const rule = { nonResourceURLs: ['/healthz', '/logs/*'], verbs: ['get'] };
    expect(nonResourceURLMatches(rule, '/healthz')).toBe(true);
    expect(nonResourceURLMatches(rule, '/healthz/etcd')).toBe(false);
    expect(nonResourceURLMatches(rule, '/logs/kube.log')).toBe(true);
    expect(ruleAllows({ user: bob, verb: 'get', resourceRequest: false, path: '/logs/x' }, rule)).toBe(true);
    expect(ruleAllows({ user: bob, verb: 'post', resourceRequest: false, path: '/healthz' }, rule)).toBe(
      false,
    );
  });
});

describe('coverage and compaction', () => {
  it('finds the atomic rules the owner does not hold', () => {
    const owner = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }];
    const missing = uncoveredRules(owner, [
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'delete'] },
    ]);
    expect(missing.map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
      '{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["nodes"], Verbs:["delete"]}',
    ]);
    expect(compactRules(missing).map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
      '{APIGroups:[""], Resources:["nodes"], Verbs:["get" "delete"]}',
    ]);
  });

  it('does not let a name-restricted rule cover the whole collection', () => {
    const named = { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] };
    expect(ruleCovers(named, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] })).toBe(false);
    expect(
      ruleCovers(named, { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }),
    ).toBe(true);
  });

  it('covers subresources through `*/sub` and URLs through prefixes', () => {
    expect(
      ruleCovers(
        { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['*'] },
        {
          apiGroups: ['apps'],
          resources: ['deployments/scale'],
          verbs: ['update'],
        },
      ),
    ).toBe(true);
    expect(
      ruleCovers(
        { nonResourceURLs: ['/api/*'], verbs: ['get'] },
        { nonResourceURLs: ['/api/v1'], verbs: ['get'] },
      ),
    ).toBe(true);
  });
});
