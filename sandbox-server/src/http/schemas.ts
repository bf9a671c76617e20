/**
 * The JSON shapes of the platform API, as zod schemas with OpenAPI metadata: they validate requests and
 * describe responses in /api/openapi.json.
 */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'sandboxes_full' }),
    message: z.string().openapi({ example: 'Le serveur a atteint son nombre maximal de sandboxes.' }),
  })
  .openapi('Error');

export const SandboxSchema = z
  .object({
    id: z.string(),
    state: z.enum(['creating', 'ready', 'sleeping', 'expired']),
    nodes: z.number().int(),
    runtime: z.enum(['simulated', 'docker', 'kubernetes']).openapi({
      description:
        'Exécution des Pods : `simulated` (simulée), `docker` (vrais conteneurs) ou `kubernetes` (Pods d’un cluster Kubernetes hôte). `simulated` aussi quand Docker ou le cluster hôte était injoignable au démarrage du cluster (voir runtimeNotice).',
    }),
    runtimeNotice: z
      .string()
      .nullable()
      .openapi({ description: 'Message (français) quand le runtime demandé n’a pas pu être utilisé.' }),
    exerciseId: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastActiveAt: z.string().openapi({ format: 'date-time' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    links: z.object({
      self: z.string(),
      kubeconfig: z.string(),
      terminal: z.string(),
      kubernetesApi: z.string(),
    }),
  })
  .openapi('Sandbox');

export const SandboxIdParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'q3X9kP2mTz1c' }),
});

export const ResetBodySchema = z
  .object({ exerciseId: z.string().min(1).max(200).optional() })
  .openapi('ResetRequest');

export const WorkshopSchema = z
  .object({ id: z.string(), code: z.string(), title: z.string(), createdAt: z.string() })
  .openapi('Workshop');

export const CreateWorkshopSchema = z
  .object({ title: z.string().trim().min(1).max(200) })
  .openapi('CreateWorkshopRequest');

export const JoinSchema = z
  .object({ code: z.string().min(1).max(20), displayName: z.string().trim().min(1).max(80) })
  .openapi('JoinRequest');

export const JoinResultSchema = z
  .object({ workshopId: z.string(), title: z.string(), displayName: z.string() })
  .openapi('JoinResult');

export const MemberSchema = z
  .object({
    learnerId: z.string(),
    displayName: z.string(),
    joinedAt: z.string(),
    sandboxId: z.string().nullable(),
    sandboxState: z.string().nullable(),
  })
  .openapi('Member');

export const RosterSchema = z
  .object({ workshop: WorkshopSchema, members: z.array(MemberSchema) })
  .openapi('Roster');

export const ProgressSchema = z
  .object({
    exerciseId: z.string(),
    status: z.enum(['not-started', 'started', 'passed', 'failed', 'revealed']),
    score: z.number(),
    maxScore: z.number(),
    attempts: z.number().int(),
    timeSpentMs: z.number().int(),
  })
  .openapi('Progress');

export const GridSchema = z
  .object({
    exercises: z.array(z.object({ id: z.string(), title: z.string() })),
    rows: z.array(
      z.object({
        learnerId: z.string(),
        displayName: z.string(),
        sandboxState: z.string().nullable(),
        exercises: z.record(z.string(), ProgressSchema),
      }),
    ),
  })
  .openapi('Grid');

export const LearnerParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
  learnerId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'learnerId', in: 'path' } }),
});

export const ExtendSchema = z.object({ hours: z.number().positive().max(8760) }).openapi('ExtendRequest');

/** errorResponses documents the error answers a route may give. */
export function errorResponses(...codes: (400 | 401 | 403 | 404 | 409 | 413 | 429 | 503)[]) {
  const descriptions: Record<number, string> = {
    400: 'Requête invalide',
    401: 'Non identifié',
    403: 'Interdit',
    404: 'Introuvable',
    409: 'Conflit (sandbox expirée, HTTPS absent)',
    413: 'Corps trop grand',
    429: 'Trop de requêtes',
    503: 'Serveur plein ou fonction désactivée',
  };
  return Object.fromEntries(
    codes.map((code) => [
      code,
      { description: descriptions[code], content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );
}

export const ExerciseItemSchema = z
  .object({
    id: z.string().openapi({ example: '04-pods/premier-pod' }),
    chapter: z.string(),
    slug: z.string(),
    title: z.string(),
    minutes: z.number().int(),
    level: z.string(),
    objectives: z.array(z.string()),
    status: z.enum(['a-faire', 'en-cours', 'reussi']),
    score: z.number().nullable(),
    maxScore: z.number(),
    attempts: z.number().int(),
    hintsRevealed: z.number().int(),
    hintsTotal: z.number().int(),
    solutionRevealed: z.boolean(),
  })
  .openapi('ExerciseItem');

export const ExerciseDetailSchema = ExerciseItemSchema.extend({
  statement: z.string().openapi({ description: 'Énoncé en Markdown (français)' }),
  hints: z.array(z.string()).openapi({ description: 'Indices déjà révélés seulement' }),
}).openapi('ExerciseDetail');

export const CheckReportSchema = z
  .object({
    exerciseId: z.string(),
    passed: z.boolean(),
    score: z.number(),
    maxScore: z.number(),
    checkedAt: z.string().openapi({ format: 'date-time' }),
    durationMs: z.number(),
    checks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        passed: z.boolean(),
        points: z.number(),
        maxPoints: z.number(),
        message: z.string(),
        precondition: z.boolean(),
      }),
    ),
  })
  .openapi('CheckReport');

export const StartResultSchema = z
  .object({ sandbox: SandboxSchema, exercise: ExerciseItemSchema })
  .openapi('ExerciseStart');

export const HintsSchema = z
  .object({ hints: z.array(z.string()), remaining: z.number().int() })
  .openapi('Hints');

export const SolutionSchema = z
  .object({
    commands: z.string().nullable(),
    manifests: z.array(z.object({ name: z.string(), content: z.string() })),
  })
  .openapi('Solution');

const slugPart = (name: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'identifiant en minuscules, chiffres et tirets')
    .max(100)
    .openapi({ param: { name, in: 'path' } });

export const ExerciseParams = z.object({ chapter: slugPart('chapter'), slug: slugPart('slug') });

export const SandboxExerciseParams = SandboxIdParams.extend({
  chapter: slugPart('chapter'),
  slug: slugPart('slug'),
});

export const LearnerDetailSchema = z
  .object({
    learner: z.object({ id: z.string(), displayName: z.string(), joinedAt: z.string() }),
    sandbox: SandboxSchema.nullable(),
    exercises: z.array(
      ExerciseItemSchema.extend({
        lastCheck: CheckReportSchema.nullable(),
        timeSpentSeconds: z.number().int(),
      }),
    ),
  })
  .openapi('LearnerDetail');

export const InstructorSessionSchema = z
  .object({ token: z.string().min(1).max(500) })
  .openapi('InstructorSessionRequest');
