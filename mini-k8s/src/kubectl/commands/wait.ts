/**
 * `kubectl wait`: waits until each object meets `--for=condition=X[=value]`, `--for=jsonpath='{…}'[=value]`,
 * `--for=create` or `--for=delete`, within `--timeout` (30s; 0 checks once; negative waits a week).
 * Prints `<kind>/<name> condition met` per object; messages and exit codes are kubectl 1.32's.
 */
import type { KubeObject } from '../../api/object';
import { isNotFound, StatusError } from '../../machinery/errors';
import { durationToMillis, parseDuration } from '../../machinery/duration';
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, errorLine } from '../cmdutil/errors';
import { FlagError, type Flags } from '../cmdutil/flags';
import { watchUntil, type WatchOutcome } from '../cmdutil/watch-until';
import { findResults, relaxedTemplate } from '../printers/jsonpath';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { refOf, toInfo } from '../resource-builder/objects';
import { groupResource } from '../resource-builder/rest-mapper';
import { NO_RESOURCES, OUTPUT_FORMATS } from './scale';
import { WAIT_HELP } from './help-texts';

/** Target is one object of the builder (resource.Info). */
interface Target {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
}

/** Condition checks one object; it throws kubectl's error when the condition cannot be evaluated. */
type Check = (obj: KubeObject) => boolean;

type ForCondition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'check'; check: Check; errorVerb: 'condition to be satisfied' };

const WEEK_MS = 168 * 3600 * 1000;

export const waitCommand: Command = {
  name: 'wait',
  short: 'Experimental: Wait for a specific condition on one or many resources',
  help: WAIT_HELP,
  flags: [
    { name: 'for', type: 'string' },
    { name: 'timeout', type: 'string', default: '30s' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'template', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    const timeoutFlag = flags.str('timeout');
    let timeoutMs: number;
    try {
      parseDuration(timeoutFlag);
      timeoutMs = durationToMillis(timeoutFlag);
    } catch (err) {
      throw new FlagError(
        `invalid argument "${timeoutFlag}" for "--timeout" flag: ${(err as Error).message}`,
      );
    }
    const format = flags.str('output') ? parseOutput(flags.str('output'), OUTPUT_FORMATS) : undefined;
    const forCondition = conditionFor(flags.str('for'));
    if (timeoutMs < 0) timeoutMs = WEEK_MS;
    const deadline = Date.now() + timeoutMs;
    const print = (obj: KubeObject) => {
      const shown = structuredClone(obj);
      if (!flags.bool('show-managed-fields') && shown.metadata?.managedFields)
        delete shown.metadata.managedFields;
      ctx.out(
        format
          ? printObject(format, shown, prefixOf)
          : `${prefixOf(shown)}/${shown.metadata?.name ?? ''} condition met\n`,
      );
    };

    if (forCondition.kind === 'create') {
      const created = await pollUntilFound(ctx, flags, deadline);
      if (created !== 'found') return created;
    }
    const { targets, errors } = await collect(ctx, flags, forCondition.kind === 'delete');
    for (const t of targets) {
      const outcome = await waitOne(ctx, t, forCondition, timeoutMs, deadline);
      // kubectl's interrupt handler exits with status 1 on Ctrl-C.
      if (outcome.kind === 'interrupted') return 1;
      if (outcome.kind === 'met') print(outcome.object);
      else errors.push(outcome.error);
    }
    if (errors.length > 0) throw new ExitError(1, errors.map(errorLine).join('\n'));
    if (targets.length === 0 && forCondition.kind !== 'delete')
      throw new Error('no matching resources found');
    return 0;
  },
};

/** conditionFor parses --for as kubectl's conditionFuncFor. */
function conditionFor(value: string): ForCondition {
  const lower = value.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (value.startsWith('condition=')) {
    let name = value.slice('condition='.length);
    let status = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      status = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return {
      kind: 'check',
      check: (obj) => conditionMet(obj, name, status),
      errorVerb: 'condition to be satisfied',
    };
  }
  if (value.startsWith('jsonpath=')) {
    const parts = splitJsonPathInput(value.slice('jsonpath='.length));
    if (parts.length < 1 || parts.length > 2) {
      throw new Error(
        "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
      );
    }
    const expr = relaxedTemplate(parts[0]);
    let expected: string | undefined;
    if (parts.length === 2) {
      expected = parts[1].replace(/^['"]+|['"]+$/g, '');
      if (expected === '') {
        throw new Error(
          "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
        );
      }
    }
    if (parts[0] === '') throw new Error('jsonpath expression cannot be empty');
    findResults(expr, {});
    return {
      kind: 'check',
      check: (obj) => jsonPathMet(obj, expr, expected),
      errorVerb: 'condition to be satisfied',
    };
  }
  throw new Error(`unrecognized condition: ${JSON.stringify(value)}`);
}

/** splitJsonPathInput splits on `=` but keeps `==` (filter comparisons) inside the expression. */
function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let element = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (input[i + 1] === '=') {
        element += '==';
        i++;
        continue;
      }
      out.push(element);
      element = '';
      continue;
    }
    element += input[i];
  }
  out.push(element);
  return out;
}

