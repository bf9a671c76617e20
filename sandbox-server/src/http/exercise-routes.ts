/**
 * The exercise API: the catalogue with the calling learner's progress, one exercise's statement and
 * revealed hints, and per sandbox: start (reset to the starting state), check (grader run server-side,
 * attempt recorded, workshop grid updated live), hints, solution (recorded as revealed) and continuous
 * checks (server-sent events, not counted as attempts). Graders and solutions never leave the server
 * other than through `solution`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Debounced } from '../cluster-view/debounce';
import type { ExerciseViews } from '../exercises/exercise-view';
import { gradeSandbox } from '../exercises/grading';
import { messages } from '../messages';
import type { ExerciseInfo } from '../sandboxes/exercises';
import { ApiError } from './api-error';
import { learnerAccess } from './learner-access';
import { resetTo, sandboxView } from './sandbox-routes';
import {
  CheckReportSchema,
  ExerciseDetailSchema,
  ExerciseItemSchema,
  ExerciseParams,
  errorResponses,
  HintsSchema,
  SandboxExerciseParams,
  SolutionSchema,
  StartResultSchema,
} from './schemas';
import type { PlatformServices } from './services';
import { eventStream } from './sse';
import { validationHook } from './validation';

/** CHECK_DEBOUNCE_MS groups a burst of cluster changes into one continuous check. */
const CHECK_DEBOUNCE_MS = 500;
/** PING_MS is the heartbeat of the continuous-check stream. */
const PING_MS = 15_000;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const sseResponse = (description: string) => ({
  description,
  content: { 'text/event-stream': { schema: z.string() } },
});

const listExercises = createRoute({
  method: 'get',
  path: '/api/exercises',
  summary: "Les exercices dans l'ordre du cours, avec la progression de l'apprenant",
  responses: {
    200: json(z.object({ exercises: z.array(ExerciseItemSchema) }), 'Les exercices'),
    ...errorResponses(503),
  },
});
const getExercise = createRoute({
  method: 'get',
  path: '/api/exercises/{chapter}/{slug}',
  summary: 'Un exercice : énoncé, indices révélés, progression',
  request: { params: ExerciseParams },
  responses: { 200: json(ExerciseDetailSchema, "L'exercice"), ...errorResponses(400, 404, 503) },
});
const learnerErrors = errorResponses(400, 401, 403, 404, 409, 429, 503);
const startExercise = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/exercises/{chapter}/{slug}/start',
  summary: "Démarre un exercice : remet le cluster à son état de départ (l'exercice passe « en cours »)",
  request: { params: SandboxExerciseParams },
  responses: { 200: json(StartResultSchema, 'Sandbox prête, exercice en cours'), ...learnerErrors },
});
const checkExercise = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/exercises/{chapter}/{slug}/check',
  summary: 'Vérifie l’exercice sur le cluster de la sandbox (tentative enregistrée)',
  request: { params: SandboxExerciseParams },
  responses: { 200: json(CheckReportSchema, 'Le rapport de vérification'), ...learnerErrors },
});
const revealHint = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/exercises/{chapter}/{slug}/hints',
  summary: 'Révèle l’indice suivant (enregistré)',
  request: { params: SandboxExerciseParams },
  responses: { 200: json(HintsSchema, 'Les indices révélés'), ...learnerErrors },
});
const revealSolution = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/exercises/{chapter}/{slug}/solution',
  summary: 'Affiche la solution de référence (enregistré comme « solution affichée »)',
  request: { params: SandboxExerciseParams },
  responses: { 200: json(SolutionSchema, 'La solution'), ...learnerErrors },
});
const checkEvents = createRoute({
  method: 'get',
  path: '/api/sandboxes/{id}/exercises/{chapter}/{slug}/events',
  summary:
    'Vérification continue (server-sent events) : `event: check` à la connexion puis après chaque changement du cluster ; non comptée comme tentative',
  request: { params: SandboxExerciseParams },
  responses: { 200: sseResponse('Flux text/event-stream'), ...learnerErrors },
});

