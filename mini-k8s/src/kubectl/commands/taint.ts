/**
 * `kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N-`: adds, overwrites (`--overwrite`) or
 * removes (`key-`, `key:effect-`) node taints as kubectl's reorganizeTaints does, patching spec.taints.
 * Prints `node/<name> tainted|untainted|modified`; per-node failures are reported after the others.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { ExitError, UsageError } from '../cmdutil/errors';
import { resolveArgs } from '../resource-builder/builder';
import { refOf } from '../resource-builder/objects';

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Taint is a core/v1 Taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

type NodeObject = KubeObject & { spec?: { taints?: Taint[] } };

/** isTaintArg tells a taint update from a resource argument, as kubectl's parser does. */
function isTaintArg(arg: string): boolean {
  return arg.includes('=') || arg.includes(':') || arg.endsWith('-');
}

/** parseTaints splits updates into taints to add and to remove, validating effects. */
export function parseTaints(specs: string[]): { add: Taint[]; remove: { key: string; effect?: string }[] } {
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const colon = body.indexOf(':');
      const key = colon < 0 ? body : body.slice(0, colon);
      const effect = colon < 0 ? undefined : body.slice(colon + 1);
      if (effect !== undefined && !EFFECTS.includes(effect)) {
        throw new UsageError(`invalid taint effect: ${effect}, unsupported taint effect`);
      }
      remove.push({ key, effect });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) throw new UsageError(`invalid taint spec: ${spec}`);
    const effect = spec.slice(colon + 1);
    if (!EFFECTS.includes(effect))
      throw new UsageError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = spec.slice(0, colon);
    const eq = kv.indexOf('=');
    const taint: Taint =
      eq < 0 ? { key: kv, effect } : { key: kv.slice(0, eq), value: kv.slice(eq + 1), effect };
    add.push(taint);
  }
  return { add, remove };
}

/** reorganizeTaints computes the new taint list and the operation word, or the errors of missing removals. */
export function reorganizeTaints(
  old: Taint[],
  add: Taint[],
  remove: { key: string; effect?: string }[],
  overwrite: boolean,
): { operation: string; taints: Taint[]; errors: string[] } {
  const taints = add.map((t) => ({ ...t }));
  for (const t of old) if (!taints.some((n) => n.key === t.key && n.effect === t.effect)) taints.push(t);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    for (let i = taints.length - 1; i >= 0; i--) {
      if (taints[i].key === r.key && (r.effect === undefined || taints[i].effect === r.effect))
        taints.splice(i, 1);
    }
    if (taints.length === before)
      errors.push(`taint "${r.effect ? `${r.key}:${r.effect}` : r.key}" not found`);
    else deleted = true;
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

export const taintCommand: Command = {
  name: 'taint',
  short: 'Update the taints on one or more nodes',
  flags: [
    { name: 'overwrite', type: 'bool' },
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-taint' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    const resourceArgs = flags.args.filter((a) => !isTaintArg(a));
    const taintArgs = flags.args.filter(isTaintArg);
    if (resourceArgs.length === 0)
      throw new Error('one or more resources must be specified as <resource> <name>');
    const { add, remove } = parseTaints(taintArgs);
    if (add.length === 0 && remove.length === 0) throw new Error('at least one taint update is required');
    const nodes: NodeObject[] = [];
    for (const v of await resolveArgs(ctx.mapper, resourceArgs)) {
      if (v.resource.resource !== 'nodes' || v.resource.group !== '') {
        // The message names the type as typed (`cm`), not the resolved resource.
        const typed = resourceArgs[0].split('/')[0];
        throw new Error(`invalid resource type ${typed}, only node types are supported`);
      }
      if (v.name) nodes.push(await ctx.client.get<NodeObject>(refOf(v.resource), undefined, v.name));
      else if (flags.bool('all') || flags.str('selector')) {
        const list = await ctx.client.list<NodeObject>(NODES, undefined, {
          labelSelector: flags.str('selector') || undefined,
        });
        nodes.push(...list.items);
      } else throw new Error('resource(s) were provided, but no name was specified');
    }
    const failures: string[] = [];
    for (const node of nodes) {
      const name = node.metadata.name!;
      const old = node.spec?.taints ?? [];
      if (!flags.bool('overwrite')) {
        const existing = add
          .filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect))
          .map((t) => t.key);
        if (existing.length > 0) {
          failures.push(
            `node ${name} already has ${existing.join(',')} taint(s) with same effect(s) and --overwrite is false`,
          );
          continue;
        }
      }
      const { operation, taints, errors } = reorganizeTaints(old, add, remove, flags.bool('overwrite'));
      if (errors.length > 0) {
        failures.push(...errors);
        continue;
      }
      await ctx.client.patch(
        NODES,
        undefined,
        name,
        'strategic',
        { spec: { taints: taints.length > 0 ? taints : null } },
        {
          fieldManager: flags.str('field-manager'),
        },
      );
      ctx.out(`node/${name} ${operation}\n`);
    }
    if (failures.length > 0) throw new ExitError(1, failures.map((f) => `error: ${f}`).join('\n'));
    return 0;
  },
};
