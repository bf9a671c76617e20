/**
 * `kubectl apply -f`: client-side apply (the last-applied-configuration annotation and a three-way
 * strategic merge patch computed here, exactly as kubectl), or `--server-side` (an apply patch). Prints
 * `<kind>/<name> created|configured|unchanged|serverside-applied`, or the objects with `-o`.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, errorLine } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { createThreeWayMergePatch } from '../apply/three-way-patch';
import { loadPatchSchema, PatchSchema } from '../apply/patch-schema';
import { toGoJsonCompact } from '../printers/go-json';
import { parseOutput, printObject } from '../printers/output';
import { readManifests } from '../resource-builder/manifests';
import {
  dryRunSuffix,
  nameOf,
  parseDryRun,
  refOf,
  toInfo,
  withSource,
  type ObjectInfo,
} from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { stripManagedFields } from './get';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** modifiedConfiguration is util.GetModifiedConfiguration: the object carrying its own JSON as annotation. */
export function modifiedConfiguration(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } };
  const json = toGoJsonCompact(bare) + '\n';
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: json } } };
}

export const applyCommand: Command = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'server-side', type: 'bool' },
    { name: 'force-conflicts', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'prune', type: 'bool' },
    { name: 'overwrite', type: 'bool', default: true },
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'wait', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    const files = flags.list('filename');
    if (files.length === 0) {
      throw new ExitError(1, 'error: must specify one of -f and -k');
    }
    const dryRun = parseDryRun(flags.str('dry-run'));
    const output = flags.str('output')
      ? parseOutput(
          flags.str('output'),
          'json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file',
        )
      : undefined;
    const manifests = await readManifests(ctx, files, flags.bool('recursive'));
    if (manifests.length === 0) throw new ExitError(1, 'error: no objects passed to apply');
    let failures = 0;
    const schemas = new Map<string, PatchSchema>();
    for (const manifest of manifests) {
      try {
        const info = await toInfo(ctx, manifest);
        const result = flags.bool('server-side')
          ? await serverSideApply(ctx, flags, info, dryRun)
          : await clientSideApply(ctx, flags, info, dryRun, schemas);
        if (output) {
          stripManagedFields(result.object);
          ctx.out(printObject(output, result.object, () => kindPrefix(info.resource)));
        } else ctx.out(`${nameOf(info)} ${result.operation}${dryRunSuffix(dryRun)}\n`);
      } catch (err) {
        failures++;
        ctx.err(errorLine(err) + '\n');
      }
    }
    return failures > 0 ? 1 : 0;
  },
};

async function clientSideApply(
  ctx: CommandContext,
  flags: Flags,
  info: ObjectInfo,
  dryRun: string,
  schemas: Map<string, PatchSchema>,
): Promise<{ operation: string; object: KubeObject }> {
  const ref = refOf(info.resource);
  const modified = modifiedConfiguration(info.object);
  let current: KubeObject;
  try {
    current = await ctx.client.get(ref, info.namespace, info.name);
  } catch (err) {
    if (!isNotFound(err)) throw withSource('retrieving current configuration of', info.source, err);
    if (dryRun === 'client') return { operation: 'created', object: modified };
    try {
      const created = await ctx.client.request('POST', ctx.client.path(ref, info.namespace), {
        body: modified,
        query: {
          fieldManager: flags.str('field-manager'),
          fieldValidation: 'Strict',
          dryRun: dryRun === 'server' ? 'All' : undefined,
        },
      });
      return { operation: 'created', object: created as KubeObject };
    } catch (createErr) {
      throw withSource('creating', info.source, createErr);
    }
  }
  const originalText = current.metadata.annotations?.[LAST_APPLIED];
  const original = originalText ? (JSON.parse(originalText) as Record<string, unknown>) : undefined;
  const key = `${info.object.apiVersion}/${info.object.kind}`;
  let schema = schemas.get(key);
  if (!schema) {
    schema =
      (await loadPatchSchema(ctx.client, info.object.apiVersion, info.object.kind).catch(() => undefined)) ??
      PatchSchema.empty();
    schemas.set(key, schema);
  }
  const patch = createThreeWayMergePatch(original, modified as never, current as never, schema);
  if (Object.keys(patch).length === 0) return { operation: 'unchanged', object: current };
  if (dryRun === 'client') return { operation: 'configured', object: current };
  try {
    const patched = await ctx.client.request('PATCH', ctx.client.path(ref, info.namespace, info.name), {
      body: patch,
      contentType: 'application/strategic-merge-patch+json',
      query: {
        fieldManager: flags.str('field-manager'),
        fieldValidation: 'Strict',
        dryRun: dryRun === 'server' ? 'All' : undefined,
      },
    });
    return { operation: 'configured', object: patched as KubeObject };
  } catch (err) {
    throw withSource('patching', info.source, err);
  }
}

async function serverSideApply(
  ctx: CommandContext,
  flags: Flags,
  info: ObjectInfo,
  dryRun: string,
): Promise<{ operation: string; object: KubeObject }> {
  const ref = refOf(info.resource);
  const manager = flags.changed('field-manager') ? flags.str('field-manager') : 'kubectl';
  try {
    const applied = await ctx.client.request('PATCH', ctx.client.path(ref, info.namespace, info.name), {
      body: info.object,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: manager,
        fieldValidation: 'Strict',
        force: String(flags.bool('force-conflicts')),
        dryRun: dryRun !== 'none' ? 'All' : undefined,
      },
    });
    return { operation: 'serverside-applied', object: applied as KubeObject };
  } catch (err) {
    throw withSource('patching', info.source, err);
  }
}
