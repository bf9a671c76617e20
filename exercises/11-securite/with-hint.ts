/**
 * withHint, shared by the chapter's graders: a check whose failure message ends with an explanation computed
 * from the cluster (« le ClusterRoleBinding X donne ce droit dans tous les namespaces »).
 */
import { type Check, type GradeContext, fail } from '../../graders/src/index';

/**
 * withHint keeps a check's verdict and adds `hint(ctx, message)` to its failure message; a hint of
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
