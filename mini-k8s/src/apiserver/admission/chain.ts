/**
 * withAdmission puts the admission chain in front of a registry's writes. Creates: mutating plugins first (in
 * order), then validating plugins, then the registry's own defaulting, validation and storage. Updates,
 * patches and server-side apply (main resource and subresources): the store computes the new object from
 * the stored one, validates it, then calls back the validating plugins with both (RequestContext.admission),
 * inside its retry loop as upstream does. Plugins read the cluster through the wrapped registry as the API
 * server itself.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import { isNotFound } from '../../machinery/errors';
import { ADMIN_USER } from '../auth/authenticator';
import type { Registry, RequestContext } from '../registry/interface';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';

/** registryReader reads through a registry with a system context (no authorization, no admission). */
export function registryReader(registry: Registry): ObjectReader {
  const ctx: RequestContext = {
    user: ADMIN_USER,
    dryRun: false,
    fieldValidation: 'Ignore',
    warnings: [],
    now: () => new Date(),
  };
  const resolve = (group: string, resource: string) => {
    const version = group === '' ? 'v1' : undefined;
    const info = version ? findResource(group, version, resource) : findResource(group, 'v1', resource);
    if (!info) throw new Error(`${group}/${resource} missing from the resource catalogue`);
    return info;
  };
  return {
    async get(group, resource, namespace, name) {
      try {
        return await registry.get(resolve(group, resource), namespace, name, ctx);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async list(group, resource, namespace) {
      return (await registry.list(resolve(group, resource), namespace, {}, ctx)).items;
    },
  };
}

/** runAdmission runs the chain on one create; the attributes' object is mutated in place. */
export async function runAdmission(
  plugins: AdmissionPlugin[],
  attributes: AdmissionAttributes,
  reader: ObjectReader,
): Promise<void> {
  const active = plugins.filter((p) => p.handles(attributes));
  for (const plugin of active) await plugin.admit?.(attributes, reader);
  for (const plugin of active) await plugin.validate?.(attributes, reader);
}

/** withAdmission wraps a registry so that every create and update goes through the plugins. */
export function withAdmission<R extends Registry>(registry: R, plugins: AdmissionPlugin[]): R {
  const reader = registryReader(registry);
  const admitCreate = async (
    info: ResourceInfo,
    namespace: string | undefined,
    object: KubeObject,
    ctx: RequestContext,
  ): Promise<void> => {
    object.metadata ??= {};
    await runAdmission(
      plugins,
      {
        operation: 'CREATE',
        info,
        namespace: info.namespaced ? (namespace ?? object.metadata.namespace) : undefined,
        object,
        user: ctx.user,
        dryRun: ctx.dryRun,
        warnings: ctx.warnings,
      },
      reader,
    );
  };
  // The store calls back with the object an update or patch produced (see WriteAdmission).
  const admitting = (ctx: RequestContext): RequestContext => ({
    ...ctx,
    admission: {
      validateUpdate: async (info, next, old, subresource) => {
        const attributes: AdmissionAttributes = {
          operation: 'UPDATE',
          info,
          subresource,
          namespace: info.namespaced ? old.metadata.namespace : undefined,
          object: next,
          oldObject: old,
          user: ctx.user,
          dryRun: ctx.dryRun,
          warnings: ctx.warnings,
        };
        for (const plugin of plugins.filter((p) => p.handles(attributes)))
          await plugin.validate?.(attributes, reader);
      },
      admitCreate: (info, namespace, object) => admitCreate(info, namespace, object, ctx),
    },
  });
  return {
    ...registry,
    async create(info, namespace, body, ctx) {
      if (info.virtual || (info.group === '' && info.resource === 'bindings')) {
        return registry.create(info, namespace, body, ctx);
      }
      const object = structuredClone(body) as KubeObject;
      await admitCreate(info, namespace, object, ctx);
      return registry.create(info, namespace, object, ctx);
    },
    update(info, namespace, name, body, ctx, subresource) {
      return registry.update(info, namespace, name, body, admitting(ctx), subresource);
    },
    patch(info, namespace, name, type, patch, ctx, options) {
      return registry.patch(info, namespace, name, type, patch, admitting(ctx), options);
    },
  };
}
