/**
 * `kubectl set env (TYPE NAME | -f FILE) KEY=VALUE … KEY-`: adds, replaces (`--overwrite`, default) and
 * removes environment variables of the selected containers (`-c`), or takes them from a configmap or
 * secret (`--from`, `--keys`, `--prefix`); `--list` prints them instead. Prints
 * `<kind>/<name> env updated`; messages are set_env.go's.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { resolveArgs } from '../resource-builder/builder';
import { refOf } from '../resource-builder/objects';
import {
  applyChanges,
  collectTargets,
  type Container,
  podSpecOf,
  selectContainers,
  SET_TEMPLATE_FLAGS,
} from './set-pod-template';
import { SET_ENV_HELP } from './help-texts';

type EnvVar = NonNullable<Container['env']>[number];

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_ERROR =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** splitEnvironmentFromResources separates resource arguments from the KEY=VALUE / KEY- that follow them. */
function splitEnvironmentFromResources(
  args: string[],
): { resources: string[]; envArgs: string[] } | undefined {
  const resources: string[] = [];
  const envArgs: string[] = [];
  for (const s of args) {
    const isEnv = /^.+=/s.test(s) || s.endsWith('-');
    if (isEnv) envArgs.push(s);
    else if (envArgs.length === 0) resources.push(s);
    else return undefined;
  }
  return { resources, envArgs };
}

/** parseEnv is envutil.ParseEnv: KEY=VALUE additions, KEY- removals, `-` reads KEY=VALUE lines from stdin. */
async function parseEnv(ctx: CommandContext, specs: string[]): Promise<{ env: EnvVar[]; remove: string[] }> {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec === '-') {
      for (let line of (await ctx.readStdin()).split('\n')) {
        const hash = line.indexOf('#');
        if (hash >= 0) line = line.slice(0, hash);
        const eq = line.indexOf('=');
        if (eq >= 0) env.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
      }
    } else if (spec.includes('=')) {
      const eq = spec.indexOf('=');
      const name = spec.slice(0, eq);
      if (!ENV_NAME.test(name))
        throw new Error(`${JSON.stringify(name)} is not a valid key name: ${ENV_NAME_ERROR}`);
      env.push({ name, value: spec.slice(eq + 1) });
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new Error(`unknown environment variable: ${spec}`);
  }
  if (remove.some((r) => env.some((e) => e.name === r))) {
    throw new Error('can not both modify and remove the same environment variable in the same command');
  }
  return { env, remove };
}

/** updateEnv is set/helper.go's updateEnv: additions replace same-named variables, removals win. */
function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** refString is envutil.GetEnvVarRefString. */
function refString(
  from: Record<
    string,
    { name?: string; key?: string; fieldPath?: string; containerName?: string; resource?: string }
  >,
): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) {
    const prefix = from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : '';
    return `resource field ${prefix}${from.resourceFieldRef.resource}`;
  }
  return 'invalid valueFrom';
}

export const setEnvCommand: Command = {
  name: 'env',
  short: 'Update environment variables on a pod template',
  help: SET_ENV_HELP,
  flags: [
    ...SET_TEMPLATE_FLAGS,
    { name: 'env', short: 'e', type: 'stringArray' },
    { name: 'list', type: 'bool' },
    { name: 'resolve', type: 'bool' },
    { name: 'from', type: 'string' },
    { name: 'keys', type: 'stringSlice' },
    { name: 'prefix', type: 'string' },
    { name: 'overwrite', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    if (flags.bool('all') && flags.str('selector')) {
      throw new Error('cannot set --all and --selector at the same time');
    }
    const split = splitEnvironmentFromResources(flags.args);
    if (!split) {
      throw new Error(`all resources must be specified before environment changes: ${flags.args.join(' ')}`);
    }
    if (flags.bool('local') && flags.str('dry-run') === 'server') {
      throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    }
    if (flags.list('filename').length === 0 && split.resources.length < 1) {
      throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    }
    if (flags.bool('list') && flags.str('output'))
      throw new Error('--list and --output may not be specified together');
    const keys = flags.list('keys');
    if (keys.length > 0 && !flags.str('from')) {
      throw new Error('when specifying --keys, a configmap or secret must be provided with --from');
    }
    const { env, remove } = await parseEnv(ctx, [...flags.list('env'), ...split.envArgs]);
    const from = flags.str('from');
    if (from) env.push(...(await envFrom(ctx, from, keys)));
    const prefix = flags.str('prefix');
    if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;

    const targets = await collectTargets(ctx, flags, split.resources);
    const pattern = flags.str('containers');
    if (flags.bool('list')) {
      for (const t of targets) {
        const spec = podSpecOf(t);
        for (const c of [
          ...selectContainers(spec.containers, pattern),
          ...selectContainers(spec.initContainers, pattern),
        ]) {
          ctx.out(`# ${t.object.kind} ${t.name}, container ${c.name}\n`);
          for (const e of updateEnv(c.env ?? [], env, remove)) {
            if (!e.valueFrom) ctx.out(`${e.name}=${e.value ?? ''}\n`);
            else ctx.out(`# ${e.name} from ${refString(e.valueFrom as never)}\n`);
          }
        }
      }
      return 0;
    }
    return applyChanges(
      ctx,
      flags,
      targets,
      'env updated',
      'failed to patch env update to pod template: ',
      (t) => {
        const spec = podSpecOf(t);
        const containers = [
          ...selectContainers(spec.containers, pattern),
          ...selectContainers(spec.initContainers, pattern),
        ];
        if (containers.length === 0) {
          ctx.err(
            `Warning: ${t.object.kind}/${t.name} does not have any containers matching ${JSON.stringify(pattern)}\n`,
          );
          return false;
        }
        for (const c of containers) {
          if (!flags.bool('overwrite')) {
            for (const e of env) {
              const current = (c.env ?? []).find((x) => x.name === e.name);
              if (current && current.value !== e.value) {
                throw new Error(
                  `'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`,
                );
              }
            }
          }
          const updated = updateEnv(c.env ?? [], env, remove);
          if (updated.length > 0) c.env = updated;
          else delete c.env;
        }
        return true;
      },
    );
  },
};

/** envFrom reads the configmap or secret of --from into valueFrom variables (keys upper-cased, `_` for others). */
async function envFrom(ctx: CommandContext, from: string, keys: string[]): Promise<EnvVar[]> {
  const out: EnvVar[] = [];
  for (const v of await resolveArgs(ctx.mapper, [from])) {
    if (!v.name) throw new Error('resource(s) were provided, but no name was specified');
    const obj = (await ctx.client.get(refOf(v.resource), ctx.namespace, v.name)) as KubeObject & {
      data?: Record<string, string>;
    };
    const refKind =
      obj.kind === 'Secret' ? 'secretKeyRef' : obj.kind === 'ConfigMap' ? 'configMapKeyRef' : undefined;
    if (!refKind) throw new Error('unsupported resource specified in --from');
    // Go iterates the data map in an unspecified order; sorted keys keep ours deterministic.
    for (const key of Object.keys(obj.data ?? {}).sort()) {
      if (keys.length > 0 && !keys.includes(key)) continue;
      const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
      if (name !== key) ctx.err(`Warning: key ${key} transferred to ${name}\n`);
      out.push({ name, valueFrom: { [refKind]: { key, name: obj.metadata.name } } });
    }
  }
  return out;
}
