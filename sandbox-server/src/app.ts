import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from './limits/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './http/api-error';
import { clusterRoutes } from './http/cluster-routes';
import { exerciseRoutes } from './http/exercise-routes';
import { instructorRoutes } from './http/instructor-routes';
import { K8S_PREFIX, createK8sProxy, createK8sRootProxy, kubeStatus } from './http/k8s-proxy';
import { sandboxRoutes } from './http/sandbox-routes';
import { portForwardRoutes } from './port-forward/routes';
import type { PlatformServices } from './http/services';
import { workshopRoutes } from './http/workshop-routes';
import { manifestRoutes } from './manifests/manifest-routes';
import type { Logger } from './logger';
import { messages } from './messages';
import { storageFailureOf } from './db/storage-failure';
import { SandboxError } from './sandboxes/manager';
import { serviceProxyRoutes } from './service-proxy/routes';

/** AppDeps are what the HTTP app needs; main.ts builds them, tests pass their own. */
export interface AppDeps {
  logger: Logger;
  /** Folder of the built site (Astro output); pages are served from it when it exists. */
  siteDir: string;
  runtime: 'simulated' | 'docker' | 'kubernetes';
  version: string;
  /** Whether start-up work is finished; /healthz answers 503 until then. */
  isReady: () => boolean;
  /**
   * RUNTIME=kubernetes: the host cluster's reachability, reported by /healthz. An unreachable host keeps the
   * answer 200 (restarting the platform would not help, and sandboxes then start simulated with a notice).
   */
  hostHealth?: () => Promise<{ reachable: boolean; detail: string }>;
  /** The classroom features (sandboxes, /k8s, workshops, /metrics); absent, only the site and info are served. */
  services?: PlatformServices;
}

/**
 * createApp builds the Hono application: platform API under /api (described at /api/openapi.json), the
 * learners' Kubernetes APIs under /k8s/<sandbox-id>, health under /healthz, metrics under /metrics, and
 * the static site for everything else.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  const services = deps.services;

  // One structured log line and one latency observation per request.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath || 'unmatched';
    services?.metrics.requestSeconds.observe(
      { route, method: c.req.method, code: String(c.res.status) },
      seconds,
    );
    deps.logger.info(
      { method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(seconds * 1000) },
      'request',
    );
  });

  app.get('/healthz', async (c) => {
    if (!deps.isReady()) return c.json({ status: 'starting', message: messages.starting() }, 503);
    if (!deps.hostHealth) return c.json({ status: 'ok' });
    const host = await deps.hostHealth();
    return c.json({
      status: 'ok',
      runtime: deps.runtime,
      host: host.reachable
        ? { reachable: true, version: host.detail }
        : { reachable: false, error: host.detail, message: messages.kubernetesHostUnavailable() },
    });
  });

  app.get('/api/info', (c) =>
    c.json({ name: 'Atelier Kubernetes', version: deps.version, runtime: deps.runtime }),
  );

  if (services) {
    const limitKiB = Math.floor(services.bodyLimitBytes / 1024);
    const tooLarge = (status: 'api' | 'k8s') =>
      bodyLimit({
        maxSize: services.bodyLimitBytes,
        onError: (c) => {
          services.metrics.refusals.inc({ limit: 'body' });
          return status === 'k8s'
            ? c.json(kubeStatus(413, 'RequestEntityTooLarge', messages.bodyTooLarge(limitKiB)), 413)
            : c.json({ error: 'body_too_large', message: messages.bodyTooLarge(limitKiB) }, 413);
        },
      });
    app.use('/api/*', tooLarge('api'));
    app.use(`${K8S_PREFIX}/*`, tooLarge('k8s'));

    app.route('/', sandboxRoutes(services));
    app.route('/', exerciseRoutes(services));
    app.route('/', clusterRoutes(services));
    app.route('/', instructorRoutes(services));
    app.route('/', workshopRoutes(services));
    app.route('/', manifestRoutes(services));
    app.route('/', serviceProxyRoutes(services));
    app.route('/', portForwardRoutes(services));

    const proxyDeps = {
      sandboxes: services.sandboxes,
      limiter: services.limiter,
      metrics: services.metrics,
      maxObjects: services.maxObjects,
      maxPods: services.maxPods,
      watchQuota: services.watchQuota,
    };
    const proxy = createK8sProxy(proxyDeps);
    app.all(`${K8S_PREFIX}/:id`, proxy);
    app.all(`${K8S_PREFIX}/:id/*`, proxy);
    // `kubectl get --raw /api/v1/…` drops the kubeconfig's /k8s/<id> prefix: a sandbox token names the sandbox.
    const rootProxy = createK8sRootProxy(proxyDeps);
    for (const root of ['/api', '/api/v1', '/api/v1/*', '/apis', '/apis/*', '/version', '/openapi/*']) {
      app.use(root, rootProxy);
    }

    app.get('/metrics', async (c) =>
      c.body(await services.metrics.scrape(), 200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      }),
    );
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'INSTRUCTOR_TOKEN de la configuration du serveur',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'instructorCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'atelier_instructor',
    description: 'Session formateur ouverte par POST /api/instructor/session',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Atelier Kubernetes — API de la plateforme',
      version: deps.version,
      description:
        "Sandboxes des apprenants, kubeconfig, terminal (WebSocket GET /api/sandboxes/{id}/terminal), ateliers. L'API Kubernetes de chaque sandbox est servie sous /k8s/{id}.",
    },
  });

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: messages.apiNotFound() });
  });

  const siteDir = deps.siteDir;
  const root = path.relative(process.cwd(), siteDir) || '.';
  app.use('/*', serveStatic({ root }));
  app.notFound((c) => {
    const notFoundPage = path.join(siteDir, '404.html');
    if (!c.req.path.startsWith('/api/') && fs.existsSync(notFoundPage)) {
      return c.html(fs.readFileSync(notFoundPage, 'utf8'), 404);
    }
    return c.json({ error: 'not_found', message: messages.pageNotFound(c.req.path) }, 404);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      return c.json({ error: err.code, message: err.message }, err.status, err.headers);
    }
    if (err instanceof SandboxError) return c.json({ error: err.code, message: err.message }, err.status);
    if (err instanceof HTTPException) {
      return c.json({ error: 'http_error', message: err.message }, err.status);
    }
    const storage = storageFailureOf(err);
    if (storage) {
      deps.logger.warn({ err, path: c.req.path }, storage.code);
      const headers: Record<string, string> = storage.retryAfterSeconds
        ? { 'Retry-After': String(storage.retryAfterSeconds) }
        : {};
      // kubectl gets a Status (500 for a full disk, as kube-apiserver answers etcd's "database space exceeded").
      if (c.req.path.startsWith(`${K8S_PREFIX}/`)) {
        const code = storage.status === 503 ? 503 : 500;
        const reason = code === 503 ? 'ServiceUnavailable' : 'InternalError';
        return c.json(kubeStatus(code, reason, storage.message), code, headers);
      }
      return c.json({ error: storage.code, message: storage.message }, storage.status, headers);
    }
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal', message: messages.internal() }, 500);
  });

  return app;
}
