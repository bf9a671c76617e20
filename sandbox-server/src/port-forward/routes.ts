/**
 * The browser side of `kubectl port-forward` in the built-in terminal: there is no local port on the
 * learner's machine, so kubectl prints a platform URL instead,
 * `/api/sandboxes/<id>/port-forward/<namespace>/<pod>/<port>/…`, and this route replays each HTTP request to
 * that port of the pod through the cluster's API server (the pods `proxy` subresource, which reaches the pod
 * through its kubelet's port-forward stream). Only the learner owning the sandbox gets through (cookie),
 * others get 401/403/404 like every learner route.
 */
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { ApiError } from '../http/api-error';
import { learnerAccess } from '../http/learner-access';
import type { PlatformServices } from '../http/services';
import { SandboxError } from '../sandboxes/manager';

/** HOP_BY_HOP and credentials are not passed on to the pod. */
const DROPPED_HEADERS = [
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'host',
  'cookie',
  'authorization',
];

/** portForwardPath is the platform URL (path) that reaches `port` of a pod of a sandbox. */
export function portForwardPath(sandboxId: string, namespace: string, pod: string, port: number): string {
  const e = encodeURIComponent;
  return `/api/sandboxes/${e(sandboxId)}/port-forward/${e(namespace)}/${e(pod)}/${port}/`;
}

export function portForwardRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono();
  const { owned } = learnerAccess(services);

  const handler = async (c: Context): Promise<Response> => {
    const id = c.req.param('id') ?? '';
    const namespace = c.req.param('namespace') ?? '';
    const pod = c.req.param('pod') ?? '';
    const portText = c.req.param('port') ?? '';
    await owned(c, id);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      throw new ApiError(400, 'invalid_port', `Port invalide : « ${portText} » (un nombre de 1 à 65535).`);
    }
    let live;
    try {
      live = await services.sandboxes.acquireWithToken(id);
    } catch (err) {
      if (err instanceof SandboxError) throw new ApiError(err.status, err.code, err.message);
      throw err;
    }
    const incoming = new URL(c.req.url);
    const base = portForwardPath(id, namespace, pod, port);
    // Relative links of the pod's pages resolve under the port's URL only with the trailing slash.
    if (incoming.pathname === base.slice(0, -1)) return c.redirect(`${base}${incoming.search}`, 308);
    const rest = incoming.pathname.slice(base.length - 1);
    const target = new URL(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}:${port}/proxy${rest}${incoming.search}`,
      incoming.origin,
    );
    const headers = new Headers(c.req.raw.headers);
    for (const name of DROPPED_HEADERS) headers.delete(name);
    headers.set('authorization', `Bearer ${live.adminToken}`);
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : c.req.raw.body;
    return live.cluster.apiServer.fetch(
      new Request(target, {
        method,
        headers,
        signal: c.req.raw.signal,
        ...(body ? { body, duplex: 'half' } : {}),
      } as RequestInit),
    );
  };

  app.all('/api/sandboxes/:id/port-forward/:namespace/:pod/:port', handler);
  app.all('/api/sandboxes/:id/port-forward/:namespace/:pod/:port/*', handler);
  return app;
}
