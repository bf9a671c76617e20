/**
 * The learners' Kubernetes API: `/k8s/<sandbox-id>/…` is the API of that sandbox's cluster. The proxy
 * checks the learner's bearer token (issued for exactly this sandbox, so one learner's token never reaches
 * another's cluster), applies the learner's rate limit and the object quota, strips the prefix and calls
 * the cluster's in-process API server with the cluster's admin token. Refusals are Kubernetes Status
 * objects so kubectl prints them (`Error from server (Forbidden): …`).
 */
import type { Context } from 'hono';
import type { RateLimiter } from '../limits/rate-limiter';
import type { PlatformMetrics } from '../metrics/metrics';
import { messages } from '../messages';
import { SandboxError, type SandboxManager } from '../sandboxes/manager';

/** K8S_PREFIX is the path under which the sandboxes' APIs are served. */
export const K8S_PREFIX = '/k8s';

/** K8sProxyDeps are the services the proxy needs. */
export interface K8sProxyDeps {
  sandboxes: SandboxManager;
  limiter: RateLimiter;
  metrics: PlatformMetrics;
  maxObjects: number;
}

/** bearerOf extracts the token of an `Authorization: Bearer …` header. */
export function bearerOf(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** kubeStatus builds a meta/v1 Status failure, the error body every Kubernetes client understands. */
export function kubeStatus(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function statusResponse(code: number, reason: string, message: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(kubeStatus(code, reason, message)), {
    status: code,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** createK8sProxy returns the Hono handler of `/k8s/:id` and `/k8s/:id/*`. */
export function createK8sProxy(deps: K8sProxyDeps) {
  return async (c: Context): Promise<Response> => {
    const id = c.req.param('id') ?? '';
    const token = bearerOf(c.req.header('authorization'));
    if (!token || deps.sandboxes.sandboxOfToken(token) !== id) {
      return statusResponse(401, 'Unauthorized', messages.k8sUnauthorized());
    }
    const allowed = deps.limiter.take(`sandbox:${id}`);
    if (!allowed.allowed) {
      deps.metrics.refusals.inc({ limit: 'rate' });
      return statusResponse(429, 'TooManyRequests', messages.rateLimited(), {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    }
    let live;
    try {
      live = await deps.sandboxes.acquireWithToken(id);
    } catch (err) {
      if (err instanceof SandboxError) {
        return statusResponse(
          err.status,
          err.status === 404 ? 'NotFound' : err.status === 409 ? 'Conflict' : 'ServiceUnavailable',
          err.message,
        );
      }
      throw err;
    }
    const raw = c.req.raw;
    if (raw.method === 'POST' && (await deps.sandboxes.quotaExceeded(live.cluster))) {
      deps.metrics.refusals.inc({ limit: 'quota' });
      return statusResponse(403, 'Forbidden', messages.quotaExceeded(deps.maxObjects));
    }
    const incoming = new URL(raw.url);
    const prefix = `${K8S_PREFIX}/${encodeURIComponent(id)}`;
    const rest = incoming.pathname.slice(prefix.length) || '/';
    const target = new URL(rest + incoming.search, incoming.origin);
    const headers = new Headers(raw.headers);
    headers.set('authorization', `Bearer ${live.adminToken}`);
    const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD' && raw.body !== null;
    const request = new Request(target, {
      method: raw.method,
      headers,
      signal: raw.signal,
      ...(hasBody ? { body: raw.body, duplex: 'half' } : {}),
    } as RequestInit);
    return live.cluster.apiServer.fetch(request);
  };
}
