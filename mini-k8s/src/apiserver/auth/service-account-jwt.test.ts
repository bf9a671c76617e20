import { describe, expect, it } from 'vitest';
import { ServiceAccountTokenSigner } from './service-account-jwt';

const claims = {
  namespace: 'team',
  serviceAccountName: 'builder',
  serviceAccountUid: 'uid-1',
  audiences: ['https://kubernetes.default.svc.cluster.local'],
  issuedAt: new Date('2026-03-01T10:00:00Z'),
  expiresAt: new Date('2026-03-01T11:00:00Z'),
  boundObjectRef: { kind: 'Pod', name: 'web', uid: 'pod-uid' },
};

describe('ServiceAccountTokenSigner', () => {
  it('round-trips claims with an ES256 header naming the key', () => {
    const signer = new ServiceAccountTokenSigner();
    const token = signer.sign(claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(header).toEqual({ alg: 'ES256', kid: signer.kid });
    const verified = signer.verify(token, new Date('2026-03-01T10:30:00Z'));
    expect(verified).toEqual({ ...claims, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('writes the kubernetes.io claims of a pod-bound token with its node, keys sorted as upstream', () => {
    const signer = new ServiceAccountTokenSigner();
    const token = signer.sign({ ...claims, node: { name: 'node01', uid: 'node-uid' }, jti: 'the-jti' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(payload)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(payload.jti).toBe('the-jti');
    expect(JSON.stringify(payload['kubernetes.io'])).toBe(
      JSON.stringify({
        namespace: 'team',
        node: { name: 'node01', uid: 'node-uid' },
        pod: { name: 'web', uid: 'pod-uid' },
        serviceaccount: { name: 'builder', uid: 'uid-1' },
      }),
    );
    expect(signer.verify(token, new Date('2026-03-01T10:30:00Z'))?.node).toEqual({
      name: 'node01',
      uid: 'node-uid',
    });
  });

  it('reads a node-bound token as bound to the node', () => {
    const signer = new ServiceAccountTokenSigner();
    const token = signer.sign({ ...claims, boundObjectRef: { kind: 'Node', name: 'node01', uid: 'n-1' } });
    const verified = signer.verify(token, new Date('2026-03-01T10:30:00Z'));
    expect(verified?.boundObjectRef).toEqual({ kind: 'Node', name: 'node01', uid: 'n-1' });
    expect(verified?.node).toEqual({ name: 'node01', uid: 'n-1' });
  });

  it('refuses expired tokens and tokens of another cluster', () => {
    const signer = new ServiceAccountTokenSigner();
    const token = signer.sign(claims);
    expect(signer.verify(token, new Date('2026-03-01T11:00:00Z'))).toBeUndefined();
    expect(new ServiceAccountTokenSigner().verify(token, new Date('2026-03-01T10:30:00Z'))).toBeUndefined();
    expect(signer.verify('a.b.c', new Date('2026-03-01T10:30:00Z'))).toBeUndefined();
  });
});
