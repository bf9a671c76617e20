/**
 * Impersonation (`kubectl --as bob --as-group dev`): the `Impersonate-User`, `Impersonate-Group` and
 * `Impersonate-Uid` headers replace the requester's identity when the authorizer lets the requester
 * `impersonate` those users and groups, as the apiserver's WithImpersonation filter does.
 */
import type { UserInfo } from '../registry/interface';
import type { RequestHeaders } from './authenticator';
import { forbiddenError } from './authorizer';
import type { AuthorizationAttributes, Authorizer } from './authorizer';
import { errors } from '../../machinery/errors';

/** splitHeaderValues splits a combined header (fetch joins repeated headers with `, `) into its values. */
function splitHeaderValues(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * impersonate returns the identity the request acts as: the requester itself without impersonation
 * headers, otherwise the impersonated user after checking the `impersonate` verb on `users`, `groups`
 * and `uids`. Throws 403 Forbidden when the requester may not impersonate.
 */
export async function impersonate(
  requester: UserInfo,
  headers: RequestHeaders,
  authorizer: Authorizer,
): Promise<UserInfo> {
  const username = headers.get('impersonate-user');
  const groups = splitHeaderValues(headers.get('impersonate-group'));
  const uid = headers.get('impersonate-uid');
  if (username === null) {
    if (groups.length > 0 || uid !== null) {
      throw errors.internal('requested impersonation of groups or uid without impersonating a user');
    }
    return requester;
  }
  const checks: AuthorizationAttributes[] = [
    {
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      group: '',
      resource: serviceAccountResource(username),
      name: serviceAccountName(username),
      namespace: serviceAccountNamespace(username),
    },
    ...groups.map((group) => ({
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      group: '',
      resource: 'groups',
      name: group,
    })),
  ];
  if (uid !== null)
    checks.push({
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      group: 'authentication.k8s.io',
      resource: 'uids',
      name: uid,
    });
  for (const attributes of checks) {
    const decision = await authorizer.authorize(attributes);
    if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
  }
  const impersonatedGroups = [...groups];
  // A service account impersonated without explicit groups gets its usual groups, as in the real filter.
  if (groups.length === 0 && isServiceAccount(username)) {
    impersonatedGroups.push(
      'system:serviceaccounts',
      `system:serviceaccounts:${serviceAccountNamespace(username)}`,
    );
  }
  // The real filter adds system:authenticated to every impersonated user except anonymous.
  if (username !== 'system:anonymous' && !impersonatedGroups.includes('system:authenticated'))
    impersonatedGroups.push('system:authenticated');
  const user: UserInfo = { username, groups: impersonatedGroups };
  if (uid !== null) user.uid = uid;
  return user;
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** Service account users (`system:serviceaccount:<ns>:<name>`) are impersonated through the `serviceaccounts` resource. */
function serviceAccountResource(username: string): string {
  return isServiceAccount(username) ? 'serviceaccounts' : 'users';
}

function serviceAccountName(username: string): string {
  return isServiceAccount(username) ? username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[1] : username;
}

function serviceAccountNamespace(username: string): string | undefined {
  return isServiceAccount(username) ? username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[0] : undefined;
}

function isServiceAccount(username: string): boolean {
  return (
    username.startsWith(SERVICE_ACCOUNT_PREFIX) &&
    username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':').length === 2
  );
}
