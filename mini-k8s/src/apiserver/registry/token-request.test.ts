import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { newTestRegistry, R } from './test-support';

const request = (spec: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name: 'robot' },
    spec,
  }) as KubeObject;

describe('token subresource', () => {
  it('issues a recorded opaque token with expiry', async () => {
    const { registry, ctx } = await newTestRegistry({ now: () => new Date('2026-03-01T10:30:00Z') });
    const sa = await registry.create(
      R.serviceaccounts,
      'default',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } },
      ctx,
    );
    const answer = await registry.createSubresource(
      R.serviceaccounts,
      'default',
      'robot',
      'token',
      request(),
      ctx,
    );
    const status = (answer as KubeObject).status as { token: string; expirationTimestamp: string };
    expect(status.expirationTimestamp).toBe('2026-03-01T11:00:00Z');
    expect(status.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registry.reviewToken(status.token)).toMatchObject({
      namespace: 'default',
      serviceAccountName: 'robot',
      serviceAccountUid: sa.metadata.uid,
    });
    expect(registry.reviewToken('forged')).toBeUndefined();
  });

  it('validates expirationSeconds and the service account', async () => {
    const { registry, ctx } = await newTestRegistry();
    await expect(
      registry.createSubresource(R.serviceaccounts, 'default', 'robot', 'token', request(), ctx),
    ).rejects.toThrow('serviceaccounts "robot" not found');
    await registry.create(
      R.serviceaccounts,
      'default',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } },
      ctx,
    );
    await expect(
      registry.createSubresource(
        R.serviceaccounts,
        'default',
        'robot',
        'token',
        request({ expirationSeconds: 599 }),
        ctx,
      ),
    ).rejects.toThrow(
      'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    );
  });
});
