/**
 * `kubectl set image (TYPE NAME | TYPE/NAME) CONTAINER=IMAGE...`: updates container images of a pod or of
 * the pod template of a workload (`*` matches every container) with a strategic merge patch keyed by
 * container name. Prints `<kind>/<name> image updated`, nothing when the images were already set.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import { dryRunSuffix, parseDryRun, refOf } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { stripManagedFields } from './get';
import { NO_RESOURCES } from './scale';

const OUTPUT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

type Container = { name: string; image?: string };
type PodSpec = { containers?: Container[]; initContainers?: Container[] };

/** podSpecPath is where the pod spec sits in an object of the given kind (kubectl's updatePodSpecForObject). */
export function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** nest wraps `value` under the keys of `path`. */
export function nest(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value) as Record<string, unknown>;
}

function dig(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], obj);
}

export const setImageCommand: Command = {
  name: 'image',
  short: 'Update the image of a pod template',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'field-manager', type: 'string', default: 'kubectl-set' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const resourceArgs = flags.args.filter((a) => !a.includes('='));
    const images = new Map<string, string>();
    for (const a of flags.args.filter((x) => x.includes('='))) {
      const eq = a.indexOf('=');
      images.set(a.slice(0, eq), a.slice(eq + 1));
    }
    if (resourceArgs.length === 0) throw new Error(NO_RESOURCES);
    if (images.size === 0) throw new Error('at least one image update is required');
    for (const v of await resolveArgs(ctx.mapper, resourceArgs)) {
      const ref = refOf(v.resource);
      const ns = v.resource.namespaced ? ctx.namespace : undefined;
      const objects: KubeObject[] = v.name
        ? [await ctx.client.get(ref, ns, v.name)]
        : (await ctx.client.list(ref, ns, { labelSelector: flags.str('selector') || undefined })).items;
      if (!v.name && !flags.bool('all') && !flags.str('selector')) {
        throw new Error('resource(s) were provided, but no name was specified');
      }
      const path = podSpecPath(v.resource.kind);
      for (const obj of objects) {
        const id = `${kindPrefix(v.resource)}/${obj.metadata.name}`;
        if (!path) {
          throw new Error(
            `${v.resource.resource}/${obj.metadata.name} the object is not a pod or does not have a pod template: *${v.resource.version}.${v.resource.kind}`,
          );
        }
        const spec = structuredClone(dig(obj, path) ?? {}) as PodSpec;
        const changed: Container[] = [];
        for (const [name, image] of images) {
          let matched = false;
          for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
            if (name !== '*' && c.name !== name) continue;
            matched = true;
            if (c.image !== image) {
              c.image = image;
              changed.push({ name: c.name, image });
            }
          }
          if (!matched && name !== '*') throw new Error(`unable to find container named "${name}"`);
        }
        // An update that sets the images already there prints nothing, like kubectl.
        if (changed.length === 0) continue;
        const patchSpec: Record<string, unknown> = {};
        const inInit = new Set((spec.initContainers ?? []).map((c) => c.name));
        const init = changed.filter((c) => inInit.has(c.name));
        const main = changed.filter((c) => !inInit.has(c.name));
        if (main.length > 0) patchSpec.containers = main;
        if (init.length > 0) patchSpec.initContainers = init;
        let result: KubeObject;
        if (dryRun === 'client') {
          result = structuredClone(obj);
          Object.assign(dig(result, path) as object, spec);
        } else {
          result = await ctx.client.patch(
            ref,
            obj.metadata.namespace,
            obj.metadata.name!,
            'strategic',
            nest(path, patchSpec),
            {
              fieldManager: flags.str('field-manager'),
              dryRun: dryRun === 'server',
            },
          );
        }
        if (output) {
          stripManagedFields(result);
          ctx.out(printObject(output, result, () => kindPrefix(v.resource)));
        } else ctx.out(`${id} image updated${dryRunSuffix(dryRun)}\n`);
      }
    }
    return 0;
  },
};
