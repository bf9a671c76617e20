import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage/memory/store';
import { StaticTokenAuthenticator, ADMIN_USER } from './auth/authenticator';
import type { Authorizer } from './auth/authorizer';
import { createApiServer } from './server';
import type { ApiServer } from './server';

const BASE = 'https://127.0.0.1:6443';
const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** Denies everything to "bob" and allows everyone else (to observe the Forbidden path). */
const denyBob: Authorizer = {
  async authorize(attributes) {
    return { allowed: attributes.user.username !== 'bob' };
  },
};

let server: ApiServer;
const call = (
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) =>
  server.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body } : {}),
    }),
  );

const deployment = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
      ...extra,
    },
  });

beforeAll(async () => {
  server = createApiServer({
    storage: new MemoryStorage({}),
    authenticator: new StaticTokenAuthenticator([
      { token: 'admin-token', user: ADMIN_USER },
      { token: 'bob-token', user: { username: 'bob', groups: [] } },
    ]),
    authorizer: denyBob,
  });
  const ns = await call(
    'POST',
    '/api/v1/namespaces',
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }),
  );
  expect(ns.status).toBe(201);
});
afterAll(async () => {
  await server.close();
});

describe('non-resource endpoints', () => {
  it('serves /openapi/v2 as JSON or gnostic protobuf, and 406 with no body for other types', async () => {
    const json = await call('GET', '/openapi/v2', undefined, { accept: 'application/json' });
    expect([json.status, json.headers.get('content-type'), json.headers.get('vary')]).toEqual([
      200,
      'application/json',
      'Accept',
    ]);
    expect(((await json.json()) as { swagger: string }).swagger).toBe('2.0');
    const proto = await call('GET', '/openapi/v2', undefined, {
      accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    });
    expect([proto.status, proto.headers.get('content-type')]).toEqual([
      200,
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    ]);
    // Field 1 of openapi.v2.Document: swagger = "2.0".
    expect([...new Uint8Array(await proto.arrayBuffer()).slice(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    const refused = await call('GET', '/openapi/v2', undefined, { accept: 'application/yaml' });
    expect([refused.status, refused.headers.get('vary'), await refused.text()]).toEqual([406, 'Accept', '']);
  });

  it('reports v1.32.4 on /version without credentials', async () => {
    const res = await server.fetch(new Request(`${BASE}/version`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
  });

  it('answers aggregated discovery only when asked, with the exact content type', async () => {
    const aggregated = await call('GET', '/apis', undefined, {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(aggregated.headers.get('content-type')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(((await aggregated.json()) as { kind: string }).kind).toBe('APIGroupDiscoveryList');
    const legacy = await call('GET', '/api', undefined, { accept: 'application/json' });
    expect(await legacy.json()).toMatchObject({
      kind: 'APIVersions',
      serverAddressByClientCIDRs: [{ serverAddress: '127.0.0.1:6443' }],
    });
    expect(((await (await call('GET', '/apis/apps/v1')).json()) as { kind: string }).kind).toBe(
      'APIResourceList',
    );
  });

  it('rejects unknown tokens with 401 and no credentials with 401 on resources', async () => {
    const bad = await call('GET', '/api/v1/namespaces', undefined, { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
    expect((await server.fetch(new Request(`${BASE}/api/v1/namespaces`))).status).toBe(401);
  });

  it('answers Go-mux text outside the API', async () => {
    const res = await call('GET', '/nope');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 page not found\n');
  });
});

describe('resource requests', () => {
  it('creates, gets as object and Table, lists, patches and deletes', async () => {
    const created = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldManager=test',
      deployment('web'),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
    });

    const table = (await (
      await call('GET', '/apis/apps/v1/namespaces/default/deployments/web', undefined, {
        accept: TABLE_ACCEPT,
      })
    ).json()) as {
      kind: string;
      rows: { cells: unknown[] }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.rows[0].cells[0]).toBe('web');

    const list = (await (await call('GET', '/apis/apps/v1/deployments')).json()) as {
      kind: string;
      items: unknown[];
    };
    expect(list.kind).toBe('DeploymentList');
    expect(list.items).toHaveLength(1);

    const patched = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      '{"metadata":{"labels":{"tier":"front"}}}',
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ metadata: { labels: { tier: 'front' } } });

    const deleted = await call(
      'DELETE',
      '/apis/apps/v1/namespaces/default/deployments/web',
      '{"propagationPolicy":"Background"}',
    );
    expect([200, 202]).toContain(deleted.status);
    const gone = await call('GET', '/apis/apps/v1/namespaces/default/deployments/web');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({
      message: 'deployments.apps "web" not found',
      reason: 'NotFound',
    });
  });

  it('warns about unknown fields with fieldValidation=Warn and rejects them with Strict', async () => {
    const warned = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Warn',
      deployment('warned', { foo: 1 }),
    );
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    const strict = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict',
      deployment('strict', { foo: 1 }),
    );
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as { message: string }).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    );
  });

  it('answers the review resources with 201', async () => {
    const review = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      JSON.stringify({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
      }),
    );
    expect(review.status).toBe(201);
    expect(await review.json()).toMatchObject({ status: { allowed: true } });
    const whoami = await call(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    );
    expect(await whoami.json()).toMatchObject({
      status: {
        userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
      },
    });
  });

  it('forbids with the apiserver text', async () => {
    const res = await call('GET', '/api/v1/namespaces/default/pods', undefined, {
      authorization: 'Bearer bob-token',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it.each([
    [
      'unknown resource',
      'GET',
      '/api/v1/namespaces/default/foos',
      undefined,
      {},
      404,
      'the server could not find the requested resource',
    ],
    [
      'unknown group version',
      'GET',
      '/apis/apps/v9/deployments',
      undefined,
      {},
      404,
      'the server could not find the requested resource',
    ],
    [
      'unknown subresource',
      'GET',
      '/api/v1/namespaces/default/pods/x/nope',
      undefined,
      {},
      404,
      'the server could not find the requested resource',
    ],
    [
      'namespaced path on a cluster resource',
      'GET',
      '/api/v1/namespaces/default/nodes',
      undefined,
      {},
      404,
      'the server could not find the requested resource',
    ],
    [
      'verb not served',
      'PUT',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x',
      '{}',
      {},
      405,
      'the server does not allow this method on the requested resource',
    ],
    [
      'encoded slash in a name',
      'GET',
      '/api/v1/namespaces/default/pods/a%2Fb',
      undefined,
      {},
      400,
      `invalid resource name "a/b": [may not contain '/']`,
    ],
    [
      'invalid JSON',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{bad',
      {},
      400,
      "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({bad)",
    ],
    [
      'API version mismatch',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}',
      {},
      400,
      'the API version in the data (apps/v1) does not match the expected API version (v1)',
    ],
    [
      'kind mismatch',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}',
      {},
      400,
      'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion',
    ],
    [
      'namespace mismatch',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"other"}}',
      {},
      400,
      'the namespace of the provided object does not match the namespace sent on the request',
    ],
    [
      'name mismatch on update',
      'PUT',
      '/api/v1/namespaces/default/configmaps/a',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}',
      {},
      400,
      'the name of the object (b) does not match the name on the URL (a)',
    ],
    [
      'unsupported content type',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'x',
      { 'content-type': 'text/plain' },
      415,
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    ],
    [
      'body over 3 MiB',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'x'.repeat(3 * 1024 * 1024 + 1),
      {},
      413,
      'Request entity too large: limit is 3145728',
    ],
    [
      'apply patch without fieldManager',
      'PATCH',
      '/api/v1/namespaces/default/configmaps/a',
      '{}',
      { 'content-type': 'application/apply-patch+yaml' },
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ],
  ])('%s → %i', async (_name, method, path, body, headers, code, message) => {
    const res = await call(method, path, body, headers);
    expect(res.status).toBe(code);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ kind: 'Status', status: 'Failure', code, message });
  });

  it('parses YAML bodies', async () => {
    const res = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n',
      {
        'content-type': 'application/yaml',
      },
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ metadata: { name: 'from-yaml' }, data: { a: '1' } });
  });
});

describe('watch', () => {
  it('streams ADDED events as JSON lines and a Table watch sends headers first only', async () => {
    const res = await call(
      'GET',
      '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30',
      undefined,
      { accept: TABLE_ACCEPT },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1' } }),
    );
    await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w2' } }),
    );
    let text = '';
    // Read until both events arrived, then hang up (the server must stop its watcher on cancel).
    while (!(text.includes('"w1"') && text.includes('"w2"'))) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const events = text
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            object: { kind: string; columnDefinitions: unknown; rows: { cells: unknown[] }[] };
          },
      );
    const names = events.map((e) => e.object.rows[0].cells[0]);
    expect(names).toEqual(expect.arrayContaining(['w1', 'w2']));
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.columnDefinitions).not.toBeNull();
    expect(events.slice(1).every((e) => e.object.columnDefinitions === null)).toBe(true);
  });
});
