/**
 * The learner's sandbox API: create-or-get, state, delete, reset to an exercise's starting state, and the
 * kubeconfig for the learner's own kubectl. Every route but creation requires the learner cookie of the
 * sandbox's owner.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { messages } from '../messages';
import type { ExerciseStart } from '../sandboxes/exercises';
import { renderLearnerKubeconfig } from '../sandboxes/kubeconfig';
import type { SandboxRecord } from '../sandboxes/manager';
import { ApiError } from './api-error';
import { K8S_PREFIX } from './k8s-proxy';
import { learnerAccess } from './learner-access';
import { ErrorSchema, errorResponses, ResetBodySchema, SandboxIdParams, SandboxSchema } from './schemas';
import type { PlatformServices } from './services';
import { validationHook } from './validation';

/** sandboxView is the JSON of a sandbox. */
export function sandboxView(s: SandboxRecord): z.infer<typeof SandboxSchema> {
  const self = `/api/sandboxes/${s.id}`;
  return {
    id: s.id,
    state: s.state,
    nodes: s.nodes,
    runtime: s.runtime,
    runtimeNotice: s.runtimeNotice,
    exerciseId: s.exerciseId,
    createdAt: new Date(s.createdAt).toISOString(),
    lastActiveAt: new Date(s.lastActiveAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
    links: {
      self,
      kubeconfig: `${self}/kubeconfig`,
      terminal: `${self}/terminal`,
      kubernetesApi: `${K8S_PREFIX}/${s.id}`,
    },
  };
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const createSandbox = createRoute({
  method: 'post',
  path: '/api/sandboxes',
  summary: "Crée la sandbox de l'apprenant (ou renvoie l'existante, réveillée)",
  responses: {
    200: json(SandboxSchema, 'La sandbox existante, prête'),
    201: json(SandboxSchema, 'Une nouvelle sandbox, prête'),
    ...errorResponses(429, 503),
  },
});
const getSandbox = createRoute({
  method: 'get',
  path: '/api/sandboxes/{id}',
  summary: "État d'une sandbox (sans la réveiller)",
  request: { params: SandboxIdParams },
  responses: { 200: json(SandboxSchema, 'La sandbox'), ...errorResponses(401, 403, 404) },
});
const deleteSandbox = createRoute({
  method: 'delete',
  path: '/api/sandboxes/{id}',
  summary: 'Supprime une sandbox et son cluster',
  request: { params: SandboxIdParams },
  responses: { 204: { description: 'Supprimée' }, ...errorResponses(401, 403, 404) },
});
const resetSandbox = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/reset',
  summary: "Remet le cluster à l'état de départ d'un exercice (ou vide)",
  request: {
    params: SandboxIdParams,
    body: { content: { 'application/json': { schema: ResetBodySchema } }, required: false },
  },
  responses: {
    200: json(SandboxSchema, 'La sandbox réinitialisée'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const kubeconfig = createRoute({
  method: 'get',
  path: '/api/sandboxes/{id}/kubeconfig',
  summary: 'Kubeconfig pour le kubectl de l’apprenant (HTTPS, jeton propre à la sandbox)',
  request: { params: SandboxIdParams },
  responses: {
    200: { description: 'Le kubeconfig (YAML)', content: { 'application/yaml': { schema: z.string() } } },
    ...errorResponses(401, 403, 404),
    409: {
      description: 'Le serveur ne sert pas HTTPS',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export function sandboxRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { sandboxes, identity } = services;

  const { owned, limit } = learnerAccess(services);

  app.openapi(createSandbox, async (c) => {
    const learnerId = await identity.ensure(c);
    limit(learnerId);
    const { sandbox, created } = await sandboxes.ensureFor(learnerId);
    if (created) return c.json(sandboxView(sandbox), 201);
    // The learner is back: wake the cluster now so the page's first command is fast.
    if (sandbox.state !== 'expired') await sandboxes.acquire(sandbox.id);
    return c.json(sandboxView((await sandboxes.get(sandbox.id))!), 200);
  });

  app.openapi(getSandbox, async (c) => c.json(sandboxView(await owned(c, c.req.valid('param').id)), 200));

  app.openapi(deleteSandbox, async (c) => {
    const sandbox = await owned(c, c.req.valid('param').id);
    await sandboxes.delete(sandbox.id);
    return c.body(null, 204);
  });

  app.openapi(resetSandbox, async (c) => {
    const sandbox = await owned(c, c.req.valid('param').id);
    const exerciseId = (c.req.valid('json') as z.infer<typeof ResetBodySchema> | undefined)?.exerciseId;
    await resetTo(services, sandbox.id, sandbox.learnerId, exerciseId);
    return c.json(sandboxView((await sandboxes.get(sandbox.id))!), 200);
  });

  app.openapi(kubeconfig, async (c) => {
    const sandbox = await owned(c, c.req.valid('param').id);
    // The kubeconfig always points at HTTPS, as kubectl sends its token only over TLS: the reverse proxy's public
    // origin when one terminates TLS in front of the platform, else the platform's own HTTPS listener.
    let origin: string;
    let caPem: string | undefined;
    if (services.publicHttps) {
      ({ url: origin, caPem } = services.publicHttps);
    } else if (services.https) {
      const url = new URL(c.req.url);
      origin = url.protocol === 'https:' ? url.origin : `https://${url.hostname}:${services.https.port}`;
      caPem = services.https.caPem;
    } else {
      throw new ApiError(409, 'https_required', messages.httpsRequired());
    }
    const yaml = renderLearnerKubeconfig({
      server: `${origin}${K8S_PREFIX}/${sandbox.id}`,
      sandboxId: sandbox.id,
      token: sandboxes.tokenFor(sandbox.id),
      lessonUsers: sandboxes.lessonUsers(sandbox.id),
      ...(caPem ? { caPem } : {}),
    });
    return c.body(yaml, 200, {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="atelier-${sandbox.id}.kubeconfig"`,
      'Cache-Control': 'no-store',
    });
  });

  return app;
}

/**
 * resetTo resets a sandbox to an exercise's starting state (or to an empty cluster without exercise)
 * and records the exercise as started; the instructor's reset uses it too.
 */
export async function resetTo(
  services: PlatformServices,
  sandboxId: string,
  learnerId: string,
  exerciseId: string | undefined,
): Promise<void> {
  let start: ExerciseStart = { manifests: [] };
  if (exerciseId !== undefined) {
    const found = await services.exercises?.startingState(exerciseId);
    if (!found) throw new ApiError(404, 'exercise_not_found', messages.exerciseUnknown(exerciseId));
    start = found;
  }
  await services.sandboxes.reset(sandboxId, { ...start, ...(exerciseId ? { exerciseId } : {}) });
  if (exerciseId !== undefined) await services.workshops.markStarted(learnerId, exerciseId);
}
