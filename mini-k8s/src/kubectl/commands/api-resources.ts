/**
 * `kubectl api-resources`: the preferred version of every served resource, as a table
 * (NAME SHORTNAMES APIVERSION NAMESPACED KIND, plus VERBS and CATEGORIES with `-o wide`) or names
 * (`-o name`: `plural.group`), filtered by `--api-group`, `--namespaced`, `--verbs` and `--categories`,
 * sorted by group then name (or `--sort-by=kind`).
 */
import type { Command } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import type { ApiResource } from '../resource-builder/discovery';
import { TabWriter } from '../printers/tabwriter';

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  flags: [
    { name: 'no-headers', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'api-group', type: 'string' },
    { name: 'namespaced', type: 'bool', default: true },
    { name: 'verbs', type: 'stringSlice' },
    { name: 'categories', type: 'stringSlice' },
    { name: 'sort-by', type: 'string' },
    { name: 'cached', type: 'bool' },
  ],
  async run(ctx, flags) {
    const output = flags.str('output');
    if (output !== '' && output !== 'wide' && output !== 'name') {
      throw new Error(`--output ${output} is not available`);
    }
    const sortBy = flags.str('sort-by');
    if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') {
      throw new Error(`--sort-by accepts only name or kind`);
    }
    if (flags.args.length > 0) throw new UsageError(`unexpected arguments: [${flags.args.join(' ')}]`);
    const resources = (await ctx.discovery.preferredResources()).filter((r) => keep(r, flags));
    // Without --sort-by: group, then name; with it: that field only (a stable sort keeps discovery order).
    resources.sort((a, b) => {
      if (sortBy === 'kind') return compare(a.kind, b.kind);
      if (sortBy === 'name') return compare(a.resource, b.resource);
      return compare(a.group, b.group) || compare(a.resource, b.resource);
    });
    if (output === 'name') {
      for (const r of resources) ctx.out(r.group ? `${r.resource}.${r.group}\n` : `${r.resource}\n`);
      return 0;
    }
    const wide = output === 'wide';
    const tw = new TabWriter();
    if (!flags.bool('no-headers')) {
      const headers = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
      if (wide) headers.push('VERBS', 'CATEGORIES');
      tw.write(headers.join('\t') + '\n');
    }
    for (const r of resources) {
      const cells = [
        r.resource,
        r.shortNames.join(','),
        r.group ? `${r.group}/${r.version}` : r.version,
        String(r.namespaced),
        r.kind,
      ];
      if (wide) cells.push(r.verbs.join(','), r.categories.join(','));
      tw.write(cells.join('\t') + '\n');
    }
    ctx.out(tw.flush());
    return 0;
  },
};

/** keep applies the filter flags. */
function keep(r: ApiResource, flags: Flags): boolean {
  if (flags.changed('api-group') && r.group !== flags.str('api-group')) return false;
  if (flags.changed('namespaced') && r.namespaced !== flags.bool('namespaced')) return false;
  const verbs = flags.list('verbs');
  if (verbs.length > 0 && !verbs.every((v) => r.verbs.includes(v))) return false;
  const categories = flags.list('categories');
  if (categories.length > 0 && !categories.every((c) => r.categories.includes(c))) return false;
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
