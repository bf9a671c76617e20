/**
 * `kubectl create -f` (POST each object, `<kind>/<name> created`) and `kubectl create <generator>`
 * (generators.ts builds the objects exactly as kubectl's generators do).
 */
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import type { Command } from '../cmdutil/context';
import { ExitError, errorLine, UsageError } from '../cmdutil/errors';
import type { FlagSpec } from '../cmdutil/flags';
import { parseOutput, printObject } from '../printers/output';
import { readManifests } from '../resource-builder/manifests';
import { dryRunSuffix, parseDryRun, refOf, toInfo, withSource } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';
import { type Generator, GENERATORS, SECRET_GENERATORS } from './create-generators';
import { CREATE_HELP } from './create-help-texts';
import { BATCH_GENERATORS } from './create-batch';
import { appendHash } from './create-hash';
import { INGRESS_GENERATOR } from './create-ingress';
import { SECRET_FILE_GENERATORS } from './create-secrets';
import { createTokenCommand } from './create-token';
import { POLICY_GENERATORS } from './create-policy';
import { RBAC_GENERATORS } from './create-rbac';
import { SERVICE_GENERATORS } from './create-service';
import { stripManagedFields } from './get';

const OUTPUT_FORMATS =
  'json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file';

/** SUBCOMMAND_FLAGS are the printing, dry-run and validation flags every `create <generator>` has. */
const SUBCOMMAND_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
  { name: 'field-manager', type: 'string', default: 'kubectl-create' },
  { name: 'save-config', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
];

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
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
  ],
  subcommands: [
    ...[...GENERATORS, ...RBAC_GENERATORS, ...POLICY_GENERATORS, ...BATCH_GENERATORS, INGRESS_GENERATOR].map(
      (g) => generatorCommand(g, 'kubectl create'),
    ),
    generatorGroup('secret', 'Create a secret using a specified subcommand', [
      ...SECRET_GENERATORS,
      ...SECRET_FILE_GENERATORS,
    ]),
    generatorGroup('service', 'Create a service using a specified subcommand', SERVICE_GENERATORS, ['svc']),
    createTokenCommand,
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
    if (flags.args.length > 0) {
      throw new UsageError(`Unexpected args: [${flags.args.join(' ')}]`);
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

/**
 * generatorCommand is `kubectl create <generator>`: build the object, then print it (--dry-run=client) or POST
 * it (with dryRun=All for --dry-run=server) and print what the server returned.
 */
function generatorCommand(generator: Generator, parent: string): Command {
  const path = `${parent} ${generator.name}`;
  return {
    name: generator.name,
    aliases: generator.aliases,
    short: '',
    help: CREATE_HELP[path],
    flags: [...generator.flags, ...SUBCOMMAND_FLAGS],
    async run(ctx, flags) {
      const dryRun = parseDryRun(flags.str('dry-run'));
      const output = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
      const print = (obj: KubeObject, prefix: string, typed: boolean) => {
        if (output) {
          stripManagedFields(obj);
          ctx.out(printObject(output, obj, () => prefix, typed));
        } else ctx.out(`${prefix}/${obj.metadata.name ?? ''} created${dryRunSuffix(dryRun)}\n`);
      };
      let built = await generator.build(ctx, flags, flags.args);
      if (flags.bool('append-hash')) built = appendHash(built);
      const resource = await ctx.mapper.kindFor(built.apiVersion, built.kind);
      const namespace = resource.namespaced ? ctx.namespace : undefined;
      if (resource.namespaced && dryRun !== 'client' && !built.metadata.namespace && generator.setNamespace) {
        built.metadata.namespace = namespace;
      }
      if (dryRun === 'client') {
        print(built, kindPrefix(resource), true);
        return 0;
      }
      let created: KubeObject;
      try {
        created = (await ctx.client.request('POST', ctx.client.path(refOf(resource), namespace), {
          body: built,
          query: {
            fieldManager: flags.str('field-manager'),
            fieldValidation: 'Strict',
            dryRun: dryRun === 'server' ? 'All' : undefined,
          },
        })) as KubeObject;
      } catch (err) {
        if (generator.createErrorPrefix && err instanceof StatusError) {
          throw new Error(`${generator.createErrorPrefix}${err.message}`, { cause: err });
        }
        throw err;
      }
      print(generator.typed ? generator.typed(created) : created, kindPrefix(resource), !!generator.typed);
      return 0;
    },
  };
}

/**
 * generatorGroup is `kubectl create secret|service`: without a known subcommand it prints its help on stderr
 * and fails, as cobra's DefaultSubCommandRun does.
 */
function generatorGroup(name: string, short: string, generators: Generator[], aliases?: string[]): Command {
  const path = `kubectl create ${name}`;
  return {
    name,
    aliases,
    short,
    help: CREATE_HELP[path],
    flags: [],
    subcommands: generators.map((g) => generatorCommand(g, path)),
    async run(_ctx, flags) {
      if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
      throw new ExitError(1, CREATE_HELP[path]);
    },
  };
}
