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

  it("extends a kubelet's pod-bound 3607 s token to a year with warnafter, and names the pod's node", async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(
      R.serviceaccounts,
      'default',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } },
      ctx,
    );
    const node = await registry.create(
      R.nodes,
      undefined,
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } },
      ctx,
    );
    const pod = await registry.create(
      R.pods,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { nodeName: 'node01', containers: [{ name: 'c', image: 'nginx' }] },
      },
      ctx,
    );
    const issue = async (expirationSeconds: number) => {
      const answer = await registry.createSubresource(
        R.serviceaccounts,
        'default',
        'robot',
        'token',
        request({
          expirationSeconds,
          boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: pod.metadata.uid },
        }),
        ctx,
      );
      const status = (answer as KubeObject).status as { token: string; expirationTimestamp: string };
      const payload = JSON.parse(Buffer.from(status.token.split('.')[1], 'base64url').toString()) as {
        exp: number;
        'kubernetes.io': Record<string, unknown>;
      };
      return { status, payload };
    };
    // Requests are stamped with the request time (10:00), not the registry clock.
    const kubelet = await issue(3607);
    // The answer keeps the requested expiry: the kubelet still refreshes hourly.
    expect(kubelet.status.expirationTimestamp).toBe('2026-03-01T11:00:07Z');
    expect(kubelet.payload.exp).toBe(Date.parse('2027-03-01T10:00:00Z') / 1000);
    expect(kubelet.payload['kubernetes.io']).toMatchObject({
      node: { name: 'node01', uid: node.metadata.uid },
      pod: { name: 'web', uid: pod.metadata.uid },
      warnafter: Date.parse('2026-03-01T11:00:07Z') / 1000,
    });
    const other = await issue(3600);
    expect(other.payload.exp).toBe(Date.parse('2026-03-01T11:00:00Z') / 1000);
    expect(other.payload['kubernetes.io']).not.toHaveProperty('warnafter');
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
