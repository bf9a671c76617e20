/**
 * A grader is an exercise's list of checks; gradeExercise runs them against a learner's cluster and never
 * throws: a check that errors or exceeds its time limit becomes a failed check with a French message.
 */
import { type Check, type GradeContext, ReadCache } from './checks/check';
import { type CheckResult, type GradeSummary, summarize } from './result';

/** Grader is what an exercise's grader.ts exports. */
export interface Grader {
  checks: Check[];
}

/** defineGrader validates a grader: at least one check, unique ids, non-negative points. */
export function defineGrader(grader: { checks: Check[] }): Grader {
  if (grader.checks.length === 0) throw new Error('a grader needs at least one check');
  const seen = new Set<string>();
  for (const check of grader.checks) {
    if (seen.has(check.id)) throw new Error(`duplicate check id: ${check.id}`);
    if (!(check.points >= 0)) throw new Error(`check ${check.id}: points must be >= 0`);
    seen.add(check.id);
  }
  return { checks: [...grader.checks] };
}

export interface GradeOptions {
  /** Default per-check time limit in milliseconds (a check's own timeoutMs wins); default 2000. */
  timeoutMs?: number;
}

/** DEFAULT_CHECK_TIMEOUT_MS bounds one check so a stuck API call cannot hang grading. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/** runCheck runs one check with its time limit; errors and time-outs become failures. */
export async function runCheck(
  check: Check,
  ctx: GradeContext,
  options: GradeOptions = {},
): Promise<CheckResult> {
  const limit = check.timeoutMs ?? options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const base = {
    id: check.id,
    title: check.title,
    points: check.points,
    ...(check.precondition ? { precondition: true } : {}),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(limit)), limit);
  });
  try {
    const outcome = await Promise.race([check.run(ctx), timeout]);
    return { ...base, passed: outcome.passed, message: outcome.message };
  } catch (err) {
    const message =
      err instanceof CheckTimeout
        ? `Vérification interrompue : pas de réponse en ${limit} ms`
        : `Vérification impossible : ${(err as Error)?.message ?? String(err)}`;
    return { ...base, passed: false, message };
  } finally {
    clearTimeout(timer);
  }
}

class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`timeout after ${ms} ms`);
  }
}

/**
 * gradeExercise runs every check concurrently (they only read) and summarizes them in declaration order.
 * The checks share one ReadCache (the context's, to share reads across several graders of one learner
 * graded at the same moment; else a new one): each object or list is read once. It never throws.
 */
export async function gradeExercise(
  grader: Grader,
  ctx: GradeContext,
  options: GradeOptions = {},
): Promise<GradeSummary> {
  const shared: GradeContext = ctx.reads ? ctx : { ...ctx, reads: new ReadCache() };
  const results = await Promise.all(grader.checks.map((check) => runCheck(check, shared, options)));
  return summarize(results);
}
