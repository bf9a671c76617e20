/**
 * withAdmission puts the admission chain in front of a registry's create path: mutating plugins first (in
 * order), then validating plugins, then the registry's own defaulting, validation and storage. Plugins read
 * the cluster through the wrapped registry as the API server itself. Namespace updates and patches that
 * tighten the PodSecurity enforce level warn about the existing pods it would refuse.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import { isNotFound } from '../../machinery/errors';
import { ADMIN_USER } from '../auth/authenticator';
import type { Registry, RequestContext } from '../registry/interface';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from './interface';
import { enforceWarnings } from './podsecurity/namespace-warnings';

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

function isNamespace(info: { group: string; resource: string }): boolean {
  return info.group === '' && info.resource === 'namespaces';
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

/** withAdmission wraps a registry so that every create goes through the plugins first. */
export function withAdmission<R extends Registry>(registry: R, plugins: AdmissionPlugin[]): R {
  const reader = registryReader(registry);
  return {
    ...registry,
    async create(info, namespace, body, ctx) {
      if (info.virtual || (info.group === '' && info.resource === 'bindings')) {
        return registry.create(info, namespace, body, ctx);
      }
      const object = structuredClone(body) as KubeObject;
      object.metadata ??= {};
      const attributes: AdmissionAttributes = {
        operation: 'CREATE',
        info,
        namespace: info.namespaced ? (namespace ?? object.metadata.namespace) : undefined,
        object,
        user: ctx.user,
        dryRun: ctx.dryRun,
        warnings: ctx.warnings,
      };
      await runAdmission(plugins, attributes, reader);
      return registry.create(info, namespace, object, ctx);
    },
    async update(info, namespace, name, body, ctx, subresource) {
      if (!isNamespace(info) || subresource !== undefined)
        return registry.update(info, namespace, name, body, ctx, subresource);
      const old = await reader.get('', 'namespaces', undefined, name);
      const result = await registry.update(info, namespace, name, body, ctx, subresource);
      ctx.warnings.push(...(await enforceWarnings(old, result.object, reader)));
      return result;
    },
    async patch(info, namespace, name, type, patch, ctx, options) {
      if (!isNamespace(info) || options.subresource !== undefined)
        return registry.patch(info, namespace, name, type, patch, ctx, options);
      const old = await reader.get('', 'namespaces', undefined, name);
      const result = await registry.patch(info, namespace, name, type, patch, ctx, options);
      ctx.warnings.push(...(await enforceWarnings(old, result.object, reader)));
      return result;
    },
  };
}
