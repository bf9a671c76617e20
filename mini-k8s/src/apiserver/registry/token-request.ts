/**
 * TokenRequest (POST serviceaccounts/<name>/token). Until the security work brings signed JWTs, the
 * token is an opaque random string (256 bits, base64url), not a JWT: nothing here pretends to sign. Each
 * issued token is recorded in TokenRecords with its service account, audiences and expiry so that an
 * authenticator (TokenReview) can validate it; records live in memory and die with the process.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { errors } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import type { GenericStore } from './generic-store';
import type { RequestContext } from './interface';
import { asRecord, rfc3339 } from './meta';

/** DEFAULT_AUDIENCE is the API server's own audience (kube-apiserver --api-audiences default). */
export const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

const DEFAULT_EXPIRATION_SECONDS = 3600;
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
}

/** TokenRecords remembers issued tokens until they expire. */
export class TokenRecords {
  private readonly byToken = new Map<string, TokenRecord>();

  /** record stores a token. */
  record(token: string, record: TokenRecord): void {
    this.byToken.set(token, record);
  }

  /** review returns the record of a valid, unexpired token (expired ones are forgotten). */
  review(token: string, now: Date): TokenRecord | undefined {
    const found = this.byToken.get(token);
    if (!found) return undefined;
    if (found.expiresAt.getTime() <= now.getTime()) {
      this.byToken.delete(token);
      return undefined;
    }
    return found;
  }
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
  const token = randomBytes(32).toString('base64url');
  if (!ctx.dryRun) {
    records.record(token, {
      namespace: sa.metadata.namespace ?? '',
      serviceAccountName: name,
      serviceAccountUid: sa.metadata.uid ?? '',
      audiences,
      expiresAt,
      boundObjectRef,
    });
  }
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
