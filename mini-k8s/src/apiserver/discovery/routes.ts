/**
 * Non-resource endpoints: `/version`, health checks, discovery (aggregated and legacy) and OpenAPI.
 * They are registered on the API server's Hono app before the resource catch-all routes.
 */
import type { Env, Hono } from 'hono';
import { errors } from '../../machinery/errors';
import type { Collaborators } from '../http/collaborators';
import {
  OPENAPI_V2_PROTOBUF,
  aggregatedDiscoveryContentType,
  aggregatedDiscoveryVersionOf,
  openapiV2ContentType,
} from '../http/negotiation';
import { jsonResponse } from '../http/respond';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './documents';
import { VERSION_INFO } from '../../api/version';

/** ONE_YEAR_SECONDS is how long a hashed OpenAPI document may be cached (the apiserver marks it immutable). */
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** registerDiscoveryRoutes adds the non-resource GET endpoints to app. */
export function registerDiscoveryRoutes<E extends Env>(
  app: Hono<E>,
  collaborators: Pick<
    Collaborators,
    'openapiV3Index' | 'openapiV3Document' | 'openapiV2Document' | 'openapiV2Protobuf'
  >,
): void {
  app.get('/version', () => jsonResponse(VERSION_INFO));
  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(
      path,
      () =>
        new Response('ok', {
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
        }),
    );
  }

  const discoveryRoot = (root: 'api' | 'apis', legacy: (host: string) => unknown) => (request: Request) => {
    const version = aggregatedDiscoveryVersionOf(request.headers.get('accept'));
    if (version) {
      const response = jsonResponse(
        aggregatedDiscovery(root, version),
        200,
        [],
        aggregatedDiscoveryContentType(version),
      );
      response.headers.set('Vary', 'Accept');
      return response;
    }
    const response = jsonResponse(legacy(new URL(request.url).host));
    response.headers.set('Vary', 'Accept');
    return response;
  };
  app.get('/api', (c) => discoveryRoot('api', apiVersions)(c.req.raw));
  app.get('/apis', (c) => discoveryRoot('apis', () => apiGroupList())(c.req.raw));

  app.get('/api/:version', (c) => {
    const doc = apiResourceList('', c.req.param('version'));
    if (!doc) throw errors.resourceNotFound();
    return jsonResponse(doc);
  });
  app.get('/apis/:group', (c) => {
    const doc = apiGroupDocument(c.req.param('group'));
    if (!doc) throw errors.resourceNotFound();
    return jsonResponse(doc);
  });
  app.get('/apis/:group/:version', (c) => {
    const doc = apiResourceList(c.req.param('group'), c.req.param('version'));
    if (!doc) throw errors.resourceNotFound();
    return jsonResponse(doc);
  });

  app.get('/openapi/v3', () => jsonResponse(collaborators.openapiV3Index()));
  app.get('/openapi/v3/*', (c) => {
    const url = new URL(c.req.url);
    const gvPath = url.pathname.slice('/openapi/v3/'.length).replace(/\/+$/, '');
    const doc = collaborators.openapiV3Document(gvPath);
    if (!doc) throw errors.resourceNotFound();
    const requestedHash = url.searchParams.get('hash');
    const headers = new Headers({
      'Content-Type': 'application/json',
      Etag: `"${doc.hash}"`,
      Vary: 'Accept',
    });
    if (requestedHash !== null && requestedHash !== doc.hash) {
      // A stale hash is redirected to the current document, as the apiserver's OpenAPI v3 handler does.
      headers.set('Location', `/openapi/v3/${gvPath}?hash=${doc.hash}`);
      headers.set('Cache-Control', 'no-cache, private');
      return new Response(null, { status: 301, headers });
    }
    if (requestedHash !== null) {
      headers.set('Cache-Control', 'public, immutable');
      headers.set('Expires', new Date(Date.now() + ONE_YEAR_SECONDS * 1000).toUTCString());
    } else {
      headers.set('Cache-Control', 'no-cache, private');
    }
    return new Response(doc.body, { status: 200, headers });
  });
  app.get('/openapi/v2', (c) => {
    // kube-openapi's handler: the first acceptable type is served, anything else is 406 with no body.
    const type = openapiV2ContentType(c.req.header('accept'));
    if (type === undefined) return new Response(null, { status: 406, headers: { Vary: 'Accept' } });
    const doc =
      type === OPENAPI_V2_PROTOBUF ? collaborators.openapiV2Protobuf() : collaborators.openapiV2Document();
    if (doc === undefined) throw errors.resourceNotFound();
    return new Response(doc, { status: 200, headers: { 'Content-Type': type, Vary: 'Accept' } });
  });
}
