/**
 * The workshop API. Learners join with a code and a display name (their cookie identifies them); the
 * instructor (`Authorization: Bearer <INSTRUCTOR_TOKEN>`) creates workshops and follows them: roster,
 * live grid, CSV export of grades, live updates (server-sent events), reset or extend a learner's sandbox.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { messages } from '../messages';
import type { Workshop } from '../workshops/store';
import { ApiError } from './api-error';
import { instructorGuard } from './instructor-routes';
import { resetTo, sandboxView } from './sandbox-routes';
import {
  CreateWorkshopSchema,
  errorResponses,
  ExtendSchema,
  GridSchema,
  JoinResultSchema,
  JoinSchema,
  LearnerDetailSchema,
  LearnerParams,
  ResetBodySchema,
  RosterSchema,
  SandboxSchema,
  WorkshopSchema,
} from './schemas';
import type { PlatformServices } from './services';
import { validationHook } from './validation';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const WorkshopParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const instructorOnly: Record<string, string[]>[] = [{ bearerAuth: [] }, { instructorCookie: [] }];

const join = createRoute({
  method: 'post',
  path: '/api/join',
  summary: 'Rejoindre un atelier avec son code et un nom affiché',
  request: { body: jsonBody(JoinSchema) },
  responses: { 200: json(JoinResultSchema, 'Inscrit'), ...errorResponses(400, 404) },
});
const createWorkshop = createRoute({
  method: 'post',
  path: '/api/workshops',
  summary: 'Créer un atelier (formateur)',
  security: instructorOnly,
  request: { body: jsonBody(CreateWorkshopSchema) },
  responses: { 201: json(WorkshopSchema, 'Créé, avec son code'), ...errorResponses(400, 401, 503) },
});
const listWorkshops = createRoute({
  method: 'get',
  path: '/api/workshops',
  summary: 'Lister les ateliers (formateur)',
  security: instructorOnly,
  responses: { 200: json(z.array(WorkshopSchema), 'Les ateliers'), ...errorResponses(401, 503) },
});
const roster = createRoute({
  method: 'get',
  path: '/api/workshops/{id}',
  summary: 'Un atelier et ses participants (formateur)',
  security: instructorOnly,
  request: { params: WorkshopParams },
  responses: { 200: json(RosterSchema, 'Atelier et participants'), ...errorResponses(401, 404, 503) },
});
const grid = createRoute({
  method: 'get',
  path: '/api/workshops/{id}/grid',
  summary: 'Grille apprenants × exercices (formateur)',
  security: instructorOnly,
  request: { params: WorkshopParams },
  responses: { 200: json(GridSchema, 'La grille'), ...errorResponses(401, 404, 503) },
});
const gradesCsv = createRoute({
  method: 'get',
  path: '/api/workshops/{id}/grades.csv',
  summary: 'Export CSV des notes (formateur ; UTF-8 avec BOM pour Excel)',
  security: instructorOnly,
  request: { params: WorkshopParams },
  responses: {
    200: { description: 'CSV RFC 4180', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(401, 404, 503),
  },
});
const events = createRoute({
  method: 'get',
  path: '/api/workshops/{id}/events',
  summary: "Mises à jour en direct de l'atelier (server-sent events, formateur)",
  security: instructorOnly,
  request: { params: WorkshopParams },
  responses: {
    200: { description: 'Flux text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(401, 404, 503),
  },
});
const learnerDetail = createRoute({
  method: 'get',
  path: '/api/workshops/{id}/learners/{learnerId}',
  summary: "Le détail d'un apprenant : sandbox, exercices, dernier rapport, temps passé (formateur)",
  security: instructorOnly,
  request: { params: LearnerParams },
  responses: { 200: json(LearnerDetailSchema, "L'apprenant"), ...errorResponses(401, 404, 503) },
});
const resetLearner = createRoute({
  method: 'post',
  path: '/api/workshops/{id}/learners/{learnerId}/reset',
  summary: "Réinitialiser la sandbox d'un apprenant (formateur)",
  security: instructorOnly,
  request: {
    params: LearnerParams,
    body: { content: { 'application/json': { schema: ResetBodySchema } }, required: false },
  },
  responses: {
    200: json(SandboxSchema, 'Sandbox réinitialisée'),
    ...errorResponses(400, 401, 404, 409, 503),
  },
});
const extendLearner = createRoute({
  method: 'post',
  path: '/api/workshops/{id}/learners/{learnerId}/extend',
  summary: "Prolonger la sandbox d'un apprenant (formateur)",
  security: instructorOnly,
  request: { params: LearnerParams, body: jsonBody(ExtendSchema) },
  responses: { 200: json(SandboxSchema, 'Sandbox prolongée'), ...errorResponses(400, 401, 404, 409, 503) },
});

export function workshopRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const store = services.workshops;
  const catalogue = () => services.exercises?.list() ?? [];

  const instructor = instructorGuard(services);
  app.use('/api/workshops', instructor);
  app.use('/api/workshops/*', instructor);

  const workshopOf = async (c: Context): Promise<Workshop> => {
    const workshop = await store.get(c.req.param('id') ?? '');
    if (!workshop) throw new ApiError(404, 'workshop_not_found', messages.workshopNotFound());
    return workshop;
  };
  const memberSandbox = async (c: Context) => {
    const workshop = await workshopOf(c);
    const member = await store.member(workshop.id, c.req.param('learnerId') ?? '');
    if (!member) throw new ApiError(404, 'learner_not_found', messages.learnerNotFound());
    if (!member.sandboxId) throw new ApiError(404, 'sandbox_not_found', messages.sandboxNotFound());
    return { workshop, member, sandboxId: member.sandboxId };
  };
  const view = (w: Workshop) => ({ ...w, createdAt: new Date(w.createdAt).toISOString() });

  app.openapi(join, async (c) => {
    const body = c.req.valid('json');
    const workshop = await store.byCode(body.code);
    if (!workshop) throw new ApiError(404, 'workshop_code_unknown', messages.workshopCodeUnknown(body.code));
    const learnerId = await services.identity.ensure(c);
    const member = await store.join(workshop, learnerId, body.displayName);
    return c.json({ workshopId: workshop.id, title: workshop.title, displayName: member.displayName }, 200);
  });

  app.openapi(createWorkshop, async (c) => c.json(view(await store.create(c.req.valid('json').title)), 201));
  app.openapi(listWorkshops, async (c) => c.json((await store.list()).map(view), 200));

  app.openapi(roster, async (c) => {
    const workshop = await workshopOf(c);
    const members = (await store.roster(workshop.id)).map((m) => ({
      ...m,
      joinedAt: new Date(m.joinedAt).toISOString(),
    }));
    return c.json({ workshop: view(workshop), members }, 200);
  });

  app.openapi(grid, async (c) => c.json(await store.grid((await workshopOf(c)).id, catalogue()), 200));

  app.openapi(gradesCsv, async (c) => {
    const workshop = await workshopOf(c);
    return c.body(await store.gradesCsv(workshop.id, catalogue()), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="notes-${workshop.code}.csv"`,
    });
  });

  app.openapi(events, async (c) => {
    const workshop = await workshopOf(c);
    return streamSSE(c, async (stream) => {
      let id = 0;
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = services.workshopEvents.subscribe(workshop.id, (event) => {
        queue.push(JSON.stringify(event));
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify({ workshopId: workshop.id }),
        id: String(id++),
      });
      const heartbeatMs = services.sseHeartbeatMs ?? 25_000;
      while (!stream.aborted) {
        if (queue.length === 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, heartbeatMs);
          });
          clearTimeout(timer);
          wake = undefined;
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
          continue;
        }
        const data = queue.shift()!;
        await stream.writeSSE({ event: JSON.parse(data).type, data, id: String(id++) });
      }
      unsubscribe();
    });
  });

  app.openapi(learnerDetail, async (c) => {
    const workshop = await workshopOf(c);
    const member = await store.member(workshop.id, c.req.valid('param').learnerId);
    if (!member) throw new ApiError(404, 'learner_not_found', messages.learnerNotFound());
    const sandbox = await services.sandboxes.forLearner(member.learnerId);
    return c.json(
      {
        learner: {
          id: member.learnerId,
          displayName: member.displayName,
          joinedAt: new Date(member.joinedAt).toISOString(),
        },
        sandbox: sandbox ? sandboxView(sandbox) : null,
        exercises: services.exerciseViews ? await services.exerciseViews.history(member.learnerId) : [],
      },
      200,
    );
  });

  app.openapi(resetLearner, async (c) => {
    const { member, sandboxId } = await memberSandbox(c);
    const exerciseId = (c.req.valid('json') as z.infer<typeof ResetBodySchema> | undefined)?.exerciseId;
    await resetTo(services, sandboxId, member.learnerId, exerciseId);
    return c.json(sandboxView((await services.sandboxes.get(sandboxId))!), 200);
  });

  app.openapi(extendLearner, async (c) => {
    const { sandboxId } = await memberSandbox(c);
    const record = await services.sandboxes.extend(sandboxId, c.req.valid('json').hours * 3_600_000);
    return c.json(sandboxView(record), 200);
  });

  return app;
}
