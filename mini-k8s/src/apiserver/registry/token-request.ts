/**
 * TokenRequest (POST serviceaccounts/<name>/token): the token is a JWT signed by the cluster's
 * service-account key (auth/service-account-jwt.ts), carrying the service account, audiences, expiry and
 * bound object; `review` verifies signature and validity. The key lives as long as the registry (tokens
 * do not survive a restart of the API server process).
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import { errors } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import type { GenericStore } from './generic-store';
import type { RequestContext } from './interface';
import { asRecord, rfc3339 } from './meta';
import { ServiceAccountTokenSigner } from '../auth/service-account-jwt';

/** DEFAULT_AUDIENCE is the API server's own audience (kube-apiserver --api-audiences default). */
export const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

const DEFAULT_EXPIRATION_SECONDS = 3600;
/**
 * WARN_ONLY_EXPIRATION_SECONDS is what the kubelet asks for its projected tokens (1h7s): such a pod-bound
 * token for the API server's audience is extended to EXTENSION_SECONDS (one year) with a `warnafter` claim
 * at the requested expiry (--service-account-extend-token-expiration, on by default); the answer's
 * expirationTimestamp stays the requested one, so kubelets keep refreshing hourly.
 */
const WARN_ONLY_EXPIRATION_SECONDS = 3607;
const EXTENSION_SECONDS = 365 * 24 * 60 * 60;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

/** TokenRecord is what an issued token stands for. */
export interface TokenRecord {
  namespace: string;
  serviceAccountName: string;
  serviceAccountUid: string;
  audiences: string[];
  expiresAt: Date;
  boundObjectRef?: Record<string, unknown>;
  /** node is the node of a bound pod, or the bound node. */
  node?: { name: string; uid?: string };
  /** credentialId is `JTI=<jti>`, the user's `authentication.kubernetes.io/credential-id`. */
  credentialId?: string;
  /** warnAfter is the requested expiry of an extended kubelet token. */
  warnAfter?: Date;
}

/** TokenRecords issues and verifies signed tokens (the name predates JWTs: nothing is kept per token). */
export class TokenRecords {
  constructor(private readonly signer = new ServiceAccountTokenSigner()) {}

  /** issue signs a token for the record. */
  issue(record: TokenRecord, issuedAt: Date): string {
    return this.signer.sign({ ...record, issuedAt });
  }

  /** review returns the record of a valid, unexpired token signed by this cluster. */
  review(token: string, now: Date): TokenRecord | undefined {
    const claims = this.signer.verify(token, now);
    if (!claims) return undefined;
    const record: TokenRecord = {
      namespace: claims.namespace,
      serviceAccountName: claims.serviceAccountName,
      serviceAccountUid: claims.serviceAccountUid,
      audiences: claims.audiences,
      expiresAt: claims.expiresAt,
    };
    if (claims.boundObjectRef) record.boundObjectRef = claims.boundObjectRef;
    if (claims.node) record.node = claims.node;
    if (claims.jti) record.credentialId = `JTI=${claims.jti}`;
    if (claims.warnAfter) record.warnAfter = claims.warnAfter;
    return record;
  }
}

/**
 * boundPodNode is the node of the pod a token is bound to (its name and uid), as 1.32 puts it in the
 * token (ServiceAccountTokenPodNodeInfo): a node that cannot be read leaves the uid out.
 */
async function boundPodNode(
  store: GenericStore,
  namespace: string | undefined,
  bound: Record<string, unknown> | undefined,
): Promise<{ name: string; uid?: string } | undefined> {
  if (bound?.kind !== 'Pod' || typeof bound.name !== 'string') return undefined;
  const pods = findResource('', 'v1', 'pods');
  const nodes = findResource('', 'v1', 'nodes');
  if (!pods || !nodes) return undefined;
  const pod = await store.get(pods, namespace, bound.name).catch(() => undefined);
  const nodeName = asRecord(pod?.spec)?.nodeName;
  if (typeof nodeName !== 'string' || nodeName === '') return undefined;
  const node = await store.get(nodes, undefined, nodeName).catch(() => undefined);
  return node?.metadata.uid ? { name: nodeName, uid: node.metadata.uid } : { name: nodeName };
}

/** createToken issues a token for an existing service account and answers the TokenRequest. */
export async function createToken(
  store: GenericStore,
  serviceAccounts: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: KubeObject,
  ctx: RequestContext,
  records: TokenRecords,
): Promise<KubeObject> {
  const sa = await store.get(serviceAccounts, namespace, name);
  const spec = asRecord(body.spec) ?? {};
  const expirationSeconds =
    typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw errors.invalid('authentication.k8s.io', 'TokenRequest', name, [
      fieldErrors.invalid(
        'spec.expirationSeconds',
        expirationSeconds,
        'may not specify a duration less than 10 minutes',
      ),
    ]);
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw errors.invalid('authentication.k8s.io', 'TokenRequest', name, [
      fieldErrors.invalid(
        'spec.expirationSeconds',
        expirationSeconds,
        'may not specify a duration larger than 2^32 seconds',
      ),
    ]);
  }
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length > 0
      ? (spec.audiences as string[])
      : [DEFAULT_AUDIENCE];
  const boundObjectRef = asRecord(spec.boundObjectRef);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + expirationSeconds * 1000);
  const extended =
    boundObjectRef?.kind === 'Pod' &&
    expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS &&
    audiences.every((a) => a === DEFAULT_AUDIENCE);
  const record: TokenRecord = {
    namespace: sa.metadata.namespace ?? '',
    serviceAccountName: name,
    serviceAccountUid: sa.metadata.uid ?? '',
    audiences,
    expiresAt: extended ? new Date(now.getTime() + EXTENSION_SECONDS * 1000) : expiresAt,
  };
  if (extended) record.warnAfter = expiresAt;
  if (boundObjectRef) record.boundObjectRef = boundObjectRef;
  const node = await boundPodNode(store, namespace, boundObjectRef);
  if (node) record.node = node;
  const token = records.issue(record, now);
  const outSpec: Record<string, unknown> = { audiences, expirationSeconds };
  outSpec.boundObjectRef = boundObjectRef ?? null;
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: sa.metadata.namespace, creationTimestamp: null },
    spec: outSpec,
    status: { token, expirationTimestamp: rfc3339(expiresAt) },
  };
}
