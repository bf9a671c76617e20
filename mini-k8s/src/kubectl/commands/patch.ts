/**
 * `kubectl patch`: sends a strategic merge (default), JSON merge or JSON patch (`--type`) given with `-p`
 * or `--patch-file` (JSON or YAML) to each named object or subresource (`--subresource status|scale`).
 * Prints `<kind>/<name> patched` (`patched (no change)` when the object came back identical), or the
 * object with `-o`. `--local` and `--dry-run=client` patch the object on the client side.
 */
import { parse } from 'yaml';
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, errorLine, klogWarning } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../apply/local-patch';
import { loadPatchSchema } from '../apply/patch-schema';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { parseDryRun, refOf, toInfo } from '../resource-builder/objects';
import { NO_RESOURCES, OUTPUT_FORMATS } from './scale';
import { stripManagedFields } from './get';
import { PATCH_HELP } from './help-texts';

const PATCH_TYPES = ['json', 'merge', 'strategic'] as const;
type PatchType = (typeof PATCH_TYPES)[number];

/** Target is one object the builder visited: its mapping and the object it read. */
interface Target {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

export const patchCommand: Command = {
  name: 'patch',
  short: 'Update fields of a resource',
  help: PATCH_HELP,
  flags: [
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    { name: 'type', type: 'string', default: 'strategic' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-patch' },
    { name: 'subresource', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'record', type: 'bool' },
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    if (flags.str('dry-run') === 'unchanged') {
      ctx.err(
        klogWarning('helpers.go:702', '--dry-run is deprecated and can be replaced with --dry-run=client.'),
      );
    }
    const patchText = flags.str('patch');
    const patchFile = flags.str('patch-file');
    const local = flags.bool('local');
    if (patchText && patchFile) throw new Error('cannot specify --patch and --patch-file together');
    if (!patchText && !patchFile) {
      throw new Error('must specify --patch or --patch-file containing the contents of the patch');
    }
    if (local && flags.args.length > 0) throw new Error('cannot specify --local and server resources');
    if (local && dryRun === 'server') {
      throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    }
    const typeFlag = flags.str('type');
    const patchType = typeFlag.toLowerCase() as PatchType;
    if (typeFlag !== '' && !PATCH_TYPES.includes(patchType)) {
      throw new Error(`--type must be one of [${PATCH_TYPES.join(' ')}], not "${typeFlag}"`);
    }
    const patch = await readPatch(ctx, patchText, patchFile);
    const targets = await collect(ctx, flags, local);
    const errors: unknown[] = [];
    let printed = 0;
    for (const t of targets.objects) {
      try {
        const result =
          local || dryRun === 'client'
            ? await patchLocally(ctx, t, patchType || 'strategic', patch)
            : await ctx.client.patch(
                refOf(t.resource),
                t.namespace,
                t.name,
                patchType || 'strategic',
                patch,
                {
                  dryRun: dryRun === 'server',
                  fieldManager: flags.str('field-manager'),
                  subresource: flags.str('subresource') || undefined,
                },
              );
        const changed = JSON.stringify(result) !== JSON.stringify(t.object);
        // kubectl sets the name printer's operation after the dry-run suffix was added: no suffix.
        const operation = changed ? 'patched' : 'patched (no change)';
        ctx.out(printResult(flags, result, operation));
        printed++;
      } catch (err) {
        errors.push(err);
      }
    }
    errors.unshift(...targets.errors);
    if (errors.length > 0) throw new ExitError(1, errors.map(errorLine).join('\n'));
    if (printed === 0) throw new Error('no objects passed to patch');
    return 0;
  },
};

/** readPatch reads -p or --patch-file and converts YAML to JSON as kubectl's yaml.ToJSON. */
async function readPatch(ctx: CommandContext, text: string, file: string): Promise<unknown> {
  let source = text;
  if (file) {
    try {
      if (!ctx.io.fs) throw new Error(`open ${file}: no such file or directory`);
      source = await ctx.io.fs.readFile(file);
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(err);
      throw new Error(`unable to read patch file: open ${file}: ${reason}`, { cause: err });
    }
  }
  try {
    return parse(source) as unknown;
  } catch (err) {
    throw new Error(
      `unable to parse "${text}": error converting YAML to JSON: yaml: ${(err as Error).message.split('\n')[0]}`,
      { cause: err },
    );
  }
}

/** collect runs the builder: `-f` files (read from the server unless --local) or type/name arguments. */
async function collect(
  ctx: CommandContext,
  flags: Flags,
  local: boolean,
): Promise<{ objects: Target[]; errors: unknown[] }> {
  const subresource = flags.str('subresource') || undefined;
  const objects: Target[] = [];
  const errors: unknown[] = [];
  const files = flags.list('filename');
  if (files.length > 0) {
    for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
      const info = await toInfo(ctx, m);
      objects.push({
        resource: info.resource,
        namespace: info.namespace,
        name: info.name,
        object: info.object,
      });
    }
    return { objects, errors };
  }
  if (local) throw new Error('--local requires one or more files, given with -f');
  if (flags.args.length === 0) throw new Error(NO_RESOURCES);
  const visits = await resolveArgs(ctx.mapper, flags.args);
  for (const v of visits) {
    if (!v.name) throw new Error('resource(s) were provided, but no name was specified');
    const namespace = v.resource.namespaced ? ctx.namespace : undefined;
    const ref = refOf(v.resource);
    try {
      const object = (await ctx.client.request(
        'GET',
        ctx.client.path(ref, namespace, v.name, subresource),
      )) as KubeObject;
      objects.push({ resource: v.resource, namespace, name: v.name, object });
    } catch (err) {
      errors.push(err);
    }
  }
  return { objects, errors };
}

/** patchLocally is getPatchedJSON: the patch applied to the object the builder read. */
async function patchLocally(
  ctx: CommandContext,
  target: Target,
  type: PatchType,
  patch: unknown,
): Promise<KubeObject> {
  if (type === 'merge') return applyMergePatch(target.object, patch) as KubeObject;
  if (type === 'json') return applyJsonPatch(target.object, patch) as KubeObject;
  const { apiVersion, kind } = target.object;
  const schema = await loadPatchSchema(ctx.client, apiVersion, kind);
  if (!schema) {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    throw new Error(
      `strategic merge patch is not supported for ${group}/${version}, Kind=${kind} locally, try --type merge`,
    );
  }
  return applyStrategicMergePatch(target.object, patch, schema) as KubeObject;
}

/** printResult prints the patched object with -o, or `<kind>/<name> <operation>`. */
function printResult(flags: Flags, obj: KubeObject, operation: string): string {
  const prefix = (o: KubeObject) => {
    const group = o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0] : '';
    return group ? `${o.kind.toLowerCase()}.${group}` : o.kind.toLowerCase();
  };
  const outputFlag = flags.str('output');
  if (!outputFlag) return `${prefix(obj)}/${obj.metadata.name} ${operation}\n`;
  const format = parseOutput(outputFlag, OUTPUT_FORMATS);
  const shown = structuredClone(obj);
  if (!flags.bool('show-managed-fields')) stripManagedFields(shown);
  return printObject(format, shown, prefix);
}
