/**
 * Authentication: who is calling. mini-k8s authenticates bearer tokens against a static table (like the
 * apiserver's `--token-auth-file`) and then applies impersonation headers for users allowed to use them.
 */
import type { UserInfo } from '../registry/interface';

/** ADMIN_USER is the identity kubeadm gives the cluster creator's kubeconfig. */
export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** ANONYMOUS_USER is the identity of a request without credentials. */
export const ANONYMOUS_USER: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** RequestHeaders is the read-only header access the authenticator needs (a fetch `Headers` fits). */
export interface RequestHeaders {
  get(name: string): string | null;
}

/** Authenticator resolves a request's credentials to a user; undefined means "no valid credentials". */
export interface Authenticator {
  authenticate(headers: RequestHeaders): UserInfo | undefined | Promise<UserInfo | undefined>;
}

/** StaticTokenEntry maps one bearer token to a user (a line of a token-auth file). */
export interface StaticTokenEntry {
  token: string;
  user: UserInfo;
}

/**
 * StaticTokenAuthenticator accepts `Authorization: Bearer <token>` for a fixed set of tokens. Every
 * authenticated user gets the `system:authenticated` group, as the real apiserver adds it.
 */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly users = new Map<string, UserInfo>();

  constructor(entries: StaticTokenEntry[]) {
    for (const entry of entries) this.users.set(entry.token, withAuthenticatedGroup(entry.user));
  }

  authenticate(headers: RequestHeaders): UserInfo | undefined {
    const token = bearerToken(headers);
    return token === undefined ? undefined : this.users.get(token);
  }
}

/** withAuthenticatedGroup returns the user with `system:authenticated` appended when missing. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes('system:authenticated')) return user;
  return { ...user, groups: [...user.groups, 'system:authenticated'] };
}

/** bearerToken extracts the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: RequestHeaders): string | undefined {
  const header = headers.get('authorization');
  if (!header) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** ServiceAccountTokenSource resolves a token issued by the TokenRequest API (the registry's reviewToken). */
export interface ServiceAccountTokenSource {
  reviewToken(token: string):
    | {
        namespace: string;
        serviceAccountName: string;
        serviceAccountUid: string;
        boundObjectRef?: Record<string, unknown>;
        node?: { name: string; uid?: string };
        credentialId?: string;
      }
    | undefined;
}

/** LiveObjects tells the uid of the object a token names now (undefined: it no longer exists). */
export type LiveObjects = (
  resource: 'serviceaccounts' | 'pods' | 'secrets',
  namespace: string,
  name: string,
) => Promise<string | undefined>;

const BOUND_KINDS: Record<string, 'pods' | 'secrets'> = { Pod: 'pods', Secret: 'secrets' };

/**
 * ServiceAccountTokenAuthenticator accepts the tokens `kubectl create token` obtains and those the kubelet
 * mounts in pods, as the user `system:serviceaccount:<namespace>:<name>` with the service-account groups.
 * With `live`, a token is revoked as upstream's validator revokes it: when its ServiceAccount, or the pod
 * or secret it is bound to, was deleted (or recreated under the same name: the uid differs).
 */
export class ServiceAccountTokenAuthenticator implements Authenticator {
  constructor(
    private readonly source: ServiceAccountTokenSource,
    private readonly live?: LiveObjects,
  ) {}

  async authenticate(headers: RequestHeaders): Promise<UserInfo | undefined> {
    const token = bearerToken(headers);
    const record = token ? this.source.reviewToken(token) : undefined;
    if (!record) return undefined;
    if (this.live) {
      const { namespace } = record;
      if (
        (await this.live('serviceaccounts', namespace, record.serviceAccountName)) !==
        record.serviceAccountUid
      )
        return undefined;
      const bound = record.boundObjectRef;
      const resource = bound ? BOUND_KINDS[String(bound.kind)] : undefined;
      if (bound && resource && (await this.live(resource, namespace, String(bound.name ?? ''))) !== bound.uid)
        return undefined;
    }
    const user: UserInfo = {
      username: `system:serviceaccount:${record.namespace}:${record.serviceAccountName}`,
      uid: record.serviceAccountUid,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${record.namespace}`,
        'system:authenticated',
      ],
    };
    const extra = serviceAccountExtra(record);
    if (Object.keys(extra).length > 0) user.extra = extra;
    return user;
  }
}

/** SERVICE_ACCOUNT_EXTRA are the keys of a service account user's extra info (pkg/serviceaccount). */
export const SERVICE_ACCOUNT_EXTRA = {
  podName: 'authentication.kubernetes.io/pod-name',
  podUid: 'authentication.kubernetes.io/pod-uid',
  nodeName: 'authentication.kubernetes.io/node-name',
  nodeUid: 'authentication.kubernetes.io/node-uid',
  credentialId: 'authentication.kubernetes.io/credential-id',
} as const;

/**
 * serviceAccountExtra is ServiceAccountInfo.UserInfo's extra: the bound pod's name and uid, the
 * credential id (`JTI=<jti>`), the node's name and uid (a bound node, or the node of a bound pod).
 */
export function serviceAccountExtra(record: {
  boundObjectRef?: Record<string, unknown>;
  node?: { name: string; uid?: string };
  credentialId?: string;
}): Record<string, string[]> {
  const extra: Record<string, string[]> = {};
  const bound = record.boundObjectRef;
  if (bound?.kind === 'Pod' && bound.name && bound.uid) {
    extra[SERVICE_ACCOUNT_EXTRA.podName] = [String(bound.name)];
    extra[SERVICE_ACCOUNT_EXTRA.podUid] = [String(bound.uid)];
  }
  if (record.credentialId) extra[SERVICE_ACCOUNT_EXTRA.credentialId] = [record.credentialId];
  if (record.node?.name) {
    extra[SERVICE_ACCOUNT_EXTRA.nodeName] = [record.node.name];
    if (record.node.uid) extra[SERVICE_ACCOUNT_EXTRA.nodeUid] = [record.node.uid];
  }
  return extra;
}

/** UnionAuthenticator asks each authenticator in turn and returns the first user found. */
export class UnionAuthenticator implements Authenticator {
  private readonly authenticators: Authenticator[];

  constructor(...authenticators: Authenticator[]) {
    this.authenticators = authenticators;
  }

  async authenticate(headers: RequestHeaders): Promise<UserInfo | undefined> {
    for (const authenticator of this.authenticators) {
      const user = await authenticator.authenticate(headers);
      if (user) return user;
    }
    return undefined;
  }
}
