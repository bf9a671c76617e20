import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import { newTestRegistry, pod, R } from './test-support';

function eviction(name: string): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: 'default' },
    deleteOptions: {},
  } as KubeObject;
}

async function setup(minAvailable: number) {
  const env = await newTestRegistry();
  const { registry, ctx } = env;
  for (const name of ['p1', 'p2']) {
    await registry.create(R.pods, 'default', pod(name, { labels: { app: 'web' }, nodeName: 'node-1' }), ctx);
    await registry.patch(
      R.pods,
      'default',
      name,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      ctx,
      { subresource: 'status' },
    );
  }
  await registry.create(
    R.pdbs,
    'default',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable, selector: { matchLabels: { app: 'web' } } },
    },
    ctx,
  );
  return env;
}

describe('eviction', () => {
  it('refuses with 429 when the budget allows no disruption', async () => {
    const { registry, ctx } = await setup(2);
    const err = await registry
      .createSubresource(R.pods, 'default', 'p1', 'eviction', eviction('p1'), ctx)
      .catch((e) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect(err.code).toBe(429);
    expect(err.reason).toBe('TooManyRequests');
    expect(err.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(err.details.causes).toEqual([
      {
        reason: 'DisruptionBudget',
        message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
      },
    ]);
  });

  it('evicts (gracefully deletes) when the budget allows it', async () => {
    const { registry, ctx } = await setup(1);
    const status = await registry.createSubresource(R.pods, 'default', 'p1', 'eviction', eviction('p1'), ctx);
    expect(status).toMatchObject({ kind: 'Status', status: 'Success' });
    const evicted = await registry.get(R.pods, 'default', 'p1', ctx);
    expect(evicted.metadata.deletionTimestamp).toBeTruthy();
    // p1 is terminating now, so p2 is the last healthy pod the budget protects.
    await expect(
      registry.createSubresource(R.pods, 'default', 'p2', 'eviction', eviction('p2'), ctx),
    ).rejects.toThrow("Cannot evict pod as it would violate the pod's disruption budget.");
  });

  it('uses and decrements a processed PDB status', async () => {
    const { registry, ctx } = await setup(2);
    const pdb = await registry.get(R.pdbs, 'default', 'web', ctx);
    await registry.update(
      R.pdbs,
      'default',
      'web',
      {
        ...pdb,
        status: {
          observedGeneration: 1,
          disruptionsAllowed: 1,
          currentHealthy: 2,
          desiredHealthy: 1,
          expectedPods: 2,
        },
      },
      ctx,
      'status',
    );
    await registry.createSubresource(R.pods, 'default', 'p1', 'eviction', eviction('p1'), ctx);
    const after = await registry.get(R.pdbs, 'default', 'web', ctx);
    expect(after.status).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { p1: '2026-03-01T10:00:00Z' },
    });
  });
});
