/**
 * The service proxy: the learner's browser reaches what their cluster exposes to the outside, through the
 * server, in both runtimes —
 *   /s/<sandbox>/nodeport/<port>/…      a NodePort on a node address
 *   /s/<sandbox>/lb/<ip>/<port>/…       a LoadBalancer IP
 *   /s/<sandbox>/ingress/<host>/…       the ingress controller, with Host: <host>
 * The request goes through the cluster's network as seen from outside (`SandboxCluster.network`, the same
 * path as the built-in terminal's curl): kube-proxy's choice, NetworkPolicy, then the simulated pod or the
 * real container. Only the owner of the sandbox (learner cookie) gets through; the platform cookie never
 * leaves for the pod, the pod's cookies never reach the platform's origin, and the page runs sandboxed
 * (CSP `sandbox`: an opaque origin that cannot call the platform API as the learner). HTTP only. Real
 * containers stream both ways (stream.ts; request: the platform body limit, answer: 64 MiB); in-process
 * servers (simulated pods, the ingress controller) answer whole (8 MiB at most from a real pod).
 */
import { Hono, type Context } from 'hono';
import { NetworkError, type NetworkResolver } from '../../../mini-k8s/src/kubelet/runtime/network';
import { EXTERNAL_CLIENT_IP } from '../../../mini-k8s/src/network/cluster-network';
import { ApiError } from '../http/api-error';
import { learnerAccess } from '../http/learner-access';
import type { PlatformServices } from '../http/services';
import { SandboxError } from '../sandboxes/manager';
import { errorPage, NETWORK_PAGES } from './pages';
import { relay } from './stream';
import { ingressTarget, loadBalancerTarget, nodePortTarget, type ProxyTarget, TargetError } from './targets';

/** SERVICE_PROXY_PREFIX starts every service-proxy URL. */
export const SERVICE_PROXY_PREFIX = '/s';

/** DROPPED_REQUEST_HEADERS never reach the pod (the platform's cookie above all). */
const DROPPED_REQUEST_HEADERS = new Set([
  'cookie',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'proxy-authorization',
  'te',
]);

/** DROPPED_RESPONSE_HEADERS never reach the browser from the pod. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'set-cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-security-policy',
  'strict-transport-security',
]);

/** SANDBOX_CSP makes the learner's page an opaque origin: scripts run, the platform's API is out of reach. */
const SANDBOX_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

