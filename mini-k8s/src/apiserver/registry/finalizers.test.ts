import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import { finalizersForPropagation } from './finalizers';
import { configMap, deployment, newTestRegistry, pod, R, testContext } from './test-support';

async function missing(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return false;
  } catch (err) {
    return err instanceof StatusError && err.code === 404;
  }
}

describe('finalizersForPropagation', () => {
  it.each([
    [['a'], 'Orphan', ['a', 'orphan']],
    [['a', 'orphan'], 'Foreground', ['a', 'foregroundDeletion']],
    [['orphan', 'foregroundDeletion'], 'Background', []],
    [['orphan'], undefined, ['orphan']],
    [[], undefined, []],
  ] as const)('%j with %s gives %j', (current, policy, expected) => {
    expect(finalizersForPropagation(current, policy)).toEqual(expected);
  });
});

describe('delete', () => {
  it('removes an object without finalizers and answers per resource', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    const answer = await registry.delete(R.configmaps, 'default', 'cfg', {}, ctx);
    expect(answer.kind).toBe('ConfigMap');
    expect(await missing(registry.get(R.configmaps, 'default', 'cfg', ctx))).toBe(true);

    const created = await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const status = await registry.delete(
      R.deployments,
      'default',
      'web',
      { propagationPolicy: 'Background' },
      ctx,
    );
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'web', group: 'apps', kind: 'deployments', uid: created.metadata.uid },
    });
  });

  it('keeps an object with finalizers until an update removes the last one', async () => {
    const { registry, ctx } = await newTestRegistry();
    const body = { ...configMap('cfg'), metadata: { name: 'cfg', finalizers: ['example.com/hold'] } };
    await registry.create(R.configmaps, 'default', body, ctx);
    const marked = (await registry.delete(R.configmaps, 'default', 'cfg', {}, ctx)) as KubeObject;
    expect(marked.metadata.deletionTimestamp).toBe('2026-03-01T10:00:00Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    const live = await registry.get(R.configmaps, 'default', 'cfg', ctx);
    expect(live.metadata.finalizers).toEqual(['example.com/hold']);

    const adding = { ...live, metadata: { ...live.metadata, finalizers: ['example.com/hold', 'more'] } };
    await expect(registry.update(R.configmaps, 'default', 'cfg', adding, ctx)).rejects.toThrow(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"more"}',
    );

    const released = { ...live, metadata: { ...live.metadata, finalizers: [] } };
    await registry.update(R.configmaps, 'default', 'cfg', released, ctx);
    expect(await missing(registry.get(R.configmaps, 'default', 'cfg', ctx))).toBe(true);
  });

  it.each([
    ['Orphan', 'orphan'],
    ['Foreground', 'foregroundDeletion'],
  ] as const)('propagationPolicy %s stores the %s finalizer', async (policy, finalizer) => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const marked = (await registry.delete(
      R.deployments,
      'default',
      'web',
      { propagationPolicy: policy },
      ctx,
    )) as KubeObject;
    expect(marked.metadata.finalizers).toEqual([finalizer]);
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
  });

  it('deletes unscheduled pods at once and bound pods gracefully', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('loose'), ctx);
    await registry.delete(R.pods, 'default', 'loose', {}, ctx);
    expect(await missing(registry.get(R.pods, 'default', 'loose', ctx))).toBe(true);

    await registry.create(R.pods, 'default', pod('bound', { nodeName: 'node-1' }), ctx);
    const marked = (await registry.delete(R.pods, 'default', 'bound', {}, ctx)) as KubeObject;
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(marked.metadata.deletionTimestamp).toBe('2026-03-01T10:00:30Z');
    const shorter = (await registry.delete(
      R.pods,
      'default',
      'bound',
      { gracePeriodSeconds: 5 },
      ctx,
    )) as KubeObject;
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
    const longer = (await registry.delete(
      R.pods,
      'default',
      'bound',
      { gracePeriodSeconds: 60 },
      ctx,
    )) as KubeObject;
    expect(longer.metadata.deletionGracePeriodSeconds).toBe(5);
    await registry.delete(R.pods, 'default', 'bound', { gracePeriodSeconds: 0 }, ctx);
    expect(await missing(registry.get(R.pods, 'default', 'bound', ctx))).toBe(true);
  });

  it('checks delete preconditions', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    await expect(
      registry.delete(R.configmaps, 'default', 'cfg', { preconditions: { uid: 'other' } }, ctx),
    ).rejects.toThrow(/Precondition failed: UID in precondition: other, UID in object meta: /);
  });

  it('does nothing on dryRun', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('cfg'), ctx);
    await registry.delete(R.configmaps, 'default', 'cfg', {}, testContext({ dryRun: true }));
    expect((await registry.get(R.configmaps, 'default', 'cfg', ctx)).metadata.name).toBe('cfg');
  });

  it('marks namespaces Terminating until finalize clears spec.finalizers', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.get(R.namespaces, undefined, 'dev', ctx);
    expect(created.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(created.status).toEqual({ phase: 'Active' });
    expect(created.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
    const marked = (await registry.delete(R.namespaces, undefined, 'dev', {}, ctx)) as KubeObject;
    expect(marked.status).toEqual({ phase: 'Terminating' });
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    const finalized = { ...marked, spec: { finalizers: [] } };
    await registry.update(R.namespaces, undefined, 'dev', finalized, ctx, 'finalize');
    expect(await missing(registry.get(R.namespaces, undefined, 'dev', ctx))).toBe(true);
  });

  it('refuses to delete the default namespace', async () => {
    const { registry, ctx } = await newTestRegistry();
    await expect(registry.delete(R.namespaces, undefined, 'default', {}, ctx)).rejects.toThrow(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });

  it('deleteCollection deletes what matches', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('a', { app: 'x' }), ctx);
    await registry.create(R.configmaps, 'default', configMap('b', { app: 'y' }), ctx);
    const deleted = await registry.deleteCollection(
      R.configmaps,
      'default',
      { labelSelector: 'app=x' },
      {},
      ctx,
    );
    expect(deleted.items.map((i) => i.metadata.name)).toEqual(['a']);
    const left = await registry.list(R.configmaps, 'default', {}, ctx);
    expect(left.items.map((i) => i.metadata.name)).toEqual(['b']);
  });
});
