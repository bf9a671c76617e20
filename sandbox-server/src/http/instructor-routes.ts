/**
 * The instructor's browser session: `POST /api/instructor/session` with the INSTRUCTOR_TOKEN (Bearer header
 * or JSON `{ token }`) sets the signed session cookie (204), `GET` tells whether the session is valid,
 * `DELETE` ends it. instructorGuard accepts either the Bearer token or that cookie on instructor routes.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual } from '../identity/signed-token';
import { messages } from '../messages';
import { ApiError } from './api-error';
import { bearerOf } from './k8s-proxy';
import { errorResponses, InstructorSessionSchema } from './schemas';
import type { PlatformServices } from './services';
import { validationHook } from './validation';

const SESSION_PATH = '/api/instructor/session';

const openSession = createRoute({
  method: 'post',
  path: SESSION_PATH,
  summary: 'Ouvre la session formateur du navigateur (cookie signé, 12 h)',
  security: [{ bearerAuth: [] }],
  request: {
    body: { content: { 'application/json': { schema: InstructorSessionSchema } }, required: false },
  },
  responses: { 204: { description: 'Session ouverte (cookie posé)' }, ...errorResponses(400, 401, 503) },
});
const readSession = createRoute({
  method: 'get',
  path: SESSION_PATH,
  summary: 'Indique si la session formateur est ouverte',
  responses: {
    200: {
      description: 'Session ouverte',
      content: { 'application/json': { schema: z.object({ instructor: z.literal(true) }) } },
    },
    ...errorResponses(401, 503),
  },
});
const closeSession = createRoute({
  method: 'delete',
  path: SESSION_PATH,
  summary: 'Ferme la session formateur (cookie effacé)',
  responses: { 204: { description: 'Session fermée' } },
});

/** isInstructor tells whether the request carries the instructor token or a valid instructor session. */
export function isInstructor(services: PlatformServices, c: Context): boolean {
  if (!services.instructorToken) return false;
  const token = bearerOf(c.req.header('authorization'));
  if (token) return safeEqual(token, services.instructorToken);
  return services.instructorSession.fromRequest(c);
}

/** instructorGuard refuses requests without the instructor's token or session (503 when workshops are off). */
export function instructorGuard(services: PlatformServices): MiddlewareHandler {
  return async (c, next) => {
    if (!services.instructorToken)
      throw new ApiError(503, 'workshops_disabled', messages.workshopsDisabled());
    if (!isInstructor(services, c)) {
      throw new ApiError(401, 'instructor_required', messages.instructorRequired(), {
        'WWW-Authenticate': 'Bearer realm="atelier"',
      });
    }
    await next();
  };
}

export function instructorRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(openSession, async (c) => {
    if (!services.instructorToken)
      throw new ApiError(503, 'workshops_disabled', messages.workshopsDisabled());
    const body = c.req.valid('json') as z.infer<typeof InstructorSessionSchema> | undefined;
    const token = bearerOf(c.req.header('authorization')) ?? body?.token;
    if (!token || !safeEqual(token, services.instructorToken)) {
      services.metrics.refusals.inc({ limit: 'instructor' });
      throw new ApiError(401, 'instructor_required', messages.instructorRequired());
    }
    services.instructorSession.issue(c);
    return c.body(null, 204);
  });

  app.openapi(readSession, (c) => {
    if (!services.instructorToken)
      throw new ApiError(503, 'workshops_disabled', messages.workshopsDisabled());
    if (!isInstructor(services, c))
      throw new ApiError(401, 'instructor_required', messages.instructorRequired());
    return c.json({ instructor: true as const }, 200);
  });

  app.openapi(closeSession, (c) => {
    services.instructorSession.clear(c);
    return c.body(null, 204);
  });

  return app;
}
