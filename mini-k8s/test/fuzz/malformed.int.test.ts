/**
 * Malformed requests against a real HTTPS cluster: a systematic table (malformed-cases.ts) where each row
 * must get its exact HTTP code and a Status body with the right reason, property-based requests with
 * random JSON and random paths that must all get a 4xx Status (never a 5xx, a hang or a crash), and a
 * final check that the server is still healthy and the fixtures untouched.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from '../integration/harness';
import type { TestCluster } from '../integration/harness';
import {
  CM,
  DEPLOY,
  FIXTURE_CONFIGMAP,
  FIXTURE_DEPLOYMENT,
  type MalformedCase,
  malformedCases,
} from './malformed-cases';
import { REASONS, rawRequest } from './raw-client';
import type { RawRequest, RawResponse } from './raw-client';

let t: TestCluster;
let fixtureVersion = '';

const send = (req: RawRequest): Promise<RawResponse> => rawRequest(t.cluster, req);

beforeAll(async () => {
  t = await startTestCluster(1);
  for (const [path, body] of [
    [CM, FIXTURE_CONFIGMAP],
    [DEPLOY, FIXTURE_DEPLOYMENT],
  ] as const) {
    const res = await send({ method: 'POST', path, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${res.text}`);
  }
  // A second write makes resourceVersion "1" stale for the fixture, whatever the bootstrap wrote.
  const res = await send({
    method: 'PATCH',
    path: `${CM}/fixture`,
    body: '{"metadata":{"labels":{"fixture":"yes"}}}',
    contentType: 'application/merge-patch+json',
  });
  fixtureVersion = String((res.json?.metadata as { resourceVersion?: string }).resourceVersion);
});
afterAll(async () => {
  await t?.stop();
});

/** expectStatus asserts that `res` is a failure Status with the code and one of the code's reasons. */
function expectFailureStatus(res: RawResponse, code: number): Record<string, unknown> {
  expect(res.status, res.text.slice(0, 300)).toBe(code);
  expect(res.json, res.text.slice(0, 300)).toMatchObject({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
  });
  const json = res.json as Record<string, unknown>;
  expect(typeof json.message).toBe('string');
  return json;
}

const cases = malformedCases();

/** sendCase sends one table row and checks the answer it must get. */
async function checkCase(c: MalformedCase): Promise<void> {
  const res = await send({
    method: c.method,
    path: c.path,
    ...(c.body !== undefined ? { body: c.body } : {}),
    ...(c.contentType !== undefined ? { contentType: c.contentType } : {}),
  });
  const status = expectFailureStatus(res, c.code);
  expect(status.reason).toBe(c.reason);
  if (typeof c.message === 'string') expect(status.message).toBe(c.message);
  else if (c.message) expect(status.message).toMatch(c.message);
}

describe('malformed requests', () => {
  it('cover more than 200 requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases.map((c) => [c.name, c] as [string, MalformedCase]))('%s', async (_name, c) => {
    await checkCase(c);
  });

  it("a path outside the API gets the mux's plain-text 404", async () => {
    const res = await send({ method: 'GET', path: '/nonsense' });
    expect(res.status).toBe(404);
    expect(res.text).toBe('404 page not found\n');
  });
});

describe('field validation directives', () => {
  const body = (name: string) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      spec: { x: 1 },
      data: { a: 'b' },
    });

  it('Warn creates the object and sends the unknown field as a 299 warning', async () => {
    const res = await send({ method: 'POST', path: `${CM}?fieldValidation=Warn`, body: body('warned') });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec\\""');
  });

  it('the default directive is Warn', async () => {
    const res = await send({ method: 'POST', path: CM, body: body('defaulted') });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec\\""');
  });

  it('Ignore creates the object silently', async () => {
    const res = await send({ method: 'POST', path: `${CM}?fieldValidation=Ignore`, body: body('ignored') });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect(res.json).not.toHaveProperty('spec');
  });

  it('Warn reports a duplicate field and keeps the last value', async () => {
    const res = await send({
      method: 'POST',
      path: `${CM}?fieldValidation=Warn`,
      body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1","a":"2"}}',
    });
    expect(res.status).toBe(201);
    expect(String(res.headers.warning)).toMatch(/^299 - ".*duplicate field \\"data\.a\\""$/);
    expect(res.json?.data).toEqual({ a: '2' });
  });
});

