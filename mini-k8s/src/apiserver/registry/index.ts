/**
 * createRegistry assembles the object semantics of the mini-k8s API server behind the Registry contract
 * (interface.ts): the generic store with per-resource strategies, subresources (status, scale, finalize,
 * binding, eviction, token, ephemeralcontainers), watches and shared-storage conversion. See README.md for the file map.
 */
import type { KubeList, KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import type { Status } from '../../machinery/errors';
import { errors } from '../../machinery/errors';
import type { Storage } from '../../storage/interface';
import { bindPod } from './binding';
import { EPHEMERAL_CONTAINERS } from './ephemeral-containers';
import { evictPod } from './eviction';
import { GenericStore } from './generic-store';
import type {
  ApiWatchEvent,
  ApiWatcher,
  DeleteOptions,
  ListOptions,
  PatchType,
  Registry,
  RequestContext,
  WriteResult,
} from './interface';
import { getScale, patchScale, updateScale } from './scale';
import { createStrategyTable } from './strategies';
import { hasSubresource } from './strategy';
import type { TokenRecord } from './token-request';
import { createToken, TokenRecords } from './token-request';
import { startWatch } from './watch';

export { bootstrapCluster } from './bootstrap';
export type { BootstrapOptions } from './bootstrap';
export type { TokenRecord } from './token-request';

/** RegistryOptions configure createRegistry. */
export interface RegistryOptions {
  storage: Storage;
  /** Clock for registry-level decisions (token expiry); requests use ctx.now. */
  now?: () => Date;
  /** Service cluster IP range, default 10.96.0.0/12. */
  serviceCidr?: string;
  /** Node port range, default [30000, 32767]. */
  nodePortRange?: [number, number];
  /**
   * Interval between watch BOOKMARK events, default 60,000 ms: kube-apiserver's watch cache sends them
   * about once a minute (defaultBookmarkFrequency). Why not more often: every informer asks for them, and
   * at one per second a sandbox's ~50 idle watches cost 50 events a second, most of an idle cluster's CPU.
   */
  bookmarkIntervalMs?: number;
  /** Maximum number of stored objects (events excepted); creates past it get 403 Forbidden. Default: no cap. */
  maxObjects?: number;
}

/** MiniRegistry is a Registry plus the facts other server parts need from it. */
export interface MiniRegistry extends Registry {
  /** reviewToken returns what a TokenRequest-issued token stands for, if it is valid now. */
  reviewToken(token: string): TokenRecord | undefined;
  /** serviceCidr is the normalised service range (`10.96.0.0/12`). */
  readonly serviceCidr: string;
  /** firstServiceIP is the address of the `kubernetes` Service (`10.96.0.1`). */
  readonly firstServiceIP: string;
}

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (!info) throw new Error(`${resource} missing from the resource catalogue`);
  return info;
}

function requireSubresource(info: ResourceInfo, subresource: string): void {
  if (!hasSubresource(info, subresource)) throw errors.resourceNotFound();
}

/** DEFAULT_BOOKMARK_INTERVAL_MS is how often an idle watch that asked for bookmarks gets one. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

export function createRegistry(options: RegistryOptions): MiniRegistry {
  const clock = options.now ?? (() => new Date());
  const strategies = createStrategyTable({
    storage: options.storage,
    serviceCidr: options.serviceCidr ?? '10.96.0.0/12',
    nodePortRange: options.nodePortRange ?? [30000, 32767],
  });
  const store = new GenericStore(options.storage, strategies, options.maxObjects);
  const tokens = new TokenRecords();
  const watchSettings = { bookmarkIntervalMs: options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS };
  const pods = core('pods');

  const notVirtual = (info: ResourceInfo) => {
    if (info.virtual)
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  };

  return {
    serviceCidr: strategies.services.ips.cidr,
    firstServiceIP: strategies.services.ips.firstAddress(),

    reviewToken(token: string) {
      return tokens.review(token, clock());
    },

    async get(info, namespace, name, _ctx: RequestContext) {
      notVirtual(info);
      return store.get(info, namespace, name);
    },

    async list(info, namespace, listOptions: ListOptions, _ctx: RequestContext): Promise<KubeList> {
      notVirtual(info);
      return store.list(info, namespace, listOptions);
    },

    async create(info, namespace, body: KubeObject, ctx: RequestContext) {
      if (info.group === '' && info.resource === 'bindings') {
        const status = await bindPod(store, pods, namespace, body.metadata?.name ?? '', body, ctx);
        return status as unknown as KubeObject;
      }
      return store.create(info, namespace, body, ctx);
    },

    async update(
      info,
      namespace,
      name,
      body: KubeObject,
      ctx: RequestContext,
      subresource?: string,
    ): Promise<WriteResult> {
      notVirtual(info);
      if (subresource === undefined) return store.update(info, namespace, name, body, ctx);
      requireSubresource(info, subresource);
      if (subresource === 'scale') return updateScale(store, info, namespace, name, body, ctx);
      if (subresource === 'status' || subresource === 'finalize' || subresource === EPHEMERAL_CONTAINERS) {
        return store.update(info, namespace, name, body, ctx, subresource);
      }
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    },

    async patch(info, namespace, name, type: PatchType, patch: unknown, ctx: RequestContext, patchOptions) {
      notVirtual(info);
      const subresource = patchOptions.subresource;
      if (subresource === undefined)
        return store.patch(info, namespace, name, type, patch, ctx, patchOptions);
      requireSubresource(info, subresource);
      if (subresource === 'scale') return patchScale(store, info, namespace, name, type, patch, ctx);
      if (subresource === 'status' || subresource === EPHEMERAL_CONTAINERS)
        return store.patch(info, namespace, name, type, patch, ctx, patchOptions);
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    },

    async delete(
      info,
      namespace,
      name,
      deleteOptions: DeleteOptions,
      ctx: RequestContext,
    ): Promise<KubeObject | Status> {
      notVirtual(info);
      return store.delete(info, namespace, name, deleteOptions, ctx);
    },

    async deleteCollection(info, namespace, listOptions, deleteOptions, ctx) {
      notVirtual(info);
      return store.deleteCollection(info, namespace, listOptions, deleteOptions, ctx);
    },

    async watch(
      info,
      namespace,
      listOptions: ListOptions,
      _ctx: RequestContext,
      onEvent: (event: ApiWatchEvent) => void,
      onClose?: (reason: string) => void,
    ): Promise<ApiWatcher> {
      notVirtual(info);
      return startWatch(store, info, namespace, listOptions, watchSettings, onEvent, onClose);
    },

    async getSubresource(info, namespace, name, subresource, _ctx: RequestContext) {
      requireSubresource(info, subresource);
      if (subresource === 'scale') return getScale(store, info, namespace, name);
      if (subresource === 'status' || subresource === EPHEMERAL_CONTAINERS)
        return store.get(info, namespace, name);
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    },

    async createSubresource(info, namespace, name, subresource, body: KubeObject, ctx: RequestContext) {
      requireSubresource(info, subresource);
      if (info === pods && subresource === 'binding') return bindPod(store, pods, namespace, name, body, ctx);
      if (info === pods && subresource === 'eviction')
        return evictPod(store, pods, namespace, name, body, ctx);
      if (info.resource === 'serviceaccounts' && subresource === 'token') {
        return createToken(store, info, namespace, name, body, ctx, tokens);
      }
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    },
  };
}
