/**
 * `kubectl describe`: resolves `TYPE [NAME_PREFIX]`, `TYPE/NAME` or `-l`, then prints each object with
 * its kind's describer (describe/), separated by two blank lines. A name that is not found falls back to
 * the objects whose names start with it, as kubectl does.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound } from '../../machinery/errors';
import type { Command } from '../cmdutil/context';
import { DESCRIBERS } from '../describe/describers';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { refOf } from '../resource-builder/objects';

export const describeCommand: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  async run(ctx, flags) {
    if (flags.args.length === 0) {
      throw new Error(
        `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`,
      );
    }
    const allNamespaces = flags.bool('all-namespaces');
    const selector = flags.str('selector');
    const visits = await resolveArgs(ctx.mapper, flags.args);
    const found: { resource: ApiResource; obj: KubeObject; prefixMatch?: boolean }[] = [];
    for (const v of visits) {
      const ns = v.resource.namespaced ? (allNamespaces ? undefined : ctx.namespace) : undefined;
      const ref = refOf(v.resource);
      if (v.name) {
        try {
          found.push({ resource: v.resource, obj: await ctx.client.get(ref, ns, v.name) });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          // kubectl retries a missing name as a prefix over the listed objects.
          const list = await ctx.client.list(ref, ns, { labelSelector: selector || undefined });
          const matches = list.items.filter((o) => o.metadata.name?.startsWith(v.name!));
          if (matches.length === 0) throw err;
          for (const obj of matches) found.push({ resource: v.resource, obj, prefixMatch: true });
        }
        continue;
      }
      const list = await ctx.client.list(ref, ns, { labelSelector: selector || undefined });
      for (const obj of list.items) found.push({ resource: v.resource, obj: withKind(obj, v.resource) });
    }
    if (found.length === 0) {
      const where = allNamespaces ? '' : ` in ${ctx.namespace} namespace`;
      ctx.err(`No resources found${where}.\n`);
      return 0;
    }
    const now = new Date();
    let first = true;
    for (const { resource, obj, prefixMatch } of found) {
      const describer = DESCRIBERS[`${resource.group}/${resource.kind}`];
      if (!describer) {
        throw new Error(`describing ${resource.kind} objects is not supported by this kubectl yet`);
      }
      const text = await describer(withKind(obj, resource), {
        client: ctx.client,
        now,
        showEvents: flags.bool('show-events'),
      });
      // Prefix matches are printed by DescribeMatchingResources: each followed by a newline, no separator.
      if (prefixMatch) {
        ctx.out(`${text}\n`);
        continue;
      }
      ctx.out(first ? text : `\n\n${text}`);
      first = false;
    }
    return 0;
  },
};

/** withKind sets kind and apiVersion, which list items leave out. */
function withKind(obj: KubeObject, r: ApiResource): KubeObject {
  return { ...obj, kind: r.kind, apiVersion: r.group ? `${r.group}/${r.version}` : r.version };
}
