/**
 * Custom checks: a TypeScript function for what the declarative checks do not cover, and preconditions
 * that tell a learner the starting state was broken.
 */
import {
  type CheckBase,
  type Check,
  type CheckOutcome,
  type GradeContext,
  fail,
  makeCheck,
  pass,
} from './check';

/** custom wraps a function returning an outcome (use pass/fail and expectedFound for its messages). */
export function custom(base: CheckBase, run: (ctx: GradeContext) => Promise<CheckOutcome>): Check {
  return makeCheck(base, run);
}

/**
 * precondition turns a check into a guard of the starting state: when it fails, its message becomes
 * `brokenMessage` (« Le Deployment de départ a été supprimé : réinitialisez l'exercice »).
 */
export function precondition(check: Check, brokenMessage: string): Check {
  return {
    ...check,
    precondition: true,
    async run(ctx) {
      const outcome = await check.run(ctx);
      return outcome.passed ? pass(outcome.message) : fail(`${brokenMessage} (${outcome.message})`);
    },
  };
}
