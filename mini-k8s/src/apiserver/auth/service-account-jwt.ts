/**
 * ServiceAccount tokens as kube-apiserver issues them: JWTs signed ES256 with the cluster's service-account
 * key (`--service-account-signing-key-file`), `kid` the base64url SHA-256 of the public key, issuer
 * `https://kubernetes.default.svc.cluster.local`, subject `system:serviceaccount:<ns>:<name>`, a `jti`
 * (the credential id `JTI=<jti>` of the user's extra info) and the `kubernetes.io` private claims
 * (namespace, the bound pod, secret or node, the node of a bound pod, serviceaccount name/uid; keys sorted
 * as go-jose writes them). `verify`
 * checks the signature, the issuer and the validity window; a learner can decode the payload with
 * `kubectl create token x | cut -d. -f2 | base64 -d`.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** ServiceAccountClaims are the facts a token carries. */
export interface ServiceAccountClaims {
  namespace: string;
  serviceAccountName: string;
  serviceAccountUid: string;
  audiences: string[];
  issuedAt: Date;
  expiresAt: Date;
  /** The object the token is bound to (`kubectl create token --bound-object-kind Pod`), if any. */
  boundObjectRef?: { kind?: string; name?: string; uid?: string };
  /** The node of a bound pod (ServiceAccountTokenPodNodeInfo, on by default in 1.32); uid may be unknown. */
  node?: { name: string; uid?: string };
  /** jti is the token's unique id; sign draws one when absent. */
  jti?: string;
  /**
   * warnAfter is when an extended kubelet token would have expired (the `warnafter` claim): past it,
   * upstream only warns, the token staying valid until its extended expiry.
   */
  warnAfter?: Date;
}

/** ObjectRef is a `kubernetes.io` claim naming an object. */
interface ObjectRef {
  name?: string;
  uid?: string;
}

/** ServiceAccountTokenSigner signs and verifies tokens with one EC P-256 key. */
export class ServiceAccountTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;

  constructor(privateKey?: KeyObject) {
    this.privateKey = privateKey ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = base64url(
      createHash('sha256')
        .update(this.publicKey.export({ type: 'spki', format: 'der' }))
        .digest(),
    );
  }

  /** sign returns the compact JWS of the claims. */
  sign(claims: ServiceAccountClaims): string {
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    // go-jose marshals the merged claims as maps: keys come out sorted at every level.
    const privateClaims: Record<string, unknown> = { namespace: claims.namespace };
    const bound = claims.boundObjectRef;
    const node = bound?.kind === 'Node' ? { name: bound.name ?? '', uid: bound.uid ?? '' } : claims.node;
    if (node) privateClaims.node = { name: node.name, uid: node.uid ?? '' };
    if (bound?.kind === 'Pod' || bound?.kind === 'Secret') {
      privateClaims[bound.kind.toLowerCase()] = { name: bound.name ?? '', uid: bound.uid ?? '' };
    }
    privateClaims.serviceaccount = { name: claims.serviceAccountName, uid: claims.serviceAccountUid };
    if (claims.warnAfter) privateClaims.warnafter = seconds(claims.warnAfter);
    const payload = {
      aud: claims.audiences,
      exp: seconds(claims.expiresAt),
      iat: seconds(claims.issuedAt),
      iss: SERVICE_ACCOUNT_ISSUER,
      jti: claims.jti ?? randomUUID(),
      'kubernetes.io': privateClaims,
      nbf: seconds(claims.issuedAt),
      sub: `system:serviceaccount:${claims.namespace}:${claims.serviceAccountName}`,
    };
    const signingInput = `${base64url(JSON.stringify({ alg: 'ES256', kid: this.kid }))}.${base64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${signingInput}.${base64url(signature)}`;
  }

  /** verify returns the claims of a valid token signed by this key, undefined otherwise. */
  verify(token: string, now: Date): ServiceAccountClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    let header: { alg?: string; kid?: string };
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (header.alg !== 'ES256' || header.kid !== this.kid) return undefined;
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    if (!verify('sha256', signed, { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, signature))
      return undefined;
    const at = now.getTime() / 1000;
    if (payload.iss !== SERVICE_ACCOUNT_ISSUER) return undefined;
    if (typeof payload.exp !== 'number' || payload.exp <= at) return undefined;
    if (typeof payload.nbf === 'number' && payload.nbf > at + 60) return undefined;
    const k8s = (payload['kubernetes.io'] ?? {}) as {
      namespace?: string;
      serviceaccount?: ObjectRef;
      pod?: ObjectRef;
      secret?: ObjectRef;
      node?: ObjectRef;
      warnafter?: number;
    };
    if (!k8s.namespace || !k8s.serviceaccount?.name) return undefined;
    const claims: ServiceAccountClaims = {
      namespace: k8s.namespace,
      serviceAccountName: k8s.serviceaccount.name,
      serviceAccountUid: k8s.serviceaccount.uid ?? '',
      audiences: Array.isArray(payload.aud) ? (payload.aud as string[]) : [String(payload.aud)],
      issuedAt: new Date(Number(payload.iat) * 1000),
      expiresAt: new Date(payload.exp * 1000),
    };
    if (typeof payload.jti === 'string' && payload.jti) claims.jti = payload.jti;
    if (typeof k8s.warnafter === 'number') claims.warnAfter = new Date(k8s.warnafter * 1000);
    if (k8s.pod) claims.boundObjectRef = { kind: 'Pod', ...k8s.pod };
    else if (k8s.secret) claims.boundObjectRef = { kind: 'Secret', ...k8s.secret };
    else if (k8s.node) claims.boundObjectRef = { kind: 'Node', ...k8s.node };
    if (k8s.node?.name) {
      claims.node = { name: k8s.node.name };
      if (k8s.node.uid) claims.node.uid = k8s.node.uid;
    }
    return claims;
  }
}
