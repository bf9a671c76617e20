/**
 * `kubectl label` and `kubectl annotate`: `key=value` to set (refused without --overwrite when the key
 * has another value), `key-` to remove; a JSON merge patch per object; `<kind>/<name> labeled`
 * (`unlabeled`, `not labeled`) or `annotated`.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { resolveArgs } from '../resource-builder/builder';
import { refOf } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';

const COMMON_FLAGS = [
  { name: 'overwrite', type: 'bool' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'field-selector', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'stringSlice' as const },
  { name: 'recursive', short: 'R', type: 'bool' as const },
  { name: 'local', type: 'bool' as const },
  { name: 'list', type: 'bool' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'dry-run', type: 'string' as const, default: 'none', noOptDefault: 'unchanged' },
  { name: 'resource-version', type: 'string' as const },
  { name: 'field-manager', type: 'string' as const },
];

function makeCommand(kind: 'label' | 'annotate'): Command {
  const field = kind === 'label' ? 'labels' : 'annotations';
  return {
    name: kind,
    short: kind === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    flags: COMMON_FLAGS.map((f) => (f.name === 'field-manager' ? { ...f, default: `kubectl-${kind}` } : f)),
    async run(ctx, flags) {
      const { resourceArgs, changes, removals } = splitArgs(flags.args, kind);
      if (resourceArgs.length === 0) {
        throw new UsageError(
          `one or more resources must be specified as <resource> <name> or <resource>/<name>`,
        );
      }
      if (Object.keys(changes).length === 0 && removals.length === 0 && !flags.bool('list')) {
        throw new UsageError(`at least one ${kind === 'label' ? 'label' : 'annotation'} update is required`);
      }
      const objects = await collect(ctx, flags, resourceArgs);
      for (const { prefix, obj, ref, ns } of objects) {
        const current = { ...((obj.metadata[field] as Record<string, string> | undefined) ?? {}) };
        if (!flags.bool('overwrite')) {
          for (const [key, value] of Object.entries(changes)) {
            if (key in current && current[key] !== value) {
              throw new Error(`'${key}' already has a value (${current[key]}), and --overwrite is false`);
            }
          }
        }
        const updated = { ...current };
        for (const key of removals) {
          if (!(key in updated) && kind === 'label') ctx.out(`label "${key}" not found.\n`);
          delete updated[key];
        }
        Object.assign(updated, changes);
        const patchField: Record<string, string | null> = {};
        for (const key of removals) if (key in current) patchField[key] = null;
        for (const [key, value] of Object.entries(changes))
          if (current[key] !== value) patchField[key] = value;
        let message: string;
        if (kind === 'annotate') message = 'annotated';
        else {
          const before = JSON.stringify(current);
          const after = JSON.stringify(updated);
          message =
            before === after
              ? 'not labeled'
              : !flags.bool('overwrite') && after.length < before.length
                ? 'unlabeled'
                : 'labeled';
        }
        if (Object.keys(patchField).length > 0) {
          await ctx.client.patch(
            ref,
            ns,
            obj.metadata.name!,
            'merge',
            { metadata: { [field]: patchField } },
            {
              fieldManager: flags.str('field-manager'),
            },
          );
        }
        ctx.out(`${prefix}/${obj.metadata.name} ${message}\n`);
      }
      return 0;
    },
  };
}

function splitArgs(
  args: string[],
  kind: string,
): { resourceArgs: string[]; changes: Record<string, string>; removals: string[] } {
  const resourceArgs: string[] = [];
  const changes: Record<string, string> = {};
  const removals: string[] = [];
  let seenChange = false;
  for (const arg of args) {
    if (arg.includes('=')) {
      const eq = arg.indexOf('=');
      changes[arg.slice(0, eq)] = arg.slice(eq + 1);
      seenChange = true;
    } else if (
      arg.endsWith('-') &&
      (seenChange || resourceArgs.length > 0) &&
      resourceArgs.length > 0 &&
      isChangeCandidate(arg, resourceArgs)
    ) {
      removals.push(arg.slice(0, -1));
      seenChange = true;
    } else {
      if (seenChange) throw new UsageError(`all resources must be specified before ${kind} changes: ${arg}`);
      resourceArgs.push(arg);
    }
  }
  return { resourceArgs, changes, removals };
}

function isChangeCandidate(_arg: string, resourceArgs: string[]): boolean {
  // `name-` after a type and a name is a removal; as the second word it is a name only if it has no type/ form.
  return resourceArgs.length >= 2 || resourceArgs[0].includes('/');
}

async function collect(ctx: CommandContext, flags: Flags, args: string[]) {
  const visits = await resolveArgs(ctx.mapper, args);
  const out: { prefix: string; obj: KubeObject; ref: ReturnType<typeof refOf>; ns?: string }[] = [];
  for (const v of visits) {
    const ref = refOf(v.resource);
    const ns = v.resource.namespaced ? ctx.namespace : undefined;
    if (v.name)
      out.push({ prefix: kindPrefix(v.resource), obj: await ctx.client.get(ref, ns, v.name), ref, ns });
    else {
      if (!flags.str('selector') && !flags.bool('all')) {
        throw new UsageError('resource(s) were provided, but no name was specified');
      }
      const list = await ctx.client.list(ref, ns, { labelSelector: flags.str('selector') || undefined });
      for (const item of list.items)
        out.push({ prefix: kindPrefix(v.resource), obj: item, ref, ns: item.metadata.namespace });
    }
  }
  return out;
}

export const labelCommand = makeCommand('label');
export const annotateCommand = makeCommand('annotate');
