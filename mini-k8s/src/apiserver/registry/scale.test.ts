import { describe, expect, it } from 'vitest';
import { deployment, newTestRegistry, R } from './test-support';

describe('scale subresource', () => {
  it('reads and writes spec.replicas through an autoscaling/v1 Scale', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.deployments, 'default', deployment('web', 2), ctx);
    const scale = await registry.getSubresource(R.deployments, 'default', 'web', 'scale', ctx);
    expect(scale).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion,
        creationTimestamp: created.metadata.creationTimestamp,
      },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const patched = await registry.patch(
      R.deployments,
      'default',
      'web',
      'merge',
      { spec: { replicas: 3 } },
      ctx,
      {
        subresource: 'scale',
      },
    );
    expect(patched.object.kind).toBe('Scale');
    expect(patched.object.spec).toEqual({ replicas: 3 });
    const live = await registry.get(R.deployments, 'default', 'web', ctx);
    expect((live.spec as { replicas: number }).replicas).toBe(3);
    expect(live.metadata.generation).toBe(2);
  });

  it('rejects negative replicas and stale resourceVersions', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.deployments, 'default', deployment('web'), ctx);
    const scale = await registry.getSubresource(R.deployments, 'default', 'web', 'scale', ctx);
    await expect(
      registry.update(R.deployments, 'default', 'web', { ...scale, spec: { replicas: -1 } }, ctx, 'scale'),
    ).rejects.toThrow(
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    await registry.update(R.deployments, 'default', 'web', { ...scale, spec: { replicas: 4 } }, ctx, 'scale');
    await expect(
      registry.update(R.deployments, 'default', 'web', { ...scale, spec: { replicas: 5 } }, ctx, 'scale'),
    ).rejects.toThrow(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified',
    );
  });

  it('answers 404 for resources without scale', async () => {
    const { registry, ctx } = await newTestRegistry();
    await expect(registry.getSubresource(R.configmaps, 'default', 'x', 'scale', ctx)).rejects.toThrow(
      'the server could not find the requested resource',
    );
  });
});
