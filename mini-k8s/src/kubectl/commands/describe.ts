/**
 * `kubectl describe`: resolves `TYPE [NAME_PREFIX]`, `TYPE/NAME` or `-l`, then prints each object with
 * its kind's describer (describe/), separated by two blank lines. A name that is not found falls back to
 * the objects whose names start with it, as kubectl does.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound } from '../../machinery/errors';
import type { Command } from '../cmdutil/context';
import { errorLine } from '../cmdutil/errors';
import { describeGeneric } from '../describe/describe-generic';
import { type Describer, DESCRIBERS } from '../describe/describers';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { refOf, toInfo } from '../resource-builder/objects';

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
    const files = flags.list('filename');
    if (files.length > 0 && flags.args.length > 0) {
      throw new Error(
        'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
      );
    }
    if (flags.args.length === 0 && files.length === 0) {
      throw new Error(
        `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`,
      );
    }
    const allNamespaces = flags.bool('all-namespaces');
    const selector = flags.str('selector');
    const visits = await resolveArgs(ctx.mapper, flags.args);
    const found: { resource: ApiResource; obj: KubeObject }[] = [];
    // The builder continues on errors: every failed get or list is reported after what could be described.
    const errors: unknown[] = [];
    // `-f`: each object of the manifests, fetched from the server by kind, namespace and name.
    for (const manifest of await readManifests(ctx, files, flags.bool('recursive'))) {
      try {
        const info = await toInfo(ctx, manifest);
        const obj = await ctx.client.get(refOf(info.resource), info.namespace, info.name);
        found.push({ resource: info.resource, obj });
      } catch (err) {
        errors.push(err);
      }
    }
    for (const v of visits) {
      const ns = v.resource.namespaced ? (allNamespaces ? undefined : ctx.namespace) : undefined;
      const ref = refOf(v.resource);
      try {
        if (v.name) found.push({ resource: v.resource, obj: await ctx.client.get(ref, ns, v.name) });
        else {
          const list = await ctx.client.list(ref, ns, { labelSelector: selector || undefined });
          for (const obj of list.items) found.push({ resource: v.resource, obj });
        }
      } catch (err) {
        errors.push(err);
      }
    }
    const settings = { client: ctx.client, now: new Date(), showEvents: flags.bool('show-events') };
    // `TYPE NAME` that is not found describes the objects whose names start with NAME (DescribeMatchingResources).
    if (flags.args.length === 2 && visits.length === 1 && errors.length === 1 && isNotFound(errors[0])) {
      const { resource, name } = visits[0];
      const ns = resource.namespaced ? ctx.namespace : undefined;
      const list = await ctx.client.list(refOf(resource), ns);
      const matches = list.items.filter((o) => o.metadata.name?.startsWith(name!));
      if (matches.length === 0) throw errors[0];
      for (const obj of matches)
        ctx.out(`${await describerFor(resource)(withKind(obj, resource), settings)}
`);
      return 0;
    }
    const seen = new Set<string>();
    let first = true;
    for (const { resource, obj } of found) {
      let text: string;
      try {
        text = await describerFor(resource)(withKind(obj, resource), settings);
      } catch (err) {
        const key = errorLine(err);
        if (!seen.has(key)) errors.push(err);
        seen.add(key);
        continue;
      }
      ctx.out(first ? text : `\n\n${text}`);
      first = false;
    }
    if (found.length === 0 && errors.length === 0) {
      ctx.err(allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    }
    if (errors.length === 1) throw errors[0];
    for (const err of errors) ctx.err(`${errorLine(err)}\n`);
    return errors.length > 0 ? 1 : 0;
  },
};

/** describerFor is the kind's describer, or the generic one (kubectl's GenericDescriberFor). */
function describerFor(resource: ApiResource): Describer {
  return DESCRIBERS[`${resource.group}/${resource.kind}`] ?? describeGeneric;
}

/** withKind sets kind and apiVersion, which list items leave out. */
function withKind(obj: KubeObject, r: ApiResource): KubeObject {
  return { ...obj, kind: r.kind, apiVersion: r.group ? `${r.group}/${r.version}` : r.version };
}