/** conditionMet is ConditionalWait.checkCondition (case-insensitive, ignoring stale observedGeneration). */
function conditionMet(obj: KubeObject, name: string, status: string): boolean {
  const conditions = (
    obj as { status?: { conditions?: Record<string, unknown>[]; observedGeneration?: number } }
  ).status?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions) {
    if (typeof c.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase()) continue;
    if (typeof c.status !== 'string') continue;
    const generation = obj.metadata?.generation;
    if (typeof generation === 'number') {
      const observed =
        typeof c.observedGeneration === 'number'
          ? c.observedGeneration
          : (obj as { status?: { observedGeneration?: number } }).status?.observedGeneration;
      if (typeof observed === 'number' && observed < generation) return false;
    }
    return c.status.toLowerCase() === status.toLowerCase();
  }
  return false;
}

/** jsonPathMet is JSONPathWait.checkCondition. */
function jsonPathMet(obj: KubeObject, expr: string, expected: string | undefined): boolean {
  const results = findResults(expr, obj);
  if (results.length === 0) return false;
  if (results.length > 1) throw new Error('given jsonpath expression matches more than one value');
  if (expected === undefined) return true;
  const value = results[0];
  if (typeof value === 'object' && value !== null) {
    throw new Error('jsonpath leads to a nested object or list which is not supported');
  }
  return String(value).trim() === expected.trim();
}

/** waitOne waits for one object; the error of a failed wait is kubectl's. */
async function waitOne(
  ctx: CommandContext,
  t: Target,
  forCondition: ForCondition,
  timeoutMs: number,
  deadline: number,
): Promise<
  { kind: 'met'; object: KubeObject } | { kind: 'failed'; error: unknown } | { kind: 'interrupted' }
> {
  const ref = refOf(t.resource);
  const objectName = `${t.resource.resource}/${t.name}`;
  const timedOut = new Error(`timed out waiting for the condition on ${objectName}`);
  if (forCondition.kind === 'create') return { kind: 'met', object: t.object };
  if (forCondition.kind === 'delete') {
    let current: KubeObject;
    try {
      current = await ctx.client.get(ref, t.namespace, t.name);
    } catch (err) {
      if (isNotFound(err)) return { kind: 'met', object: t.object };
      return { kind: 'failed', error: err };
    }
    if (timeoutMs === 0) return { kind: 'failed', error: new Error(`condition not met for ${objectName}`) };
    const outcome = await watchUntil(ctx, {
      ref,
      namespace: t.namespace,
      name: t.name,
      deadline,
      precondition: (obj) => obj === undefined,
      condition: (event) => {
        if (event.type === 'ERROR') {
          ctx.err(
            `error: An error occurred while waiting for the object to be deleted: ${(event.object as { message?: string }).message ?? ''}`,
          );
          return false;
        }
        return event.type === 'DELETED';
      },
    });
    return settle(outcome, current, timedOut);
  }
  if (timeoutMs === 0) {
    try {
      const current = await ctx.client.get(ref, t.namespace, t.name);
      if (forCondition.check(current)) return { kind: 'met', object: current };
      return { kind: 'failed', error: new Error(`condition not met for ${objectName}`) };
    } catch (err) {
      return { kind: 'failed', error: err };
    }
  }
  const outcome = await watchUntil(ctx, {
    ref,
    namespace: t.namespace,
    name: t.name,
    deadline,
    precondition: (obj) => {
      if (!obj) throw new StatusError(404, 'NotFound', `${groupResource(t.resource)} "${t.name}" not found`);
      return forCondition.check(obj);
    },
    condition: (event) => {
      if (event.type === 'ERROR') {
        ctx.err(
          `error: An error occurred while waiting for the ${forCondition.errorVerb}: ${(event.object as { message?: string }).message ?? ''}`,
        );
        return false;
      }
      if (event.type === 'DELETED') return false;
      return forCondition.check(event.object as KubeObject);
    },
  });
  return settle(outcome, t.object, timedOut);
}

