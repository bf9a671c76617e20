import { describe, expect, it } from 'vitest';
import { StatusError } from '../../machinery/errors';
import { checkRawPath, parseResourcePath, validatePathSegmentName } from './request-info';

describe('parseResourcePath', () => {
  it.each([
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      false,
      { verb: 'list', group: '', version: 'v1', namespace: 'default', resource: 'pods' },
    ],
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      true,
      { verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods' },
    ],
    ['GET', '/api/v1/pods', false, { verb: 'list', group: '', version: 'v1', resource: 'pods' }],
    [
      'GET',
      '/api/v1/namespaces/default/pods/web',
      false,
      { verb: 'get', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/default/pods/web/status',
      false,
      {
        verb: 'update',
        group: '',
        version: 'v1',
        namespace: 'default',
        resource: 'pods',
        name: 'web',
        subresource: 'status',
      },
    ],
    [
      'POST',
      '/apis/apps/v1/namespaces/ns1/deployments',
      false,
      { verb: 'create', group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments' },
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/ns1/deployments/web/scale',
      false,
      {
        verb: 'patch',
        group: 'apps',
        version: 'v1',
        namespace: 'ns1',
        resource: 'deployments',
        name: 'web',
        subresource: 'scale',
      },
    ],
    [
      'DELETE',
      '/api/v1/namespaces/default/pods/web',
      false,
      { verb: 'delete', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web' },
    ],
    [
      'DELETE',
      '/api/v1/namespaces/default/pods',
      false,
      { verb: 'deletecollection', group: '', version: 'v1', namespace: 'default', resource: 'pods' },
    ],
    ['GET', '/api/v1/namespaces', false, { verb: 'list', group: '', version: 'v1', resource: 'namespaces' }],
    [
      'GET',
      '/api/v1/namespaces/dev',
      false,
      { verb: 'get', group: '', version: 'v1', namespace: 'dev', resource: 'namespaces', name: 'dev' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/dev/finalize',
      false,
      {
        verb: 'update',
        group: '',
        version: 'v1',
        namespace: 'dev',
        resource: 'namespaces',
        name: 'dev',
        subresource: 'finalize',
      },
    ],
    [
      'GET',
      '/api/v1/nodes/node01',
      false,
      { verb: 'get', group: '', version: 'v1', resource: 'nodes', name: 'node01' },
    ],
    [
      'GET',
      '/api/v1/namespaces/default/pods/web/proxy/a/b',
      false,
      {
        verb: 'get',
        group: '',
        version: 'v1',
        namespace: 'default',
        resource: 'pods',
        name: 'web',
        subresource: 'proxy',
        subpath: 'a/b',
      },
    ],
  ])('%s %s (watch=%s)', (method, path, watch, expected) => {
    expect(parseResourcePath(method, path, watch)).toEqual(expected);
  });

  it.each([
    '/',
    '/api',
    '/apis/apps',
    '/healthz',
    '/api/v1',
    '/apis/apps/v1',
    '/api/v1/namespaces/default/pods/web/status/extra',
  ])('is not a resource path: %s', (path) => {
    expect(parseResourcePath('GET', path, false)).toBeUndefined();
  });

  it('rejects an encoded slash in a name with the apiserver text', () => {
    let caught: unknown;
    try {
      parseResourcePath('GET', '/api/v1/namespaces/default/pods/a%2Fb', false);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect((caught as StatusError).code).toBe(400);
    expect((caught as StatusError).message).toBe(`invalid resource name "a/b": [may not contain '/']`);
  });
});

describe('validatePathSegmentName', () => {
  it.each([
    ['web', []],
    ['.', ["may not be '.'"]],
    ['..', ["may not be '..'"]],
    ['a/b', ["may not contain '/'"]],
    ['a%b', ["may not contain '%'"]],
  ])('%s', (name, problems) => {
    expect(validatePathSegmentName(name)).toEqual(problems);
  });
});

describe('checkRawPath', () => {
  it.each([
    ['/api/v1/namespaces/default/pods/..', `invalid resource name "..": [may not be '..']`],
    ['/api/v1/namespaces/default/pods/%2e', `invalid resource name ".": [may not be '.']`],
    ['/api/v1/../secrets', 'the server could not find the requested resource'],
  ])('refuses %s', (path, message) => {
    expect(() => checkRawPath('GET', path)).toThrow(message);
  });
  it.each(['/api/v1/namespaces/default/pods/a.b', '/api/v1/pods?x=..', '/version'])('accepts %s', (path) => {
    expect(() => checkRawPath('GET', path)).not.toThrow();
  });
});
