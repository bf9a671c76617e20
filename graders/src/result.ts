/**
 * The result of grading: each check passes or fails, weighs some points, and explains itself in French
 * (what was expected, what was found), so a learner knows what to fix.
 */

/** CheckResult is the outcome of one check. */
export interface CheckResult {
  /** Stable identifier of the check inside its exercise (e.g. `replicas-ready`). */
  id: string;
  /** Short French title shown in the exercise panel. */
  title: string;
  passed: boolean;
  /** Points this check is worth. */
  points: number;
  /** French message: on failure, what was expected and what was found. */
  message: string;
  /** A precondition check guards the starting state: its failure means the learner broke the setup. */
  precondition?: boolean;
}

/** GradeSummary aggregates check results. */
export interface GradeSummary {
  score: number;
  maxScore: number;
  /** Whole percentage, rounded down (100 only when everything passes). */
  percent: number;
  passed: boolean;
  results: CheckResult[];
}

/** summarize adds up the points of passed checks; an exercise passes when every check passes. */
export function summarize(results: CheckResult[]): GradeSummary {
  const maxScore = results.reduce((sum, r) => sum + r.points, 0);
  const score = results.filter((r) => r.passed).reduce((sum, r) => sum + r.points, 0);
  const percent = maxScore === 0 ? 0 : Math.floor((score * 100) / maxScore);
  return { score, maxScore, percent, passed: results.length > 0 && results.every((r) => r.passed), results };
}

/**
 * expectedFound renders the standard French failure message.
 *
 * @example
 *   expectedFound('3 réplicas prêts', '1') // « Attendu : 3 réplicas prêts ; trouvé : 1 »
 */
export function expectedFound(expected: string, found: string): string {
  return `Attendu : ${expected} ; trouvé : ${found}`;
}