function settle(
  outcome: WatchOutcome,
  fallback: KubeObject,
  timedOut: Error,
): { kind: 'met'; object: KubeObject } | { kind: 'failed'; error: unknown } | { kind: 'interrupted' } {
  switch (outcome.kind) {
    case 'met':
      return { kind: 'met', object: outcome.object ?? fallback };
    case 'timeout':
      return { kind: 'failed', error: timedOut };
    case 'interrupted':
      return { kind: 'interrupted' };
    case 'error':
      return { kind: 'failed', error: outcome.error };
  }
}

/** pollUntilFound is --for=create: re-run the builder every 500ms until nothing is NotFound. */
async function pollUntilFound(
  ctx: CommandContext,
  flags: Flags,
  deadline: number,
): Promise<'found' | number> {
  for (;;) {
    const { errors } = await collect(ctx, flags, false);
    const other = errors.find((e) => !isNotFound(e));
    if (other) throw other;
    if (errors.length === 0) return 'found';
    if (Date.now() + 500 > deadline) throw new Error('timed out waiting for the condition');
    const interrupted = await new Promise<boolean>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        ctx.io.signal?.removeEventListener('abort', onAbort);
        resolve(false);
      }, 500);
      ctx.io.signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (interrupted) return 1;
  }
}

/** collect is the builder with Latest(): named objects are read from the server; lists use -l/--all. */
async function collect(
  ctx: CommandContext,
  flags: Flags,
  ignoreNotFound: boolean,
): Promise<{ targets: Target[]; errors: unknown[] }> {
  const targets: Target[] = [];
  const errors: unknown[] = [];
  const files = flags.list('filename');
  const get = async (resource: ApiResource, namespace: string | undefined, name: string) => {
    try {
      targets.push({
        resource,
        namespace,
        name,
        object: await ctx.client.get(refOf(resource), namespace, name),
      });
    } catch (err) {
      if (!(ignoreNotFound && isNotFound(err))) errors.push(err);
    }
  };
  if (files.length > 0) {
    for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
      const info = await toInfo(ctx, m);
      await get(info.resource, info.namespace, info.name);
    }
    return { targets, errors };
  }
  if (flags.args.length === 0) throw new Error(NO_RESOURCES);
  const allNamespaces = flags.bool('all-namespaces');
  const selector = flags.str('selector');
  const fieldSelector = flags.str('field-selector');
  for (const v of await resolveArgs(ctx.mapper, flags.args)) {
    const namespace = v.resource.namespaced && !allNamespaces ? ctx.namespace : undefined;
    if (v.name) {
      await get(v.resource, v.resource.namespaced ? ctx.namespace : undefined, v.name);
      continue;
    }
    if (!selector && !fieldSelector && !flags.bool('all')) {
      throw new Error('resource(s) were provided, but no name was specified');
    }
    const list = await ctx.client.list(refOf(v.resource), namespace, {
      labelSelector: selector || undefined,
      fieldSelector: fieldSelector || undefined,
    });
    for (const item of list.items) {
      targets.push({
        resource: v.resource,
        namespace: item.metadata.namespace,
        name: item.metadata.name ?? '',
        object: { ...item, apiVersion: list.apiVersion ?? item.apiVersion, kind: v.resource.kind },
      });
    }
  }
  return { targets, errors };
}

/** prefixOf is the name printer's `kind.group` of an object. */
function prefixOf(obj: KubeObject): string {
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return group ? `${obj.kind.toLowerCase()}.${group}` : obj.kind.toLowerCase();
}