function htmlError(c: Context, status: number, title: string, text: string, hints: string[] = []): Response {
  return c.newResponse(errorPage(title, text, hints), status as 400, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
}

/** rewriteLocation keeps redirects of the application inside the proxy. */
export function rewriteLocation(location: string, target: ProxyTarget): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${target.base}${location}`;
  try {
    const url = new URL(location);
    if (url.protocol === 'http:' && (url.host === target.host || url.hostname === target.ip))
      return `${target.base}${url.pathname}${url.search}${url.hash}`;
  } catch {
    // Not a URL: relayed as is.
  }
  return location;
}

/** TooLarge is a request body over the platform limit. */
class TooLarge extends Error {}

/** Answer is what goes back to the browser: whole bytes or a stream. */
type Answer = {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string | Uint8Array | ReadableStream<Uint8Array> | null;
};

/** buffered is the path through the in-process network (simulated pods, the ingress controller). */
async function buffered(
  c: Context,
  network: NetworkResolver,
  target: ProxyTarget,
  headers: Record<string, string>,
  path: string,
  maxBodyBytes: number,
): Promise<Answer> {
  const raw = ['GET', 'HEAD'].includes(c.req.method) ? undefined : new Uint8Array(await c.req.arrayBuffer());
  if (raw && raw.length > maxBodyBytes) throw new TooLarge();
  const response = await network.httpRequest(target.ip, target.port, {
    method: c.req.method,
    path,
    headers,
    body: raw ? Buffer.from(raw).toString('utf8') : undefined,
    clientIp: EXTERNAL_CLIENT_IP,
    scheme: 'http',
  });
  return { ...response, body: response.rawBody ?? response.body };
}

/** forward sends the browser's request to `target` through the cluster network and relays the answer. */
async function forward(
  c: Context,
  services: PlatformServices,
  sandboxId: string,
  resolveTarget: (
    cluster: Awaited<ReturnType<PlatformServices['sandboxes']['acquire']>>,
  ) => Promise<ProxyTarget>,
): Promise<Response> {
  const { owned } = learnerAccess(services);
  const tooLarge = () =>
    htmlError(
      c,
      413,
      'Requête trop volumineuse',
      `Le corps de la requête dépasse ${Math.floor(services.bodyLimitBytes / 1024)} Kio.`,
    );
  try {
    await owned(c, sandboxId);
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > services.bodyLimitBytes) return tooLarge();
    const cluster = await services.sandboxes.acquire(sandboxId);
    if (!cluster.network)
      return htmlError(
        c,
        503,
        'Réseau indisponible',
        "Ce cluster n'a pas de réseau joignable depuis l'extérieur.",
      );
    const target = await resolveTarget(cluster);
    const headers: Record<string, string> = { host: target.host };
    c.req.raw.headers.forEach((value, name) => {
      if (!DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    });
    headers['x-forwarded-for'] = EXTERNAL_CLIENT_IP;
    const url = new URL(c.req.url);
    const path = `${url.pathname.slice(target.base.length) || '/'}${url.search}`;
    const hasBody = !['GET', 'HEAD'].includes(c.req.method);
    let answer: Answer;
    try {
      const real = await cluster.network.realTarget?.(target.ip, target.port);
      if (real) {
        // A real container answers: stream both ways (Docker runtime).
        if (declared) headers['content-length'] = String(declared);
        else if (hasBody) headers['transfer-encoding'] = 'chunked';
        answer = await relay(real, {
          method: c.req.method,
          path,
          headers,
          body: hasBody ? c.req.raw.body : null,
          maxBodyBytes: services.bodyLimitBytes,
        });
      } else answer = await buffered(c, cluster.network, target, headers, path, services.bodyLimitBytes);
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge();
      if (!(err instanceof NetworkError)) throw err;
      const page = NETWORK_PAGES[err.code];
      return htmlError(c, page.status, page.title, page.text, page.hints);
    }
    const out = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      const lower = name.toLowerCase();
      if (DROPPED_RESPONSE_HEADERS.has(lower)) continue;
      out.set(lower, lower === 'location' ? rewriteLocation(value, target) : value);
    }
    out.set('content-security-policy', SANDBOX_CSP);
    out.set('x-content-type-options', 'nosniff');
    out.set('cache-control', 'no-store');
    const body = c.req.method === 'HEAD' || [204, 304].includes(answer.status) ? null : answer.body;
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers: out });
  } catch (err) {
    if (err instanceof TargetError) return htmlError(c, err.status, 'Adresse invalide', err.message);
    if (err instanceof ApiError || err instanceof SandboxError) {
      const page = htmlError(c, err.status, 'Accès impossible', err.message);
      if (err instanceof ApiError) for (const [k, v] of Object.entries(err.headers)) page.headers.set(k, v);
      return page;
    }
    throw err;
  }
}

/** serviceProxyRoutes registers the three URL forms (the bare form redirects to its trailing slash). */
export function serviceProxyRoutes(services: PlatformServices): Hono {
  const app = new Hono();
  const prefix = SERVICE_PROXY_PREFIX;
  // Without the trailing slash, relative links of the page would leave the proxy: redirect once.
  const slash = (c: Context) => {
    const url = new URL(c.req.url);
    return c.redirect(`${url.pathname}/${url.search}`, 308);
  };
  app.all(`${prefix}/:id/nodeport/:port`, slash);
  app.all(`${prefix}/:id/lb/:ip/:port`, slash);
  app.all(`${prefix}/:id/ingress/:host`, slash);
  for (const suffix of ['/', '/*']) {
    app.all(`${prefix}/:id/nodeport/:port${suffix}`, (c) => {
      const { id, port } = c.req.param();
      const base = `${prefix}/${id}/nodeport/${port}`;
      return forward(c, services, id, (cluster) => nodePortTarget(cluster.client, port, base));
    });
    app.all(`${prefix}/:id/lb/:ip/:port${suffix}`, (c) => {
      const { id, ip, port } = c.req.param();
      const base = `${prefix}/${id}/lb/${ip}/${port}`;
      return forward(c, services, id, () => Promise.resolve(loadBalancerTarget(ip, port, base)));
    });
    app.all(`${prefix}/:id/ingress/:host${suffix}`, (c) => {
      const { id, host } = c.req.param();
      const base = `${prefix}/${id}/ingress/${host}`;
      return forward(c, services, id, (cluster) => ingressTarget(cluster.client, host, base));
    });
  }
  return app;
}
