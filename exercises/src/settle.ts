/**
 * gradeUntil grades repeatedly until the summary satisfies a predicate and still does after a short pause
 * (so a transient state — pods still starting — does not count), or until the time limit; it returns the
 * last summary either way. The course test uses it to wait for a cluster to settle.
 */
import { type Grader, gradeExercise } from '../../graders/src/grader';
import type { GradeContext } from '../../graders/src/checks/check';
import type { GradeSummary } from '../../graders/src/result';

export interface SettleOptions {
  /** Time limit in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Pause between attempts and before the confirming grade (default 50 ms). */
  intervalMs?: number;
}

export async function gradeUntil(
  grader: Grader,
  ctx: GradeContext,
  accept: (summary: GradeSummary) => boolean,
  options: SettleOptions = {},
): Promise<GradeSummary> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const interval = options.intervalMs ?? 50;
  let summary = await gradeExercise(grader, ctx);
  while (Date.now() < deadline) {
    if (accept(summary)) {
      // Why confirm: a check can pass or fail for a moment while controllers still work.
      await sleep(interval * 4);
      summary = await gradeExercise(grader, ctx);
      if (accept(summary)) return summary;
    }
    await sleep(interval);
    summary = await gradeExercise(grader, ctx);
  }
  return summary;
}

/** failingIds lists the ids of failed checks, sorted. */
export function failingIds(summary: GradeSummary): string[] {
  return summary.results
    .filter((r) => !r.passed)
    .map((r) => r.id)
    .sort();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
