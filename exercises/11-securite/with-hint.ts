/**
 * withHint, shared by the chapter's graders: a check whose failure message ends with an explanation computed
 * from the cluster (« le ClusterRoleBinding X donne ce droit dans tous les namespaces »).
 */
import { type Check, type GradeContext, fail } from '../../graders/src/index';

/** withHint keeps a check's verdict and adds `hint(ctx)` to its failure message. */
export function withHint(check: Check, hint: (ctx: GradeContext) => Promise<string>): Check {
  return {
    ...check,
    async run(ctx) {
      const outcome = await check.run(ctx);
      return outcome.passed ? outcome : fail(`${outcome.message}. ${await hint(ctx)}`);
    },
  };
}
