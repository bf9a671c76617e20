/**
 * routingKeyOf decides what pins a request to a replica. A learner's sandbox (its cluster, its terminal,
 * its SQLite file) lives on one replica; every request touching it must reach that replica:
 * - `/k8s/<sandboxId>/…`, `/api/sandboxes/<sandboxId>/…` (HTTP and WebSocket): the sandbox, resolved to its
 *   learner through the shared database (a sandbox belongs to one learner for its whole life);
 * - `/api/workshops/<w>/learners/<learnerId>/…` (instructor's view, reset, extend of one learner): that learner;
 * - a Kubernetes API path at the root (`/api/v1/…`, `/apis/…`, `/version`, `/openapi/…`: `kubectl get --raw`
 *   drops the kubeconfig's `/k8s/<id>` prefix) with a sandbox's bearer token (`sandbox.<id>.<mac>`, or a lesson
 *   user's `lesson-user.<id>.<name>.<mac>`): that sandbox;
 * - any other request carrying the learner cookie (`POST /api/sandboxes`, exercises, join): that learner;
 * - the rest (site pages, instructor lists, workshops, health): any replica, the state being shared.
 *
 * The learner id is read from the cookie without checking its signature: it only chooses a replica,
 * and the replica checks the signature as before (a forged cookie is refused there).
 */

/** LEARNER_COOKIE is the platform's learner cookie (sandbox-server/src/identity/learner-cookie.ts). */
export const LEARNER_COOKIE = 'atelier_learner';

export type RoutingKey = { kind: 'sandbox'; id: string } | { kind: 'learner'; id: string } | { kind: 'any' };

const SANDBOX_PATH = /^\/(?:k8s|api\/sandboxes)\/([A-Za-z0-9_-]+)(?:\/|$)/;
const LEARNER_PATH = /^\/api\/workshops\/[A-Za-z0-9_-]+\/learners\/([A-Za-z0-9_-]+)(?:\/|$)/;
/** K8S_ROOT_PATH = sandbox-server's K8S_ROOT_PATHS (src/http/k8s-proxy.ts): never a platform route. */
const K8S_ROOT_PATH = /^\/(?:api(?:\/v1(?:\/.*)?)?|apis(?:\/.*)?|version|openapi\/v[23](?:\/.*)?)\/?$/;
const SANDBOX_TOKEN = /^Bearer\s+(?:sandbox|lesson-user)\.([A-Za-z0-9_-]+)\.\S+$/i;

export function routingKeyOf(
  url: string,
  cookieHeader: string | undefined,
  authorization?: string,
): RoutingKey {
  const path = url.split('?')[0] ?? '/';
  const sandbox = SANDBOX_PATH.exec(path);
  if (sandbox) return { kind: 'sandbox', id: sandbox[1] };
  // Unverified, like the cookie: it only picks the replica, which checks the token's signature.
  const token = K8S_ROOT_PATH.test(path) ? SANDBOX_TOKEN.exec(authorization?.trim() ?? '') : null;
  if (token) return { kind: 'sandbox', id: token[1] };
  const learner = LEARNER_PATH.exec(path);
  if (learner) return { kind: 'learner', id: learner[1] };
  const fromCookie = learnerOfCookie(cookieHeader);
  if (fromCookie) return { kind: 'learner', id: fromCookie };
  return { kind: 'any' };
}

/** learnerOfCookie returns the learner id of the cookie value `<id>.<expiry>.<signature>`, unverified. */
export function learnerOfCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== LEARNER_COOKIE) continue;
    const id = part
      .slice(eq + 1)
      .trim()
      .split('.')[0];
    if (id && /^[A-Za-z0-9_-]+$/.test(id)) return id;
  }
  return undefined;
}
