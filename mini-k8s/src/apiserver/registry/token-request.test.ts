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
  it('issues a signed JWT with expiry and the service account claims', async () => {
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
    expect(status.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(status.token.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:robot',
      exp: Date.parse('2026-03-01T11:00:00Z') / 1000,
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: sa.metadata.uid } },
    });
    expect(registry.reviewToken(status.token)).toMatchObject({
      namespace: 'default',
      serviceAccountName: 'robot',
      serviceAccountUid: sa.metadata.uid,
    });
    expect(registry.reviewToken('forged')).toBeUndefined();
    const [header, body] = status.token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'x' })).toString('base64url')}.${status.token.split('.')[2]}`;
    expect(registry.reviewToken(tampered)).toBeUndefined();
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
