/**
 * The learners' Kubernetes API: `/k8s/<sandbox-id>/…` is the API of that sandbox's cluster. The proxy
 * checks the learner's bearer token (issued for exactly this sandbox, so one learner's token never reaches
 * another's cluster), applies the learner's rate limit and the quotas (objects, pods, concurrent watches),
 * strips the prefix and calls
 * the cluster's in-process API server with the cluster's admin token. Refusals are Kubernetes Status
 * objects so kubectl prints them (`Error from server (Forbidden): …`).
 */
import type { Context } from 'hono';
import { carriedRequest } from '../../../mini-k8s/src/machinery/carried-body';
import { createsPod, requestedReplicas, setsReplicas } from '../limits/pod-quota';
import type { RateLimiter } from '../limits/rate-limiter';
import type { WatchQuota } from '../limits/watch-quota';
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
  maxPods: number;
  watchQuota: WatchQuota;
}

/** isWatch tells whether a request is a watch (kubectl get -w, informers): a long-lived stream. */
export function isWatch(method: string, url: URL): boolean {
  if (method !== 'GET') return false;
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1' || /^\/apis?\/(?:[^/]+\/)?v[^/]*\/watch\//.test(url.pathname);
}

/**
 * forwardsAbort tells whether the learner's disconnection must reach the cluster: for streams (watches,
 * `logs -f`, exec/attach/port-forward, the service proxy), which would otherwise run on. A short request
 * is not given the signal. Why: undici ties a Request built with a signal to it with a listener removed
 * by a FinalizationRegistry after a garbage collection; with every proxied request doing so, the clean-up
 * of thousands of them ran in one go after each major collection and held the event loop for 100-200 ms.
 */
export function forwardsAbort(method: string, url: URL): boolean {
  if (isWatch(method, url)) return true;
  // /api/v1[/namespaces/<ns>]/<resource>/<name>/<subresource>, or /apis/<group>/<version>/…
  const segments = url.pathname.split('/').filter(Boolean);
  let at = segments[0] === 'api' ? 2 : 3;
  if (segments[at] === 'namespaces' && segments.length > at + 3) at += 2;
  return STREAMING_SUBRESOURCES.has(segments[at + 2] ?? '');
}

const STREAMING_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

/** releasing returns the response with a body that calls `release` once when it ends or is cancelled. */
function releasing(response: Response, release: () => void): Response {
  if (!response.body) {
    release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        release();
        controller.error(err);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
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

/**
 * K8S_ROOT_PATHS are the Kubernetes API paths also served at the root for a sandbox's token: kubectl's
 * `get --raw /api/v1/…` (and `create|replace|delete --raw`) sends the path as the whole request URI,
 * dropping the kubeconfig server's `/k8s/<id>` prefix. None of them is a platform route (those are
 * `/api/<word>`, never `/api` or `/api/v1…`).
 */
export const K8S_ROOT_PATHS =
  /^\/(?:api(?:\/v1(?:\/.*)?)?|apis(?:\/.*)?|version|openapi\/v[23](?:\/.*)?)\/?$/;

/**
 * createK8sRootProxy returns the middleware serving K8S_ROOT_PATHS for a request whose bearer token is a
 * sandbox's (the learner's or a lesson user's): the token names the sandbox, and the request is served as
 * `/k8s/<id><path>`. Any other request goes on to the platform's routes.
 */
export function createK8sRootProxy(deps: K8sProxyDeps) {
  const serve = sandboxProxy(deps);
  return async (c: Context, next: () => Promise<void>): Promise<Response | void> => {
    const token = bearerOf(c.req.header('authorization'));
    if (token && K8S_ROOT_PATHS.test(c.req.path)) {
      const id = deps.sandboxes.sandboxOfToken(token) ?? deps.sandboxes.sandboxOfLessonToken(token);
      if (id !== undefined) return serve(c, id, c.req.path);
    }
    await next();
  };
}

/** createK8sProxy returns the Hono handler of `/k8s/:id` and `/k8s/:id/*`. */
export function createK8sProxy(deps: K8sProxyDeps) {
  const serve = sandboxProxy(deps);
  return (c: Context): Promise<Response> => serve(c, c.req.param('id') ?? '');
}

/**
 * sandboxProxy serves one request on sandbox `id`'s API: `rootPath` when the request came without the `/k8s/<id>`
 * prefix, else the request path after it.
 */
function sandboxProxy(deps: K8sProxyDeps) {
  return async (c: Context, id: string, rootPath?: string): Promise<Response> => {
    const token = bearerOf(c.req.header('authorization'));
    // The learner's token stands for the cluster admin; a lesson user's (alice, bob) is passed on as is.
    const learner = token !== undefined && deps.sandboxes.sandboxOfToken(token) === id;
    if (!token || (!learner && deps.sandboxes.sandboxOfLessonToken(token) !== id)) {
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
    const rest = rootPath ?? (incoming.pathname.slice(prefix.length) || '/');
    if (createsPod(raw.method, rest) && (await live.cluster.countPods()) >= deps.maxPods) {
      deps.metrics.refusals.inc({ limit: 'pods' });
      return statusResponse(403, 'Forbidden', messages.podQuotaExceeded(deps.maxPods));
    }
    // The body is small (bodyLimit applies before): its bytes are read at once and carried beside the
    // request to the in-process API server, with no web stream (carried-body.ts); passed on unchanged
    // (kubectl sends protobuf, which a text round trip would corrupt).
    const body =
      raw.method !== 'GET' && raw.method !== 'HEAD' ? new Uint8Array(await raw.arrayBuffer()) : undefined;
    if (body && setsReplicas(raw.method, rest)) {
      const replicas = requestedReplicas(raw.headers.get('content-type') ?? '', body);
      if (replicas !== undefined && replicas > deps.maxPods) {
        deps.metrics.refusals.inc({ limit: 'pods' });
        return statusResponse(403, 'Forbidden', messages.replicasTooMany(replicas, deps.maxPods));
      }
    }
    let release: (() => void) | undefined;
    if (isWatch(raw.method, incoming)) {
      release = deps.watchQuota.acquire(id);
      if (!release) {
        deps.metrics.refusals.inc({ limit: 'watches' });
        return statusResponse(429, 'TooManyRequests', messages.watchesExceeded(deps.watchQuota.max), {
          'Retry-After': '5',
        });
      }
    }
    const target = new URL(rest + incoming.search, incoming.origin);
    const headers = new Headers(raw.headers);
    headers.set('authorization', `Bearer ${learner ? live.adminToken : token}`);
    const request = carriedRequest(
      target,
      { method: raw.method, headers, ...(forwardsAbort(raw.method, incoming) ? { signal: raw.signal } : {}) },
      body,
    );
    if (!release) return live.cluster.apiServer.fetch(request);
    try {
      return releasing(await live.cluster.apiServer.fetch(request), release);
    } catch (err) {
      release();
      throw err;
    }
  };
}
