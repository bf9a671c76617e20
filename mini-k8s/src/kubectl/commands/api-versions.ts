/**
 * `kubectl api-versions`: every served group/version (`apps/v1`, `v1`), one per line, sorted as Go's
 * sort.Strings does (byte order).
 */
import type { Command } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  flags: [],
  async run(ctx, flags) {
    if (flags.args.length > 0) {
      throw new UsageError(`unexpected arguments: [${flags.args.join(' ')}]`);
    }
    const versions: string[] = [];
    const groups = await ctx.discovery.groups().catch((err: unknown) => {
      throw new Error(
        `couldn't get available api versions from server: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    for (const group of groups) {
      for (const v of group.versions) versions.push(group.name ? `${group.name}/${v.version}` : v.version);
    }
    versions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const v of versions) ctx.out(`${v}\n`);
    return 0;
  },
};
