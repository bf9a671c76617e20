/**
 * Helpers shared by the commands that work on manifests (apply, create -f, replace, delete -f, diff):
 * mapping an object to its resource and namespace, and kubectl's wording of errors from a file.
 */
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import type { CommandContext } from '../cmdutil/context';
import type { ApiResource } from './discovery';
import type { Manifest } from './manifests';
import { kindPrefix } from './rest-mapper';

/** ObjectInfo is resource.Info: an object with its mapping, namespace and source. */
export interface ObjectInfo {
  resource: ApiResource;
  namespace?: string;
  name: string;
  object: KubeObject;
  source: string;
}

/** toInfo maps a manifest, defaulting and checking its namespace as the builder does. */
export async function toInfo(ctx: CommandContext, manifest: Manifest): Promise<ObjectInfo> {
  const obj = manifest.object;
  const resource = await ctx.mapper.kindFor(obj.apiVersion, obj.kind);
  let namespace: string | undefined;
  if (resource.namespaced) {
    const own = obj.metadata.namespace;
    if (own && ctx.explicitNamespace && own !== ctx.namespace) {
      throw new Error(
        `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    }
    namespace = own || ctx.namespace;
    obj.metadata.namespace = namespace;
  }
  return { resource, namespace, name: obj.metadata.name ?? '', object: obj, source: manifest.source };
}

/** withSource is cmdutil.AddSourceToErr: `error when <verb> "<file>": <message>` keeping the API reason. */
export function withSource(verb: string, source: string, err: unknown): unknown {
  if (source === '') return err;
  if (err instanceof StatusError) {
    return new StatusError(
      err.code,
      err.reason,
      `error when ${verb} "${source}": ${err.message}`,
      err.details,
    );
  }
  return err;
}

/** refOf converts a discovered resource to the client's ResourceRef. */
export function refOf(r: ApiResource): {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
} {
  return { group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced };
}

/** nameOf is `kind.group/name` as printed by the name printer. */
export function nameOf(info: Pick<ObjectInfo, 'resource' | 'name'>): string {
  return `${kindPrefix(info.resource)}/${info.name}`;
}

/** dryRunSuffix is the operation suffix of --dry-run. */
export function dryRunSuffix(dryRun: string): string {
  if (dryRun === 'client') return ' (dry run)';
  if (dryRun === 'server') return ' (server dry run)';
  return '';
}

/** parseDryRun validates --dry-run (`none`, `client`, `server`; bare `--dry-run` means client). */
export function parseDryRun(value: string): 'none' | 'client' | 'server' {
  if (value === '' || value === 'none' || value === 'false') return 'none';
  if (value === 'client' || value === 'true' || value === 'unchanged') return 'client';
  if (value === 'server') return 'server';
  throw new Error(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}
