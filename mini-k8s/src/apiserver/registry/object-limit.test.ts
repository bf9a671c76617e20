import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { isStatusError } from '../../machinery/errors';
import { newTestRegistry, R } from './test-support';

const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('object limit', () => {
  it('refuses creates past maxObjects with a quota-style Forbidden, events excepted', async () => {
    // The two namespaces of the test registry count: two more objects fill a cap of 4.
    const { registry, ctx } = await newTestRegistry({ maxObjects: 4 });
    await registry.create(R.configmaps, 'default', configMap('a'), ctx);
    await registry.create(R.configmaps, 'default', configMap('b'), ctx);
    const err = await registry.create(R.configmaps, 'default', configMap('c'), ctx).catch((e: unknown) => e);
    expect(isStatusError(err) && err.code).toBe(403);
    expect((err as Error).message).toBe(
      'configmaps "c" is forbidden: exceeded quota: cluster-object-limit, requested: count/objects=1, used: count/objects=4, limited: count/objects=4',
    );
    // Events stay possible so components can still report what happens.
    await registry.create(
      R.events,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e' },
        involvedObject: { kind: 'ConfigMap', name: 'a', namespace: 'default' },
        reason: 'Test',
        message: 'm',
      },
      ctx,
    );
    // Deleting frees room again.
    await registry.delete(R.configmaps, 'default', 'a', {}, ctx);
    await expect(registry.create(R.configmaps, 'default', configMap('c'), ctx)).resolves.toMatchObject({
      metadata: { name: 'c' },
    });
  });
});