/** PATHS are the bases random segments are appended to: each leads into a real route table. */
const PATH_BASES = [
  '/api/v1/namespaces/default/',
  '/apis/apps/v1/namespaces/default/',
  '/apis/',
  '/api/v1/',
  '/',
];

/** segment is a random URL path segment, percent-encoded except for a few tricky raw characters. */
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom(
    '..',
    '.',
    '%2F',
    '%00',
    'configmaps',
    'deployments',
    // An object name that is not a fixture: a random DELETE or PATCH on the fixtures themselves would be a
    // valid request and change what the last test checks.
    'no-such-object',
    'status',
    'scale',
    '%2e%2e',
  ),
);

describe('property: random requests always get a 4xx Status', () => {
  it('random JSON bodies posted to real collections are refused with a 4xx Status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(CM, DEPLOY, '/api/v1/namespaces', '/api/v1/namespaces/default/pods'),
        // Random objects with a kind that never matches the collection, so nothing is created.
        fc.record(
          { kind: fc.constantFrom('Widget', '', 'configmap'), junk: fc.jsonValue() },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
        async (path, head, rest) => {
          const res = await send({ method: 'POST', path, body: JSON.stringify({ ...rest, ...head }) });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          const status = expectFailureStatus(res, res.status);
          expect(REASONS[res.status]).toContain(status.reason);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random patch bodies never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/strategic-merge-patch+json',
        ),
        fc.jsonValue({ maxDepth: 4 }),
        async (contentType, value) => {
          // Patch a throwaway object so a patch that happens to be valid cannot disturb the fixtures.
          const res = await send({
            method: 'PATCH',
            path: `${DEPLOY}/fixture?dryRun=All`,
            body: JSON.stringify(value),
            contentType,
          });
          expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
          if (res.status >= 400) {
            const status = expectFailureStatus(res, res.status);
            expect(REASONS[res.status]).toContain(status.reason);
          } else {
            expect(res.json).toMatchObject({ kind: 'Deployment' });
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('random paths with any method get a Status, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.constantFrom(...PATH_BASES),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
        async (method, base, segments, value) => {
          // Writes are dry runs: a random path can name a real collection or namespace (DELETE
          // …/configmaps is a valid deletecollection) and must not change what the last test checks.
          const res = await send({
            method,
            path: `${base}${segments.join('/')}${method === 'GET' ? '' : '?dryRun=All'}`,
            ...(value !== undefined && method !== 'GET' ? { body: JSON.stringify(value) } : {}),
            ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}),
          });
          expect(
            res.status,
            `${method} ${base}${segments.join('/')}: ${res.text.slice(0, 200)}`,
          ).toBeLessThan(500);
          // A random path may still name something real (e.g. GET /api/v1/namespaces/default/configmaps);
          // outside /api and /apis the mux answers a plain-text 404, as upstream's does.
          if (res.status === 404 && res.json === undefined) expect(res.text).toBe('404 page not found\n');
          else if (res.status >= 400) {
            const status = expectFailureStatus(res, res.status);
            expect(REASONS[res.status]).toContain(status.reason);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('after the abuse', () => {
  it('the server is healthy and the fixtures are untouched', async () => {
    const ready = await send({ method: 'GET', path: '/readyz' });
    expect(ready.status).toBe(200);
    expect(ready.text).toBe('ok');
    const cm = await send({ method: 'GET', path: `${CM}/fixture` });
    expect(cm.status).toBe(200);
    expect(cm.json).toMatchObject({ data: { mode: 'dev' }, metadata: { resourceVersion: fixtureVersion } });
    const deploy = await send({ method: 'GET', path: `${DEPLOY}/fixture` });
    expect(deploy.status).toBe(200);
    expect(deploy.json).toMatchObject({ spec: { replicas: 1 }, metadata: { generation: 1 } });
    const created = await send({
      method: 'POST',
      path: CM,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } }),
    });
    expect(created.status).toBe(201);
  });
});
