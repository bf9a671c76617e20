import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { newTestRegistry, pod, R } from './test-support';

const binding = (name: string, node: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  }) as KubeObject;

describe('binding', () => {
  it('binds once and answers 409 afterwards', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('web'), ctx);
    const status = await registry.createSubresource(
      R.pods,
      'default',
      'web',
      'binding',
      binding('web', 'node-1'),
      ctx,
    );
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const bound = await registry.get(R.pods, 'default', 'web', ctx);
    expect((bound.spec as { nodeName: string }).nodeName).toBe('node-1');
    expect((bound.status as { conditions: unknown[] }).conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
    await expect(
      registry.createSubresource(R.pods, 'default', 'web', 'binding', binding('web', 'node-2'), ctx),
    ).rejects.toThrow(
      'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
    );
  });

  it('accepts POST bindings through create', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('web'), ctx);
    const bindings = {
      ...R.pods,
      kind: 'Binding',
      resource: 'bindings',
      singular: 'binding',
      subresources: [],
    };
    await registry.create(bindings, 'default', binding('web', 'node-3'), ctx);
    expect(((await registry.get(R.pods, 'default', 'web', ctx)).spec as { nodeName: string }).nodeName).toBe(
      'node-3',
    );
  });
});
