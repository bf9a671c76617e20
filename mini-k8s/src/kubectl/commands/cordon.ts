/**
 * `kubectl cordon` and `kubectl uncordon`: mark nodes (un)schedulable by patching `spec.unschedulable`
 * (a strategic merge patch, as kubectl's CordonHelper). All nodes are read first, then patched in order,
 * so a node named twice is reported twice. Prints `node/<name> cordoned`, `already cordoned`, …
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { resolveArgs } from '../resource-builder/builder';
import { dryRunSuffix, parseDryRun, refOf } from '../resource-builder/objects';

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

/** NodeObject is the part of a Node cordon reads. */
type NodeObject = KubeObject & { spec?: { unschedulable?: boolean } };

/** fetchNodes resolves `NODE...` (or `-l`) to Node objects, refusing other resource types. */
export async function fetchNodes(
  ctx: CommandContext,
  flags: Flags,
  commandName: string,
): Promise<NodeObject[]> {
  const selector = flags.str('selector');
  if (flags.args.length === 0 && !selector) throw new UsageError(`USAGE: ${commandName} NODE [flags]`);
  if (flags.args.length === 0) {
    return (await ctx.client.list<NodeObject>(NODES, undefined, { labelSelector: selector })).items;
  }
  const args = flags.args;
  // A bare name means a node (kubectl prefixes "node" before resolving).
  const typed = args.every((a) => a.includes('/')) ? args : ['node', ...args];
  const visits = await resolveArgs(ctx.mapper, typed);
  const nodes: NodeObject[] = [];
  for (const v of visits) {
    // The builder reads the object first: a missing one is reported before its type.
    const namespace = v.resource.namespaced ? ctx.namespace : undefined;
    const obj = await ctx.client.get<NodeObject>(refOf(v.resource), namespace, v.name!);
    if (v.resource.resource !== 'nodes' || v.resource.group !== '') {
      const gv = v.resource.group ? `${v.resource.group}/${v.resource.version}` : `/${v.resource.version}`;
      throw new Error(`expected resource of type node, got "${gv}, Resource=${v.resource.resource}"`);
    }
    nodes.push(obj);
  }
  return nodes;
}

function makeCordon(name: 'cordon' | 'uncordon'): Command {
  const desired = name === 'cordon';
  return {
    name,
    short: desired ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    flags: [
      { name: 'selector', short: 'l', type: 'string' },
      { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    ],
    async run(ctx, flags) {
      const dryRun = parseDryRun(flags.str('dry-run'));
      const nodes = await fetchNodes(ctx, flags, name);
      for (const node of nodes) {
        const nodeName = node.metadata.name!;
        const suffix = dryRunSuffix(dryRun);
        if ((node.spec?.unschedulable ?? false) === desired) {
          ctx.out(`node/${nodeName} already ${name}ed${suffix}\n`);
          continue;
        }
        if (dryRun !== 'client') {
          // false is omitted from a Node (omitempty), so the two-way patch deletes the field.
          await ctx.client.patch(
            NODES,
            undefined,
            nodeName,
            'strategic',
            { spec: { unschedulable: desired ? true : null } },
            { dryRun: dryRun === 'server' },
          );
        }
        ctx.out(`node/${nodeName} ${name}ed${suffix}\n`);
      }
      return 0;
    },
  };
}

export const cordonCommand = makeCordon('cordon');
export const uncordonCommand = makeCordon('uncordon');
