/**
 * rolloutTargets resolves the objects of a `kubectl rollout` subcommand: `TYPE NAME`, `TYPE/NAME`,
 * `TYPE -l selector` or `-f FILE`, fetched from the server (kind set, so viewers can switch on it).
 */
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';
import type { Flags } from '../cmdutil/flags';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { refOf, toInfo } from '../resource-builder/objects';

/** RolloutTarget is one object a rollout subcommand acts on. */
export interface RolloutTarget {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

export async function rolloutTargets(ctx: CommandContext, flags: Flags): Promise<RolloutTarget[]> {
  const refs: { resource: ApiResource; namespace?: string; name: string }[] = [];
  const files = flags.list('filename');
  if (files.length > 0) {
    for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
      const info = await toInfo(ctx, m);
      refs.push({ resource: info.resource, namespace: info.namespace, name: info.name });
    }
  } else {
    if (flags.args.length === 0) throw new Error('required resource not specified');
    for (const v of await resolveArgs(ctx.mapper, flags.args)) {
      const namespace = v.resource.namespaced ? ctx.namespace : undefined;
      if (v.name) {
        refs.push({ resource: v.resource, namespace, name: v.name });
        continue;
      }
      const selector = flags.str('selector');
      if (!selector) throw new Error('resource(s) were provided, but no name was specified');
      const list = await ctx.client.list(refOf(v.resource), namespace, { labelSelector: selector });
      for (const item of list.items)
        refs.push({ resource: v.resource, namespace, name: item.metadata.name! });
    }
  }
  const out: RolloutTarget[] = [];
  for (const r of refs) {
    const object = await ctx.client.get(refOf(r.resource), r.namespace, r.name);
    out.push({ ...r, object: { ...object, kind: r.resource.kind } });
  }
  return out;
}
