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
    expect(signer.verify(token, new Date('2026-03-01T10:30:00Z'))).toEqual(claims);
  });

  it('refuses expired tokens and tokens of another cluster', () => {
    const signer = new ServiceAccountTokenSigner();
    const token = signer.sign(claims);
    expect(signer.verify(token, new Date('2026-03-01T11:00:00Z'))).toBeUndefined();
    expect(new ServiceAccountTokenSigner().verify(token, new Date('2026-03-01T10:30:00Z'))).toBeUndefined();
    expect(signer.verify('a.b.c', new Date('2026-03-01T10:30:00Z'))).toBeUndefined();
  });
});
