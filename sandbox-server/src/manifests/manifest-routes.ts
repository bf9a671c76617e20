/**
 * `POST /api/sandboxes/{id}/manifests/diff`: the editor's « Comparer ». The learner's manifest is compared
 * with their own sandbox's cluster (server-side apply, dryRun=All: nothing is stored), object by object;
 * the page shows the diff and then lets the learner apply it from the terminal.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ApiError } from '../http/api-error';
import { learnerAccess } from '../http/learner-access';
import { errorResponses, SandboxIdParams } from '../http/schemas';
import type { PlatformServices } from '../http/services';
import { validationHook } from '../http/validation';
import { diffManifest, ManifestInputError } from './manifest-diff';

/** MAX_MANIFEST_CHARS bounds one manifest (the platform's body limit applies too). */
export const MAX_MANIFEST_CHARS = 256 * 1024;

const DiffBodySchema = z
  .object({
    manifest: z
      .string()
      .min(1)
      .max(MAX_MANIFEST_CHARS)
      .openapi({ example: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n…' }),
  })
  .openapi('ManifestDiffRequest');

const ObjectDiffSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
    namespace: z.string().optional(),
    action: z.enum(['create', 'update', 'unchanged', 'error']),
    live: z.string().openapi({
      description: 'L’objet actuel en YAML, sans managedFields ni resourceVersion (vide s’il n’existe pas)',
    }),
    applied: z.string().openapi({
      description: 'L’objet tel que le serveur d’API le stockerait après « Appliquer » (dry-run)',
    }),
    message: z.string().optional().openapi({ description: 'Le refus du serveur d’API (action « error »)' }),
  })
  .openapi('ObjectDiff');

const diffRoute = createRoute({
  method: 'post',
  path: '/api/sandboxes/{id}/manifests/diff',
  summary:
    'Compare un manifeste au cluster de la sandbox (server-side apply en dry-run, rien n’est enregistré) : ce qu’« Appliquer » changerait, objet par objet',
  request: {
    params: SandboxIdParams,
    body: { content: { 'application/json': { schema: DiffBodySchema } }, required: true },
  },
  responses: {
    200: {
      description: 'Une comparaison par objet du manifeste',
      content: { 'application/json': { schema: z.object({ objects: z.array(ObjectDiffSchema) }) } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503),
  },
});

export function manifestRoutes(services: PlatformServices): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const { owned } = learnerAccess(services);

  app.openapi(diffRoute, async (c) => {
    const sandbox = await owned(c, c.req.valid('param').id);
    const { manifest } = c.req.valid('json');
    const cluster = await services.sandboxes.acquire(sandbox.id);
    try {
      return c.json({ objects: await diffManifest(cluster.client, manifest) }, 200);
    } catch (err) {
      if (err instanceof ManifestInputError) throw new ApiError(400, 'invalid_manifest', err.message);
      throw err;
    }
  });

  return app;
}
