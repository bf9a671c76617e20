/**
 * The machinery shared by `set resources` and `set env` (kubectl's set/helper.go): the builder (names,
 * `-l`, `--all`, `-f`, `--local`), the pod spec of each object (UpdatePodSpecForObject), and
 * CalculatePatches: a strategic merge patch from the object as read to the object as changed, sent unless
 * it is empty, then `<kind>/<name> <message>` or the object with `-o`.
 */
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';
import { ExitError } from '../cmdutil/errors';
import type { Flags, FlagSpec } from '../cmdutil/flags';
import { loadPatchSchema, PatchSchema } from '../apply/patch-schema';
import { createTwoWayMergePatch } from '../apply/three-way-patch';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { dryRunSuffix, parseDryRun, refOf, toInfo } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { stripManagedFields } from './get';
import { NO_RESOURCES, OUTPUT_FORMATS } from './scale';
import { podSpecPath } from './set-image';

/** PodTemplateTarget is one object whose pod spec a `set` subcommand changes. */
export interface PodTemplateTarget {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

/** Container is the part of a container the set commands touch. */
export interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  envFrom?: Record<string, unknown>[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  [key: string]: unknown;
}

/** PodSpec is the part of a pod spec the set commands touch. */
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  [key: string]: unknown;
}

/** SetError is an error kubectl collects as is (not prefixed with the object's name). */
export class SetError extends Error {}

/** SET_TEMPLATE_FLAGS are the builder, output and dry-run flags of the set subcommands. */
export const SET_TEMPLATE_FLAGS: FlagSpec[] = [
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
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'containers', short: 'c', type: 'string', default: '*' },
];

/** collectTargets runs the builder with Latest(): named objects, `-l`/`--all` lists, or `-f` files. */
export async function collectTargets(
  ctx: CommandContext,
  flags: Flags,
  args: string[],
): Promise<PodTemplateTarget[]> {
  const out: PodTemplateTarget[] = [];
  const files = flags.list('filename');
  const local = flags.bool('local');
  for (const m of files.length > 0 ? await readManifests(ctx, files, flags.bool('recursive')) : []) {
    const info = await toInfo(ctx, m);
    const object = local
      ? info.object
      : await ctx.client.get(refOf(info.resource), info.namespace, info.name);
    out.push({ resource: info.resource, namespace: info.namespace, name: info.name, object });
  }
  if (local) {
    if (args.length > 0)
      throw new Error('error: you must specify resources by --filename when --local is set.');
    return out;
  }
  if (files.length > 0 && args.length === 0) return out;
  if (args.length === 0) throw new Error(NO_RESOURCES);
  const selector = flags.str('selector');
  const visits = await resolveArgs(ctx.mapper, args);
  if (selector && visits.some((v) => v.name))
    throw new Error('name cannot be provided when a selector is specified');
  for (const v of visits) {
    const namespace = v.resource.namespaced ? ctx.namespace : undefined;
    const ref = refOf(v.resource);
    if (v.name) {
      out.push({
        resource: v.resource,
        namespace,
        name: v.name,
        object: await ctx.client.get(ref, namespace, v.name),
      });
      continue;
    }
    if (!selector && !flags.bool('all'))
      throw new Error('resource(s) were provided, but no name was specified');
    const list = await ctx.client.list(ref, namespace, { labelSelector: selector || undefined });
    const kind = (list.kind ?? '').replace(/List$/, '');
    for (const item of list.items) {
      out.push({
        resource: v.resource,
        namespace: item.metadata.namespace,
        name: item.metadata.name ?? '',
        object: { ...item, apiVersion: list.apiVersion ?? item.apiVersion, kind },
      });
    }
  }
  return out;
}

/** podSpecOf returns the pod spec inside an object, or throws kubectl's "not a pod" error. */
export function podSpecOf(target: PodTemplateTarget): PodSpec {
  const path = podSpecPath(target.resource.kind);
  if (!path) {
    throw new Error(
      `the object is not a pod or does not have a pod template: *${target.resource.version}.${target.resource.kind}`,
    );
  }
  let cur: Record<string, unknown> = target.object as unknown as Record<string, unknown>;
  for (const key of path) {
    cur[key] ??= {};
    cur = cur[key] as Record<string, unknown>;
  }
  return cur as PodSpec;
}

/** selectContainers is kubectl's selectContainers: containers whose name matches the glob (`*`, `?`). */
export function selectContainers(containers: Container[] | undefined, pattern: string): Container[] {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );
  return (containers ?? []).filter((c) => re.test(c.name));
}

/**
 * applyChanges calls `mutate` on a copy of each target's object, patches what changed and prints
 * `<kind>/<name> <message>`. `mutate` returns false when it changed nothing on purpose; errors thrown by
 * it are reported as kubectl's `error: <resource>/<name> <message>` lines after the other objects.
 */
export async function applyChanges(
  ctx: CommandContext,
  flags: Flags,
  targets: PodTemplateTarget[],
  message: string,
  patchFailure: string,
  mutate: (target: PodTemplateTarget) => boolean,
): Promise<number> {
  const dryRun = parseDryRun(flags.str('dry-run'));
  if (flags.bool('local') && dryRun === 'server') {
    throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  }
  const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
  const errors: string[] = [];
  const schemas = new Map<string, PatchSchema>();
  for (const t of targets) {
    const original = structuredClone(t.object);
    const changed: PodTemplateTarget = { ...t, object: structuredClone(t.object) };
    try {
      if (!mutate(changed)) continue;
    } catch (err) {
      if (err instanceof SetError) errors.push(err.message);
      else errors.push(`error: ${t.resource.resource}/${t.name} ${(err as Error).message}\n`);
      continue;
    }
    const key = `${original.apiVersion}/${original.kind}`;
    let schema = schemas.get(key);
    if (!schema) {
      schema = (await loadPatchSchema(ctx.client, original.apiVersion, original.kind)) ?? PatchSchema.empty();
      schemas.set(key, schema);
    }
    const patch = createTwoWayMergePatch(original as never, changed.object as never, schema);
    if (Object.keys(patch).length === 0) continue;
    let result = changed.object;
    if (!flags.bool('local') && dryRun !== 'client') {
      try {
        result = await ctx.client.patch(refOf(t.resource), t.namespace, t.name, 'strategic', patch, {
          fieldManager: flags.str('field-manager'),
          dryRun: dryRun === 'server',
        });
      } catch (err) {
        errors.push(`${patchFailure}${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
    }
    if (output) {
      if (!flags.bool('show-managed-fields')) stripManagedFields(result);
      ctx.out(printObject(output, result, () => kindPrefix(t.resource)));
    } else ctx.out(`${kindPrefix(t.resource)}/${t.name} ${message}${dryRunSuffix(dryRun)}\n`);
  }
  if (errors.length > 0) {
    const text = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    throw new ExitError(1, text.startsWith('error: ') ? text : `error: ${text}`);
  }
  return 0;
}
