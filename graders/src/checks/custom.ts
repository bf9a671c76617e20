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

/**
 * withHint keeps a check's verdict and adds `hint(ctx, message)` to its failure message — an explanation
 * computed from the cluster (« le ClusterRoleBinding X donne ce droit dans tous les namespaces »); a hint of
 * undefined (this failure has another cause) leaves the message as it is.
 */
export function withHint(
  check: Check,
  hint: (ctx: GradeContext, message: string) => Promise<string | undefined>,
): Check {
  return {
    ...check,
    async run(ctx) {
      const outcome = await check.run(ctx);
      if (outcome.passed) return outcome;
      const extra = await hint(ctx, outcome.message);
      return extra === undefined ? outcome : fail(`${outcome.message}. ${extra}`);
    },
  };
}
