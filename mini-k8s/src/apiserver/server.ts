/**
 * The mini-k8s API server: a Hono app serving the Kubernetes REST API (discovery, OpenAPI, resources,
 * watches, reviews) over a Registry, usable in-process through `fetch(request)` (no socket, so the
 * sandbox server can mount many clusters) or behind node:http(s) with `handleUpgrade` for upgrades.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { Hono } from 'hono';
import type { Storage } from '../storage/interface';
import { errors } from '../machinery/errors';
import type { Registry, UserInfo } from './registry/interface';
import { createRegistry } from './registry';
import { ADMIN_USER, ANONYMOUS_USER, StaticTokenAuthenticator } from './auth/authenticator';
import type { Authenticator, RequestHeaders } from './auth/authenticator';
import { AlwaysAllowAuthorizer, forbiddenError } from './auth/authorizer';
import type { Authorizer } from './auth/authorizer';
import { impersonate } from './auth/impersonation';
import { recordClientCertificate } from './auth/x509';
import { registerDiscoveryRoutes } from './discovery/routes';
import type { Collaborators } from './http/collaborators';
import { defaultCollaborators } from './http/default-collaborators';
import { handleResourceRequest } from './http/resource-handler';
import { statusResponse, toStatusError } from './http/respond';
import type { OpenWatch } from './watch/stream';
import { rejectUpgrade, upgradeUnavailable } from './http/upgrade';
import type { MetricsProvider } from './streaming/metrics';
import type { NodeConnector } from './streaming/node-connector';
import { handleStreamingUpgrade } from './streaming/routes';

/** Logger is the logging surface the server needs (pino's signature fits). */
export interface Logger {
  error(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

/** ApiServerOptions configure createApiServer. */
export interface ApiServerOptions {
  storage: Storage;
  /** Defaults to createRegistry({ storage, now }). */
  registry?: Registry;
  /** Defaults to a token authenticator without tokens. */
  authenticator?: Authenticator;
  /** Defaults to AlwaysAllowAuthorizer. */
  authorizer?: Authorizer;
  /**
   * Identity of requests that carry no credentials. undefined rejects them with 401 (HTTPS servers);
   * the default is the admin when no authenticator is given (in-process and plain-HTTP use, where kubectl
   * sends no credentials — reference §0.8) and undefined otherwise.
   */
  anonymousUser?: UserInfo;
  now?: () => Date;
  logger?: Logger;
  /** Functions borrowed from the tables, protobuf and OpenAPI modules; defaults to the real ones. */
  collaborators?: Collaborators;
  /** Watch timeout when the client sends none; defaults to a random 30-60 minutes like the apiserver. */
  defaultWatchTimeoutSeconds?: () => number;
  /** The kubelets of the nodes, for log, exec, attach, portforward and proxy; without it they answer 503. */
  nodeConnector?: NodeConnector;
  /** The source of metrics.k8s.io (`kubectl top`); without it the metrics API answers 503. */
  metricsProvider?: MetricsProvider;
}

/** ApiServer is a running API server without a socket. */
export interface ApiServer {
  fetch(request: Request): Promise<Response>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** PUBLIC_PATHS may be read without credentials (the apiserver's system:public-info-viewer role). */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

const consoleLogger: Logger = {
  error: (obj, msg) => console.error(msg ?? '', obj),
  warn: (obj, msg) => console.warn(msg ?? '', obj),
};

type Env = { Variables: { user: UserInfo } };

/** createApiServer builds the API server over a storage (and optionally a ready registry). */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const now = options.now ?? (() => new Date());
  const registry = options.registry ?? createRegistry({ storage: options.storage, now });
  const authenticator = options.authenticator ?? new StaticTokenAuthenticator([]);
  const anonymousUser =
    'anonymousUser' in options ? options.anonymousUser : options.authenticator ? undefined : ADMIN_USER;
  const authorizer = options.authorizer ?? new AlwaysAllowAuthorizer();
  const logger = options.logger ?? consoleLogger;
  const collaborators = options.collaborators ?? defaultCollaborators();
  const openWatches = new Set<OpenWatch>();
  let closed = false;

  /** identify authenticates and applies impersonation; throws 401/403. */
  const identify = async (headers: RequestHeaders, path: string): Promise<UserInfo> => {
    const hasCredentials = headers.get('authorization') !== null;
    let user = await authenticator.authenticate(headers);
    if (!user) {
      if (hasCredentials || (!anonymousUser && !PUBLIC_PATHS.has(path))) throw errors.unauthorized();
      user = anonymousUser ?? ANONYMOUS_USER;
    }
    return impersonate(user, headers, authorizer);
  };

  const app = new Hono<Env>();
  app.onError((err, c) => {
    const status = toStatusError(err);
    if (status.code >= 500) logger.error({ err, method: c.req.method, url: c.req.url }, 'request failed');
    return statusResponse(status);
  });
  app.notFound((c) => {
    // Paths outside the API answer like Go's mux; API paths answer a Status.
    const path = new URL(c.req.url).pathname;
    if (path === '/api' || path.startsWith('/api/') || path === '/apis' || path.startsWith('/apis/')) {
      return statusResponse(errors.resourceNotFound());
    }
    return new Response('404 page not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  });

  app.use('*', async (c, next) => {
    // A component's last request can race the close (kubelets stop, their lease renewal is on its way):
    // the expected answer, not a failure to log.
    if (closed) return statusResponse(errors.internal('the API server is shutting down'));
    const path = new URL(c.req.url).pathname;
    const user = await identify(c.req.raw.headers, path);
    c.set('user', user);
    const isResourcePath = /^\/apis?\/[^/]+\/./.test(path) && !/^\/apis\/[^/]+\/[^/]+$/.test(path);
    if (!isResourcePath) {
      const attributes = { user, verb: c.req.method.toLowerCase(), resourceRequest: false, path };
      const decision = await authorizer.authorize(attributes);
      if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
    }
    await next();
  });

  registerDiscoveryRoutes(app, collaborators);

  const resourceDeps = {
    registry,
    authenticator,
    authorizer,
    collaborators,
    now,
    watches: openWatches,
    defaultWatchTimeoutSeconds:
      options.defaultWatchTimeoutSeconds ?? (() => 1800 + Math.floor(Math.random() * 1800)),
    streaming: {
      ...(options.nodeConnector ? { nodeConnector: options.nodeConnector } : {}),
      ...(options.metricsProvider ? { metricsProvider: options.metricsProvider } : {}),
    },
  };
  const resources = (c: { req: { raw: Request }; get(key: 'user'): UserInfo }) =>
    handleResourceRequest(c.req.raw, c.get('user'), resourceDeps);
  app.all('/api/*', resources);
  app.all('/apis/*', resources);

  return {
    fetch: async (request) => app.fetch(request),
    handleUpgrade(req, socket, head) {
      void (async () => {
        try {
          const headers: RequestHeaders = { get: (name) => headerValue(req, name) };
          // Over HTTPS with client certificates requested (`mini-k8s up`), a verified certificate identifies
          // the upgrade's user as it does a plain request's (exec/attach with client-certificate auth).
          const tls = req.socket as Partial<TLSSocket>;
          if (tls.authorized && typeof tls.getPeerCertificate === 'function') {
            recordClientCertificate(headers, tls.getPeerCertificate());
          }
          const path = (req.url ?? '/').split('?')[0];
          const user = await identify(headers, path);
          // A component's last request can race the close (kubelets stop, their lease renewal is on its way):
          // the expected answer, not a failure to log.
          if (closed) return statusResponse(errors.internal('the API server is shutting down'));
          if (!options.nodeConnector) {
            rejectUpgrade(socket, upgradeUnavailable(req.method ?? 'GET', path));
            return;
          }
          await handleStreamingUpgrade(req, socket, head, user, {
            registry,
            now,
            authorizer,
            nodeConnector: options.nodeConnector,
            ...(options.metricsProvider ? { metricsProvider: options.metricsProvider } : {}),
          });
        } catch (err) {
          rejectUpgrade(socket, toStatusError(err));
        }
      })();
    },
    async close() {
      closed = true;
      for (const watch of openWatches) watch.close();
      openWatches.clear();
    },
  };
}

/** headerValue reads a header of a node IncomingMessage as fetch's Headers.get would (joined with `, `). */
function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
