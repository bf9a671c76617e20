/**
 * `kubectl replace -f`: PUTs each object of the files (taking the live resourceVersion when the file has
 * none, as the resource helper's overwrite does) and prints `<kind>/<name> replaced`. `--force` deletes
 * the objects, waits until they are gone and creates them again. `--save-config` records the
 * last-applied-configuration annotation, as apply would.
 */
import type { KubeObject } from '../../api/object';
import { durationToMillis } from '../../machinery/duration';
import { isNotFound } from '../../machinery/errors';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, errorLine } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
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
import { modifiedConfiguration } from './apply';
import { stripManagedFields } from './get';
import { OUTPUT_FORMATS } from './scale';
import { REPLACE_HELP } from './help-texts';

export const replaceCommand: Command = {
  name: 'replace',
  short: 'Replace a resource by file name or stdin',
  help: REPLACE_HELP,
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'wait', type: 'bool' },
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-replace' },
    { name: 'subresource', type: 'string' },
    { name: 'raw', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'record', type: 'bool' },
  ],
  async run(ctx, flags) {
    const files = flags.list('filename');
    if (files.length === 0 && !flags.str('kustomize')) throw new Error('must specify one of -f and -k');
    const dryRun = parseDryRun(flags.str('dry-run'));
    const force = flags.bool('force');
    if (flags.int('grace-period') >= 0 && !force)
      throw new Error('--grace-period must have --force specified');
    if (durationToMillis(flags.str('timeout')) !== 0 && !force) {
      throw new Error('--timeout must have --force specified');
    }
    if (force && dryRun !== 'none') throw new Error('--dry-run can not be used when --force is set');
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const print = (info: ObjectInfo, obj: KubeObject, suffix: string) => {
      if (!output) return ctx.out(`${nameOf(info)} replaced${suffix}\n`);
      if (!flags.bool('show-managed-fields')) stripManagedFields(obj);
      ctx.out(printObject(output, obj, () => kindPrefix(info.resource)));
    };
    const infos = await Promise.all(
      (await readManifests(ctx, files, flags.bool('recursive'))).map((m) => toInfo(ctx, m)),
    );
    if (force) return forceReplace(ctx, flags, infos, print);
    const errors: unknown[] = [];
    for (const info of infos) {
      const obj = flags.bool('save-config') ? modifiedConfiguration(info.object) : info.object;
      if (dryRun === 'client') {
        print(info, obj, dryRunSuffix(dryRun));
        continue;
      }
      try {
        const ref = refOf(info.resource);
        const subresource = flags.str('subresource') || undefined;
        if (!obj.metadata.resourceVersion) {
          // The resource helper's overwrite: a file without resourceVersion replaces the live version.
          const live = (await ctx.client.request(
            'GET',
            ctx.client.path(ref, info.namespace, info.name, subresource),
          )) as KubeObject;
          obj.metadata.resourceVersion = live.metadata.resourceVersion;
        }
        const replaced = (await ctx.client.request(
          'PUT',
          ctx.client.path(ref, info.namespace, info.name, subresource),
          {
            body: obj,
            query: {
              fieldManager: flags.str('field-manager'),
              fieldValidation: 'Strict',
              dryRun: dryRun === 'server' ? 'All' : undefined,
            },
          },
        )) as KubeObject;
        print(info, replaced, dryRunSuffix(dryRun));
      } catch (err) {
        errors.push(withSource('replacing', info.source, err));
      }
    }
    if (errors.length > 0) throw new ExitError(1, errors.map(errorLine).join('\n'));
    return 0;
  },
};

/** forceReplace deletes every object, waits until each is gone (--timeout, 5m by default), then creates them. */
async function forceReplace(
  ctx: CommandContext,
  flags: Flags,
  infos: ObjectInfo[],
  print: (info: ObjectInfo, obj: KubeObject, suffix: string) => void,
): Promise<number> {
  const grace = flags.int('grace-period');
  for (const info of infos) {
    const ref = refOf(info.resource);
    try {
      await ctx.client.delete(ref, info.namespace, info.name, {
        propagationPolicy: 'Background',
        ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
      });
      ctx.out(`${kindPrefix(info.resource)} "${info.name}" ${grace === 0 ? 'force deleted' : 'deleted'}\n`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const timeoutMs = durationToMillis(flags.str('timeout')) || 5 * 60_000;
  const deadline = Date.now() + timeoutMs;
  for (const info of infos) {
    for (;;) {
      try {
        await ctx.client.get(refOf(info.resource), info.namespace, info.name);
      } catch (err) {
        if (isNotFound(err)) break;
        throw err;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
      if (ctx.io.signal?.aborted) return 1;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  let count = 0;
  for (const info of infos) {
    const obj = flags.bool('save-config') ? modifiedConfiguration(info.object) : info.object;
    delete obj.metadata.resourceVersion;
    const created = (await ctx.client.request('POST', ctx.client.path(refOf(info.resource), info.namespace), {
      body: obj,
      query: { fieldManager: flags.str('field-manager'), fieldValidation: 'Strict' },
    })) as KubeObject;
    count++;
    print(info, created, '');
  }
  if (count === 0) throw new Error('no objects passed to replace');
  return 0;
}
