/**
 * `kubectl delete`: by name, type/name, `-f`, `-l` or `--all`; one DELETE per object with
 * `propagationPolicy: Background`, `<kind> "<name>" deleted` (or `force deleted` with --grace-period=0),
 * then (with --wait, the default) polling until each object is gone.
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient } from '../../client/client';
import { isNotFound } from '../../machinery/errors';
import type { Command } from '../cmdutil/context';
import { errorLine, UsageError } from '../cmdutil/errors';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { parseDryRun, refOf, toInfo } from '../resource-builder/objects';
import { kindPrefix } from '../resource-builder/rest-mapper';

interface Target {
  resource: ApiResource;
  namespace?: string;
  name: string;
}

export const deleteCommand: Command = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'force', type: 'bool' },
    { name: 'now', type: 'bool' },
    { name: 'wait', type: 'bool', default: true },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'interactive', short: 'i', type: 'bool' },
    { name: 'raw', type: 'string' },
    { name: 'kustomize', short: 'k', type: 'string' },
  ],
  async run(ctx, flags) {
    const dryRun = parseDryRun(flags.str('dry-run'));
    let grace = flags.int('grace-period');
    if (flags.bool('now')) {
      if (grace !== -1) throw new Error('--now and --grace-period cannot be specified together');
      grace = 1;
    }
    if (flags.bool('force') && grace === -1) grace = 0;
    if (grace === 0 && !flags.bool('force')) grace = 1;
    if (flags.bool('force')) {
      ctx.err(
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      );
    }
    const targets: Target[] = [];
    const errors: unknown[] = [];
    const files = flags.list('filename');
    const selector = flags.str('selector');
    const all = flags.bool('all');
    if (files.length > 0) {
      for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
        const info = await toInfo(ctx, m);
        targets.push({ resource: info.resource, namespace: info.namespace, name: info.name });
      }
    } else {
      if (flags.args.length === 0) {
        throw new UsageError(
          `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
        );
      }
      const visits = await resolveArgs(ctx.mapper, flags.args);
      const allNs = flags.bool('all-namespaces');
      for (const v of visits) {
        const ns = v.resource.namespaced ? (allNs ? undefined : ctx.namespace) : undefined;
        if (v.name) {
          targets.push({
            resource: v.resource,
            namespace: v.resource.namespaced ? ctx.namespace : undefined,
            name: v.name,
          });
          continue;
        }
        if (!selector && !all && !flags.str('field-selector')) {
          throw new UsageError(`resource(s) were provided, but no name was specified`);
        }
        const list = await ctx.client.list(refOf(v.resource), ns, {
          labelSelector: selector || undefined,
          fieldSelector: flags.str('field-selector') || undefined,
          limit: 500,
        });
        for (const item of list.items as KubeObject[]) {
          targets.push({
            resource: v.resource,
            namespace: item.metadata.namespace,
            name: item.metadata.name ?? '',
          });
        }
      }
      if (targets.length === 0 && !flags.bool('ignore-not-found')) {
        // kubectl delete reports an empty selection on stdout (unlike get).
        ctx.out('No resources found\n');
        return 0;
      }
    }
    const deleted: Target[] = [];
    for (const t of targets) {
      try {
        const options: Record<string, unknown> = {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Background',
        };
        if (grace >= 0) options.gracePeriodSeconds = grace;
        if (dryRun !== 'client') {
          await ctx.client.request('DELETE', ctx.client.path(refOf(t.resource), t.namespace, t.name), {
            body: options,
            query: { dryRun: dryRun === 'server' ? 'All' : undefined },
          });
        }
        const operation = grace === 0 ? 'force deleted' : 'deleted';
        const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
        if (flags.str('output') === 'name') ctx.out(`${kindPrefix(t.resource)}/${t.name}\n`);
        else ctx.out(`${kindPrefix(t.resource)} "${t.name}" ${operation}${suffix}\n`);
        deleted.push(t);
      } catch (err) {
        if (flags.bool('ignore-not-found') && isNotFound(err)) continue;
        errors.push(err);
      }
    }
    if (flags.bool('wait') && dryRun === 'none' && grace !== 0) {
      for (const t of deleted) await waitGone(ctx.client, t, ctx.io.signal);
    }
    for (const err of errors) ctx.err(errorLine(err) + '\n');
    return errors.length > 0 ? 1 : 0;
  },
};

async function waitGone(client: ApiClient, t: Target, signal?: AbortSignal): Promise<void> {
  for (let delay = 5; !signal?.aborted; delay = Math.min(delay * 2, 1000)) {
    try {
      await client.get(refOf(t.resource), t.namespace, t.name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}
