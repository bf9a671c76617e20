/**
 * `kubectl create -f` (POST each object, `<kind>/<name> created`) and `kubectl create <generator>`
 * (generators.ts builds the objects exactly as kubectl's generators do).
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { ExitError, errorLine, UsageError } from '../cmdutil/errors';
import { parseOutput, printObject } from '../printers/output';
import { readManifests } from '../resource-builder/manifests';
import { dryRunSuffix, parseDryRun, refOf, toInfo, withSource } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { GENERATORS, GENERATOR_FLAGS } from './create-generators';
import { stripManagedFields } from './get';

const OUTPUT_FORMATS =
  'json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file';

export const createCommand: Command = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-create' },
    { name: 'save-config', type: 'bool' },
    { name: 'edit', type: 'bool' },
    { name: 'windows-line-endings', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'raw', type: 'string' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const print = (obj: KubeObject, prefix: string, name: string, operation: string, typed = false) => {
      if (output) {
        stripManagedFields(obj);
        ctx.out(printObject(output, obj, () => prefix, typed));
      } else ctx.out(`${prefix}/${name} ${operation}${dryRunSuffix(dryRun)}\n`);
    };
    const [sub, ...rest] = flags.args;
    if (sub !== undefined && flags.list('filename').length === 0) {
      const generator = GENERATORS.find((g) => g.name === sub || g.aliases?.includes(sub));
      if (!generator) throw new UsageError(`unknown command "${sub}" for "kubectl create"`);
      const built = await generator.build(ctx, flags, rest);
      const resource = await ctx.mapper.kindFor(built.apiVersion, built.kind);
      const namespace = resource.namespaced ? ctx.namespace : undefined;
      if (resource.namespaced && dryRun !== 'client' && !built.metadata.namespace && generator.setNamespace) {
        built.metadata.namespace = namespace;
      }
      if (dryRun === 'client') {
        print(built, kindPrefix(resource), built.metadata.name ?? '', 'created', true);
        return 0;
      }
      const created = (await ctx.client.request('POST', ctx.client.path(refOf(resource), namespace), {
        body: built,
        query: {
          fieldManager: flags.str('field-manager'),
          fieldValidation: 'Strict',
          dryRun: dryRun === 'server' ? 'All' : undefined,
        },
      })) as KubeObject;
      print(created, kindPrefix(resource), created.metadata.name ?? '', 'created');
      return 0;
    }
    const files = flags.list('filename');
    if (files.length === 0) {
      throw new ExitError(1, 'error: must specify one of -f and -k\n');
    }
    const manifests = await readManifests(ctx, files, flags.bool('recursive'));
    let failures = 0;
    for (const manifest of manifests) {
      try {
        const info = await toInfo(ctx, manifest);
        if (dryRun === 'client') {
          print(info.object, kindPrefix(info.resource), info.name, 'created');
          continue;
        }
        let created: KubeObject;
        try {
          created = (await ctx.client.request('POST', ctx.client.path(refOf(info.resource), info.namespace), {
            body: info.object,
            query: {
              fieldManager: flags.str('field-manager'),
              fieldValidation: 'Strict',
              dryRun: dryRun === 'server' ? 'All' : undefined,
            },
          })) as KubeObject;
        } catch (err) {
          throw withSource('creating', info.source, err);
        }
        print(created, kindPrefix(info.resource), created.metadata.name ?? info.name, 'created');
      } catch (err) {
        failures++;
        ctx.err(errorLine(err) + '\n');
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
