/**
 * `kubectl scale`: sets `spec.replicas` through the `scale` subresource of each named object (a JSON merge
 * patch, as kubectl's scaler does), after checking `--current-replicas` against the current Scale when
 * given. Prints `<kind>/<name> scaled` (`(dry run)` suffixed) or `<kind>/<name>` with `-o name`.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound, StatusError } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import type { Flags } from '../cmdutil/flags';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { dryRunSuffix, parseDryRun, refOf, toInfo } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';

/** ScaleTarget is one object to scale. */
interface ScaleTarget {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

/** OUTPUT_FORMATS are the -o values scale accepts (kubectl's PrintFlags without the human printer). */
export const OUTPUT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** NO_RESOURCES is kubectl's usage message when neither arguments nor files name a resource. */
export const NO_RESOURCES = `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`;

export const scaleCommand: Command = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  flags: [
    { name: 'replicas', type: 'int', default: 0 },
    { name: 'current-replicas', type: 'int', default: -1 },
    { name: 'resource-version', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    // cobra checks required flags before anything else runs.
    if (!flags.changed('replicas')) throw new Error('required flag(s) "replicas" not set');
    const dryRun = parseDryRun(flags.str('dry-run'));
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const replicas = flags.int('replicas');
    if (replicas < 0) {
      throw new Error('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    }
    const targets = await collectTargets(ctx, flags);
    const current = flags.int('current-replicas');
    for (const t of targets) {
      const ref = refOf(t.resource);
      if (current !== -1) {
        const scale = (await ctx.client.request(
          'GET',
          ctx.client.path(ref, t.namespace, t.name, 'scale'),
        )) as KubeObject & { spec?: { replicas?: number } };
        const actual = scale.spec?.replicas ?? 0;
        if (actual !== current) throw new Error(`Expected replicas to be ${current}, was ${actual}`);
      }
      if (dryRun === 'none' || dryRun === 'server') {
        const patch: Record<string, unknown> = { spec: { replicas } };
        const rv = flags.str('resource-version');
        if (rv) patch.metadata = { resourceVersion: rv };
        await ctx.client.patch(ref, t.namespace, t.name, 'merge', patch, {
          subresource: 'scale',
          dryRun: dryRun === 'server',
        });
      }
      // As kubectl, -o prints the object read before scaling.
      if (output)
        ctx.out(printObject(output, withoutManagedFields(t.object, flags), () => kindPrefix(t.resource)));
      else ctx.out(`${kindPrefix(t.resource)}/${t.name} scaled${dryRunSuffix(dryRun)}\n`);
    }
    return 0;
  },
};

/** collectTargets resolves the arguments, `-f` files, `-l` and `--all` like kubectl's builder. */
async function collectTargets(ctx: CommandContext, flags: Flags): Promise<ScaleTarget[]> {
  const files = flags.list('filename');
  if (files.length > 0) {
    const out: ScaleTarget[] = [];
    for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
      const info = await toInfo(ctx, m);
      const object = await ctx.client.get(refOf(info.resource), info.namespace, info.name);
      out.push({ resource: info.resource, namespace: info.namespace, name: info.name, object });
    }
    return out;
  }
  if (flags.args.length === 0) throw new Error(NO_RESOURCES);
  const visits = await resolveArgs(ctx.mapper, flags.args);
  const out: ScaleTarget[] = [];
  for (const v of visits) {
    const namespace = v.resource.namespaced ? ctx.namespace : undefined;
    if (v.name) {
      let object: KubeObject;
      try {
        object = await ctx.client.get(refOf(v.resource), namespace, v.name);
      } catch (err) {
        // The builder's error is wrapped by scale's "no objects passed" check.
        if (isNotFound(err) && err instanceof StatusError) {
          throw new Error(`no objects passed to scale ${err.message}`, { cause: err });
        }
        throw err;
      }
      out.push({ resource: v.resource, namespace, name: v.name, object });
      continue;
    }
    const selector = flags.str('selector');
    if (!selector && !flags.bool('all')) {
      throw new Error('resource(s) were provided, but no name was specified');
    }
    const list = await ctx.client.list(refOf(v.resource), namespace, {
      labelSelector: selector || undefined,
    });
    for (const item of list.items) {
      out.push({
        resource: v.resource,
        namespace: item.metadata.namespace,
        name: item.metadata.name ?? '',
        object: item,
      });
    }
  }
  return out;
}

/** withoutManagedFields drops metadata.managedFields unless --show-managed-fields, as kubectl's printers do. */
function withoutManagedFields(obj: KubeObject, flags: Flags): KubeObject {
  if (flags.bool('show-managed-fields') || !obj.metadata.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