export function exerciseRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { owned, limit } = learnerAccess(services);

  const views = (): ExerciseViews => {
    if (!services.exerciseViews)
      throw new ApiError(503, 'exercises_unavailable', messages.exercisesUnavailable());
    return services.exerciseViews;
  };
  const exerciseOf = (c: Context): ExerciseInfo => {
    const id = `${c.req.param('chapter')}/${c.req.param('slug')}`;
    const info = views().catalogue.exercise(id);
    if (!info) throw new ApiError(404, 'exercise_not_found', messages.exerciseUnknown(id));
    return info;
  };
  /** learnerExercise checks the sandbox owner first (a stranger learns nothing), then the exercise. */
  const learnerExercise = async (c: Context) => {
    const sandbox = await owned(c, c.req.param('id') ?? '');
    return { sandbox, exercise: exerciseOf(c), learnerId: sandbox.learnerId };
  };

  app.openapi(listExercises, async (c) => {
    const learnerId = await services.identity.current(c);
    if (learnerId) limit(learnerId);
    return c.json({ exercises: await views().items(learnerId) }, 200);
  });

  app.openapi(getExercise, async (c) => {
    const learnerId = await services.identity.current(c);
    if (learnerId) limit(learnerId);
    const info = exerciseOf(c);
    const item = await views().itemOf(learnerId, info);
    return c.json(
      { ...item, statement: info.statement, hints: info.hints.slice(0, item.hintsRevealed) },
      200,
    );
  });

  app.openapi(startExercise, async (c) => {
    const { sandbox, exercise, learnerId } = await learnerExercise(c);
    await resetTo(services, sandbox.id, learnerId, exercise.id);
    return c.json(
      {
        sandbox: sandboxView((await services.sandboxes.get(sandbox.id))!),
        exercise: await views().itemOf(learnerId, exercise),
      },
      200,
    );
  });

  app.openapi(checkExercise, async (c) => {
    const { sandbox, exercise, learnerId } = await learnerExercise(c);
    const grader = await views().catalogue.grader(exercise.id);
    const cluster = await services.sandboxes.acquire(sandbox.id);
    const report = await gradeSandbox(exercise.id, grader, cluster);
    await services.workshops.recordAttempt(learnerId, exercise.id, report, JSON.stringify(report));
    return c.json(report, 200);
  });

  app.openapi(revealHint, async (c) => {
    const { exercise, learnerId } = await learnerExercise(c);
    const revealed = await services.workshops.revealHint(learnerId, exercise.id, exercise.hints.length);
    return c.json(
      { hints: exercise.hints.slice(0, revealed), remaining: exercise.hints.length - revealed },
      200,
    );
  });

  app.openapi(revealSolution, async (c) => {
    const { exercise, learnerId } = await learnerExercise(c);
    const solution = views().catalogue.solution(exercise.id);
    await services.workshops.revealSolution(learnerId, exercise.id);
    return c.json(solution, 200);
  });

  app.openapi(checkEvents, async (c) => {
    const { sandbox, exercise } = await learnerExercise(c);
    const grader = await views().catalogue.grader(exercise.id);
    const release = services.watchQuota.acquire(sandbox.id);
    if (!release) {
      services.metrics.refusals.inc({ limit: 'watches' });
      throw new ApiError(429, 'too_many_watches', messages.watchesExceeded(services.watchQuota.max));
    }
    try {
      // The page is open: wake the cluster so the first report comes at once.
      await services.sandboxes.acquire(sandbox.id);
    } catch (err) {
      release();
      throw err;
    }
    return eventStream(c, { heartbeatMs: services.sseHeartbeatMs ?? PING_MS }, (send) => {
      const check = new Debounced(CHECK_DEBOUNCE_MS, async () => {
        // Continuous checks never wake a sleeping sandbox: they resume when it runs again.
        const cluster = services.sandboxes.running(sandbox.id);
        if (cluster) send('check', await gradeSandbox(exercise.id, grader, cluster));
      });
      const unsubscribe = services.feeds.subscribe(sandbox.id, { changed: () => check.trigger() });
      void check.now();
      return () => {
        check.stop();
        unsubscribe();
        release();
      };
    });
  });

  return app;
}
