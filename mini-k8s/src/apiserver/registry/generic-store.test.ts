import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import { configMap, deployment, newTestRegistry, R, testContext } from './test-support';

async function rejection(promise: Promise<unknown>): Promise<StatusError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('create', () => {
  it('fills system fields, generation and managedFields', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    expect(created.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.metadata.creationTimestamp).toBe('2026-03-01T10:00:00Z');
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.namespace).toBe('default');
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.status).toEqual({});
    expect(created.metadata.managedFields?.[0]).toMatchObject({ manager: 'test', operation: 'Update' });
    const cm = await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    expect(cm.metadata.generation).toBeUndefined();
  });

  it('resets status sent by the client on kinds with a status subresource', async () => {
    const { registry, ctx } = await newTestRegistry();
    const body = { ...deployment('web'), status: { replicas: 9 } };
    const created = await registry.create(R.deployments, 'default', body, ctx);
    expect(created.status).toEqual({});
  });

  it('generates names from generateName with a 5-character suffix', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(
      R.configmaps,
      'default',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } },
      ctx,
    );
    expect(created.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it.each([
    ['Bad_Name', 'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of'],
    ['', 'metadata.name: Required value: name or generateName is required'],
  ])('rejects the name %j with 422', async (name, text) => {
    const { registry, ctx } = await newTestRegistry();
    const err = await rejection(registry.create(R.configmaps, 'default', configMap(name), ctx));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toContain(text);
  });

  it('accepts RBAC names with colons', async () => {
    const { registry, ctx } = await newTestRegistry();
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:viewer' },
      rules: [],
    };
    const created = await registry.create(R.clusterroles, undefined, role, ctx);
    expect(created.metadata.name).toBe('system:viewer');
  });

  it('answers 409 AlreadyExists with the exact text', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const err = await rejection(registry.create(R.deployments, 'default', deployment('web'), ctx));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('AlreadyExists');
    expect(err.message).toBe('deployments.apps "web" already exists');
  });

  it('requires an existing namespace', async () => {
    const { registry, ctx } = await newTestRegistry();
    const err = await rejection(registry.create(R.configmaps, 'nope', configMap('cfg'), ctx));
    expect(err.code).toBe(404);
    expect(err.message).toBe('namespaces "nope" not found');
  });

  it('refuses new content in a terminating namespace', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.delete(R.namespaces, undefined, 'dev', {}, ctx);
    const err = await rejection(registry.create(R.configmaps, 'dev', configMap('cfg'), ctx));
    expect(err.code).toBe(403);
    expect(err.reason).toBe('Forbidden');
    expect(err.message).toBe(
      'configmaps "cfg" is forbidden: unable to create new content in namespace dev because it is being terminated',
    );
  });

  it('rejects a namespace mismatch between body and URL', async () => {
    const { registry, ctx } = await newTestRegistry();
    const body = { ...configMap('cfg'), metadata: { name: 'cfg', namespace: 'dev' } };
    const err = await rejection(registry.create(R.configmaps, 'default', body, ctx));
    expect(err.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('persists nothing on dryRun but returns the full object', async () => {
    const { registry } = await newTestRegistry();
    const ctx = testContext({ dryRun: true });
    const result = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    expect(result.metadata.uid).toBeTruthy();
    expect(result.metadata.generation).toBe(1);
    const err = await rejection(registry.get(R.deployments, 'default', 'web', ctx));
    expect(err.message).toBe('deployments.apps "web" not found');
  });

  it('generates a job selector from its uid', async () => {
    const { registry, ctx } = await newTestRegistry();
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    const created = await registry.create(R.jobs, 'default', job, ctx);
    const uid = created.metadata.uid;
    const spec = created.spec as {
      selector: unknown;
      template: { metadata: { labels: Record<string, string> } };
    };
    expect(spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(spec.template.metadata.labels).toMatchObject({ 'job-name': 'once', 'controller-uid': uid });
  });
});

describe('update', () => {
  it('rejects a stale resourceVersion with the exact Conflict text', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    await registry.update(
      R.deployments,
      'default',
      'web',
      { ...created, spec: deployment('web', 2).spec },
      ctx,
    );
    const err = await rejection(registry.update(R.deployments, 'default', 'web', created, ctx));
    expect(err.code).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('updates unconditionally without resourceVersion, keeping uid and creationTimestamp', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    const later = testContext({ now: () => new Date('2026-03-02T00:00:00Z') });
    const body = { ...configMap('cfg', undefined, { a: '2' }), metadata: { name: 'cfg', uid: undefined } };
    const { object } = await registry.update(R.configmaps, 'default', 'cfg', body, later);
    expect(object.data).toEqual({ a: '2' });
    expect(object.metadata.uid).toBe(created.metadata.uid);
    expect(object.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
  });

  it('ignores status on the main resource and spec on the status subresource', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const main = await registry.update(
      R.deployments,
      'default',
      'web',
      { ...created, status: { replicas: 5 } },
      ctx,
    );
    expect(main.object.status).toEqual({});
    const statusWrite = {
      ...main.object,
      spec: deployment('web', 7).spec,
      status: { replicas: 3, observedGeneration: 1 },
    };
    const status = await registry.update(R.deployments, 'default', 'web', statusWrite, ctx, 'status');
    expect(status.object.status).toEqual({ replicas: 3, observedGeneration: 1 });
    expect((status.object.spec as { replicas: number }).replicas).toBe(1);
    expect(status.object.metadata.generation).toBe(1);
  });

  it('bumps generation only when the spec changes', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const labelled = await registry.update(
      R.deployments,
      'default',
      'web',
      { ...created, metadata: { ...created.metadata, labels: { tier: 'web' } } },
      ctx,
    );
    expect(labelled.object.metadata.generation).toBe(1);
    const scaled = await registry.update(
      R.deployments,
      'default',
      'web',
      { ...labelled.object, spec: deployment('web', 4).spec },
      ctx,
    );
    expect(scaled.object.metadata.generation).toBe(2);
  });

  it('keeps the resourceVersion of a no-op write', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    const { object } = await registry.update(R.configmaps, 'default', 'cfg', created, ctx);
    expect(object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('answers 404 when updating a missing object and 400 on a name mismatch', async () => {
    const { registry, ctx } = await newTestRegistry();
    const missing = await rejection(registry.update(R.configmaps, 'default', 'cfg', configMap('cfg'), ctx));
    expect(missing.message).toBe('configmaps "cfg" not found');
    await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    const mismatch = await rejection(
      registry.update(R.configmaps, 'default', 'cfg', configMap('other'), ctx),
    );
    expect(mismatch.message).toBe('the name of the object (other) does not match the name on the URL (cfg)');
  });
});

describe('patch', () => {
  it.each([
    ['merge', { metadata: { labels: { tier: 'web' } } }],
    ['strategic', { metadata: { labels: { tier: 'web' } } }],
    ['json', [{ op: 'add', path: '/metadata/labels', value: { tier: 'web' } }]],
  ] as const)('applies a %s patch', async (type, body) => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    const { object, created } = await registry.patch(R.configmaps, 'default', 'cfg', type, body, ctx, {});
    expect(created).toBe(false);
    expect(object.metadata.labels).toEqual({ tier: 'web' });
  });

  it('patches status through the status subresource only', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const body = { spec: { replicas: 9 }, status: { readyReplicas: 1 } };
    const { object } = await registry.patch(R.deployments, 'default', 'web', 'merge', body, ctx, {
      subresource: 'status',
    });
    expect(object.status).toEqual({ readyReplicas: 1 });
    expect((object.spec as { replicas: number }).replicas).toBe(1);
  });

  it('creates on server-side apply when missing (created=true) and updates afterwards', async () => {
    const { registry, ctx } = await newTestRegistry();
    const applyCtx = testContext({ fieldManager: 'kubectl' });
    const first = await registry.patch(R.configmaps, 'default', 'cfg', 'apply', configMap('cfg'), applyCtx, {
      force: false,
    });
    expect(first.created).toBe(true);
    expect(first.object.metadata.managedFields?.[0]).toMatchObject({
      manager: 'kubectl',
      operation: 'Apply',
    });
    const second = await registry.patch(
      R.configmaps,
      'default',
      'cfg',
      'apply',
      configMap('cfg', undefined, { a: '2' }),
      applyCtx,
      { force: false },
    );
    expect(second.created).toBe(false);
    expect(second.object.data).toEqual({ a: '2' });
    expect((await registry.get(R.configmaps, 'default', 'cfg', ctx)).data).toEqual({ a: '2' });
  });
});

describe('list', () => {
  it('returns <Kind>List with resourceVersion, filtered by label and field selectors', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('a', { app: 'x' }), ctx);
    await registry.create(R.configmaps, 'default', configMap('b', { app: 'y' }), ctx);
    await registry.create(R.configmaps, 'dev', configMap('c', { app: 'x' }), ctx);
    const all = await registry.list(R.configmaps, undefined, {}, ctx);
    expect(all.kind).toBe('ConfigMapList');
    expect(all.apiVersion).toBe('v1');
    expect(all.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(all.items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c']);
    const labelled = await registry.list(R.configmaps, undefined, { labelSelector: 'app=x' }, ctx);
    expect(labelled.items.map((i) => i.metadata.name)).toEqual(['a', 'c']);
    const named = await registry.list(R.configmaps, 'default', { fieldSelector: 'metadata.name=b' }, ctx);
    expect(named.items.map((i) => i.metadata.name)).toEqual(['b']);
  });

  it('paginates with limit and continue', async () => {
    const { registry, ctx } = await newTestRegistry();
    for (const name of ['a', 'b', 'c']) await registry.create(R.configmaps, 'default', configMap(name), ctx);
    const page1 = await registry.list(R.configmaps, 'default', { limit: 2 }, ctx);
    expect(page1.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(page1.metadata.continue).toBeTruthy();
    expect(page1.metadata.remainingItemCount).toBe(1);
    const page2 = await registry.list(
      R.configmaps,
      'default',
      { limit: 2, continue: page1.metadata.continue },
      ctx,
    );
    expect(page2.items.map((i) => i.metadata.name)).toEqual(['c']);
    expect(page2.metadata.continue).toBeUndefined();
  });

  it('answers 504 for a resourceVersion from the future and 400 for bad selectors', async () => {
    const { registry, ctx } = await newTestRegistry();
    const future = await rejection(
      registry.list(R.configmaps, 'default', { resourceVersion: '999999' }, ctx),
    );
    expect(future.code).toBe(504);
    expect(future.message).toMatch(/^Timeout: Too large resource version: 999999, current: \d+$/);
    const bad = await rejection(
      registry.list(R.configmaps, 'default', { fieldSelector: 'spec.foo=bar' }, ctx),
    );
    expect(bad.code).toBe(400);
  });
});
