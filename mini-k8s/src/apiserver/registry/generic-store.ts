/**
 * GenericStore runs the object semantics common to every stored resource, in the spirit of
 * k8s.io/apiserver's registry/generic/registry.Store: create (names, system fields, defaults, status
 * reset, validation, managedFields), update with optimistic concurrency and spec/status separation,
 * patches, graceful and finalizer-blocked deletion, lists with selectors and pagination. Per-resource
 * rules come from ResourceStrategy; version conversion of shared storage from conversion.ts.
 */
import type { KubeList, KubeObject } from '../../api/object';
import { apiVersionOf } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource, storageResourceOf } from '../../api/resources';
import { applyDefaults } from '../../api/defaults';
import { validateObject } from '../../api/validation';
import type { FieldError, GroupResource, Status } from '../../machinery/errors';
import { errors, isAlreadyExists, isNotFound, qualifiedResource, StatusError } from '../../machinery/errors';
import { fieldErrors, goStringSliceLiteral } from '../../machinery/field-errors';
import { generateName } from '../../machinery/names';
import type { Storage } from '../../storage/interface';
import { keyFor, prefixFor } from '../../storage/keys';
import { checkDeletePreconditions, OPTIMISTIC_LOCK_MESSAGE } from '../../storage/storage-errors';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  patchSchemaFor,
  serverSideApply,
  updateManagedFields,
} from '../patch';
import { fromStorageVersion, toStorageVersion } from './conversion';
import type { DeleteOptions, ListOptions, PatchType, RequestContext, WriteResult } from './interface';
import { asRecord, clone, newUid, rfc3339, sameIgnoringManagedFields, specChanged } from './meta';
import { validateMetadataName } from './names';
import { buildPredicate } from './selectors';
import type { ResourceStrategy, StrategyEnv, WriteHooks } from './strategy';
import { hasSubresource } from './strategy';
import type { StrategyTable } from './strategies';
import { finalizersForPropagation } from './finalizers';
import {
  EPHEMERAL_CONTAINERS,
  validateEphemeralContainersWrite,
  withEphemeralContainers,
} from './ephemeral-containers';
import { assertJsonTypes } from './type-check';

/** UpdateMode selects which part of the object a write may change. */
export interface UpdateMode {
  /**
   * 'status': only status changes; 'finalize': only spec.finalizers (namespaces); 'ephemeralcontainers':
   * only spec.ephemeralContainers (pods); undefined: the main resource.
   */
  subresource?: string;
  /** managedFields were already computed (server-side apply). */
  managedFieldsDone?: boolean;
}

/** Computed is the outcome of computeUpdate: the next object, or the current one for a no-op. */
interface Computed {
  object: KubeObject;
  noop: boolean;
  hooks?: WriteHooks;
}

/** GENERATE_NAME_ATTEMPTS is how often a create with generateName retries on a name collision. */
const GENERATE_NAME_ATTEMPTS = 8;

const NAMESPACES = (() => {
  const info = findResource('', 'v1', 'namespaces');
  if (!info) throw new Error('namespaces missing from the resource catalogue');
  return info;
})();

/** groupResource names info for error messages (`deployments.apps`). */
export function groupResource(info: ResourceInfo): GroupResource {
  return { group: info.group, resource: info.resource };
}

/** forbiddenError is apierrors.NewForbidden: `<resource> "<name>" is forbidden: <why>`. */
export function forbiddenError(gr: GroupResource, name: string, why: string): StatusError {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    name: name || undefined,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

/** isDryRun tells whether a request persists nothing. */
function isDryRun(ctx: RequestContext, options?: DeleteOptions): boolean {
  return ctx.dryRun || (options?.dryRun ?? []).includes('All');
}

export class GenericStore {
  /**
   * @param maxObjects caps how many objects the cluster stores (events excepted): a sandbox on a shared
   * classroom server must not grow without bound (e.g. a Deployment scaled to 100000 replicas).
   */
  constructor(
    readonly storage: Storage,
    readonly strategies: StrategyTable,
    readonly maxObjects?: number,
  ) {}

  /** key returns the storage key of an object of info. */
  key(info: ResourceInfo, namespace: string | undefined, name: string): string {
    if (!name) throw errors.badRequest('resource name may not be empty');
    return keyFor(storageResourceOf(info), info.namespaced ? namespace : undefined, name);
  }

  /** prefix returns the storage prefix of info's objects in namespace (all namespaces when undefined). */
  prefix(info: ResourceInfo, namespace: string | undefined): string {
    return prefixFor(storageResourceOf(info), info.namespaced ? namespace : undefined);
  }

  private env(ctx: RequestContext, dryRun = ctx.dryRun): StrategyEnv {
    return { now: ctx.now(), dryRun };
  }

  private manager(ctx: RequestContext): string {
    return ctx.fieldManager ?? 'unknown';
  }

  /** get returns one object in info's version; 404 when missing. */
  async get(info: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject> {
    const stored = await this.storage.get(this.key(info, namespace, name));
    if (!stored) throw errors.notFound(groupResource(info), name);
    return fromStorageVersion(info, stored);
  }

  /** list returns `<Kind>List` of matching objects, paginated by limit/continue. */
  async list(info: ResourceInfo, namespace: string | undefined, options: ListOptions): Promise<KubeList> {
    const predicate = buildPredicate(info, options);
    checkListResourceVersion(options, this.storage.currentRevision(), this.storage.oldestRevision());
    const result = await this.storage.list(this.prefix(info, namespace), {
      limit: options.limit && options.limit > 0 ? options.limit : undefined,
      continueFrom: options.continue || undefined,
      predicate,
    });
    const list: KubeList = {
      apiVersion: apiVersionOf(info.group, info.version),
      kind: `${info.kind}List`,
      metadata: { resourceVersion: String(result.revision) },
      items: result.items.map((item) => fromStorageVersion(info, item)),
    };
    if (result.continue) list.metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined && result.continue) {
      list.metadata.remainingItemCount = result.remainingItemCount;
    }
    return list;
  }

  /** checkNamespace is NamespaceLifecycle admission: the namespace must exist and not be terminating. */
  private async checkNamespace(info: ResourceInfo, namespace: string, name: string): Promise<void> {
    const ns = await this.storage.get(keyFor(NAMESPACES, undefined, namespace));
    if (!ns) throw errors.notFound(groupResource(NAMESPACES), namespace);
    if (ns.metadata.deletionTimestamp || asRecord(ns.status)?.phase === 'Terminating') {
      throw forbiddenError(
        groupResource(info),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  /** normaliseTypeAndNamespace checks apiVersion/kind and the namespace of a request body (mutates obj). */
  private normaliseBody(info: ResourceInfo, namespace: string | undefined, obj: KubeObject): void {
    const expected = apiVersionOf(info.group, info.version);
    if (obj.apiVersion && obj.apiVersion !== expected) {
      throw errors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (obj.kind && obj.kind !== info.kind) {
      throw errors.badRequest(`${obj.kind} in version "${info.version}" cannot be handled as a ${info.kind}`);
    }
    obj.apiVersion = expected;
    obj.kind = info.kind;
    obj.metadata = asRecord(obj.metadata) ? obj.metadata : {};
    if (info.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      if (!namespace && !obj.metadata.namespace) throw errors.badRequest('namespace is required');
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else {
      delete obj.metadata.namespace;
    }
  }

  /** validate runs api/validation plus the registry's own rules and throws 422 on failure. */
  private validate(
    info: ResourceInfo,
    strategy: ResourceStrategy,
    obj: KubeObject,
    old: KubeObject | undefined,
    extra: FieldError[] = [],
  ): void {
    this.report(info, obj, [
      ...extra,
      ...(old ? [] : validateMetadataName(strategy.nameRule, obj.metadata)),
      ...validateObject(info.group, info.version, info.kind, obj, old),
      ...(strategy.validate?.(obj, old) ?? []),
    ]);
  }

  /** report throws 422 Invalid with the field errors found, each reported once. */
  private report(info: ResourceInfo, obj: KubeObject, found: FieldError[]): void {
    // The registry and api/validation may both check metadata; report each problem once.
    const seen = new Set<string>();
    const unique = found.filter((e) => {
      const id = `${e.field}\u0000${e.detail}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (unique.length > 0) {
      throw errors.invalid(
        info.group,
        info.kind,
        obj.metadata.name ?? obj.metadata.generateName ?? '',
        unique,
      );
    }
  }

  /**
   * create stores a new object. `managedFieldsDone` skips the Update managedFields entry (server-side
   * apply computed them). dryRun returns the full result without persisting (and without resourceVersion).
   */
  async create(
    info: ResourceInfo,
    namespace: string | undefined,
    body: KubeObject,
    ctx: RequestContext,
    options: { managedFieldsDone?: boolean } = {},
  ): Promise<KubeObject> {
    if (info.virtual) throw errors.methodNotAllowed(`create is not supported on ${info.resource}`);
    const strategy = this.strategies.strategyFor(info);
    const template = clone(body);
    this.normaliseBody(info, namespace, template);
    if (info.namespaced)
      await this.checkNamespace(info, template.metadata.namespace ?? '', template.metadata.name ?? '');
    const generated = !template.metadata.name && !!template.metadata.generateName;
    for (let attempt = 1; ; attempt++) {
      const obj = this.prepareCreate(info, strategy, template, ctx, options);
      try {
        return await this.persistCreate(info, strategy, obj, ctx);
      } catch (err) {
        if (generated && isAlreadyExists(err) && attempt < GENERATE_NAME_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  /** prepareCreate computes the object to store from a normalised body (a fresh copy per attempt). */
  private prepareCreate(
    info: ResourceInfo,
    strategy: ResourceStrategy,
    template: KubeObject,
    ctx: RequestContext,
    options: { managedFieldsDone?: boolean },
  ): KubeObject {
    const now = ctx.now();
    // A body that would not decode into the kind's Go types is a 400, before defaulting touches it.
    assertJsonTypes(info.group, info.version, info.kind, template);
    let obj = applyDefaults(info.group, info.version, info.kind, clone(template));
    const meta = obj.metadata;
    dropEmptyMetaMaps(meta);
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    meta.uid = newUid();
    meta.creationTimestamp = rfc3339(now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete (meta as Record<string, unknown>).selfLink;
    if (strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (hasSubresource(info, 'status') && !strategy.keepStatusOnCreate) obj.status = {};
    strategy.prepareForCreate?.(obj, this.env(ctx));
    this.validate(info, strategy, obj, undefined);
    if (!options.managedFieldsDone) {
      obj = updateManagedFields(undefined, obj, {
        manager: this.manager(ctx),
        operation: 'Update',
        apiVersion: obj.apiVersion,
        now,
        schema: patchSchemaFor(info.group, info.version, info.kind),
      });
    }
    return obj;
  }

  /** persistCreate allocates, writes and commits (or rolls back) a prepared object. */
  /**
   * checkObjectLimit refuses a create past the cluster's object cap with a ResourceQuota-style Forbidden,
   * the answer learners already know from quotas (and controllers back off on it).
   */
  private async checkObjectLimit(info: ResourceInfo, obj: KubeObject): Promise<void> {
    const limit = this.maxObjects!;
    const used =
      (await this.storage.count('/registry/')) - (await this.storage.count('/registry/core/events/'));
    if (used < limit) return;
    const name = obj.metadata.name ?? obj.metadata.generateName ?? '';
    throw errors.forbidden(
      `${qualifiedResource(groupResource(info))} "${name}" is forbidden: exceeded quota: cluster-object-limit, requested: count/objects=1, used: count/objects=${used}, limited: count/objects=${limit}`,
    );
  }

  private async persistCreate(
    info: ResourceInfo,
    strategy: ResourceStrategy,
    obj: KubeObject,
    ctx: RequestContext,
  ): Promise<KubeObject> {
    if (this.maxObjects !== undefined && info.resource !== 'events') await this.checkObjectLimit(info, obj);
    const hooks = await strategy.allocate?.(obj, undefined, this.env(ctx));
    if (ctx.dryRun) {
      hooks?.rollback();
      return obj;
    }
    const name = obj.metadata.name ?? '';
    try {
      const created = await this.storage.create(
        this.key(info, obj.metadata.namespace, name),
        toStorageVersion(info, obj),
      );
      hooks?.commit();
      return fromStorageVersion(info, created);
    } catch (err) {
      hooks?.rollback();
      if (isAlreadyExists(err)) throw errors.alreadyExists(groupResource(info), name);
      throw err;
    }
  }

  /**
   * computeUpdate derives the next object from the current one and the client's desired object: checks
   * preconditions, keeps system fields, separates status from spec, bumps generation, validates against
   * the old object, allocates and records managedFields. A result equal to current is a no-op.
   */
  private async computeUpdate(
    info: ResourceInfo,
    current: KubeObject,
    desired: KubeObject,
    ctx: RequestContext,
    mode: UpdateMode,
    dryRun: boolean,
  ): Promise<Computed> {
    const strategy = this.strategies.strategyFor(info);
    const gr = groupResource(info);
    const name = current.metadata.name ?? '';
    const body = clone(desired);
    this.normaliseBody(info, current.metadata.namespace, body);
    if (body.metadata.name && body.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const rv = body.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion)
      throw errors.conflict(gr, name, OPTIMISTIC_LOCK_MESSAGE);
    if (body.metadata.uid && body.metadata.uid !== current.metadata.uid) {
      throw errors.conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${body.metadata.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
      );
    }

    let next: KubeObject;
    if (mode.subresource === 'status') {
      // Status writes change status only (ResetObjectMetaForStatus keeps the live metadata).
      next = clone(current);
      if (body.status === undefined) delete next.status;
      else next.status = clone(body.status);
    } else if (mode.subresource === EPHEMERAL_CONTAINERS) {
      assertJsonTypes(info.group, info.version, info.kind, body);
      next = withEphemeralContainers(current, body);
    } else if (mode.subresource === 'finalize') {
      next = clone(current);
      const finalizers = asRecord(body.spec)?.finalizers;
      next.spec = { ...(asRecord(next.spec) ?? {}), finalizers: Array.isArray(finalizers) ? finalizers : [] };
    } else {
      assertJsonTypes(info.group, info.version, info.kind, body);
      // Admission-time additions (pod service account, priority) only happen on create.
      next = applyDefaults(info.group, info.version, info.kind, body, {
        podAdmission: { serviceAccount: false, priority: false },
      });
      const meta = next.metadata;
      dropEmptyMetaMaps(meta);
      meta.name = name;
      meta.uid = current.metadata.uid;
      meta.creationTimestamp = current.metadata.creationTimestamp;
      meta.resourceVersion = current.metadata.resourceVersion;
      restoreOptional(meta, current.metadata, 'deletionTimestamp');
      restoreOptional(meta, current.metadata, 'deletionGracePeriodSeconds');
      if (hasSubresource(info, 'status')) {
        if (current.status === undefined) delete next.status;
        else next.status = clone(current.status);
      }
      strategy.prepareForUpdate?.(next, current, this.env(ctx, dryRun));
      if (strategy.tracksGeneration) {
        const generation = current.metadata.generation ?? 1;
        meta.generation = specChanged(next, current) ? generation + 1 : generation;
      } else {
        restoreOptional(meta, current.metadata, 'generation');
      }
    }

    if (mode.subresource === EPHEMERAL_CONTAINERS)
      this.report(info, next, validateEphemeralContainersWrite(next, current));
    else this.validate(info, strategy, next, current, finalizerErrors(next, current));
    if (sameIgnoringManagedFields(next, current)) return { object: current, noop: true };
    // Validating admission sees the validated result (a no-op changes nothing it could refuse).
    await ctx.admission?.validateUpdate(info, next, current, mode.subresource);
    const hooks = await strategy.allocate?.(next, current, this.env(ctx, dryRun));
    if (!mode.managedFieldsDone) {
      next = updateManagedFields(current, next, {
        manager: this.manager(ctx),
        operation: 'Update',
        apiVersion: next.apiVersion,
        now: ctx.now(),
        subresource: mode.subresource,
        schema: patchSchemaFor(info.group, info.version, info.kind),
      });
    }
    return { object: next, noop: false, hooks };
  }

  /**
   * updateWith runs an update whose desired object is computed from the current one (PUT bodies ignore
   * it; patches apply to it). Retries on concurrent writes recompute from the fresh object. An object
   * being deleted whose last finalizer goes away is deleted by this update.
   */
  async updateWith(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    ctx: RequestContext,
    desiredFrom: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    mode: UpdateMode = {},
  ): Promise<WriteResult> {
    const key = this.key(info, namespace, name);
    const gr = groupResource(info);
    if (ctx.dryRun) {
      const stored = await this.storage.get(key);
      if (!stored) throw errors.notFound(gr, name);
      const current = fromStorageVersion(info, stored);
      const computed = await this.computeUpdate(info, current, await desiredFrom(current), ctx, mode, true);
      computed.hooks?.rollback();
      return { object: computed.object, created: false };
    }
    let hooks: WriteHooks | undefined;
    let written: KubeObject;
    try {
      written = await this.storage.guaranteedUpdate(key, async (stored) => {
        hooks?.rollback();
        hooks = undefined;
        const current = fromStorageVersion(info, stored);
        const computed = await this.computeUpdate(
          info,
          current,
          await desiredFrom(current),
          ctx,
          mode,
          false,
        );
        if (computed.noop) return stored;
        hooks = computed.hooks;
        return toStorageVersion(info, computed.object);
      });
    } catch (err) {
      hooks?.rollback();
      if (isNotFound(err)) throw errors.notFound(gr, name);
      throw err;
    }
    hooks?.commit();
    const strategy = this.strategies.strategyFor(info);
    if (shouldDeleteDuringUpdate(strategy, written)) {
      try {
        const deleted = await this.storage.delete(key, { resourceVersion: written.metadata.resourceVersion });
        strategy.release?.(deleted);
        return { object: fromStorageVersion(info, deleted), created: false };
      } catch (err) {
        // A concurrent write changed the object again; it stays, and the later write decides.
        if (!isStatusConflictOrMissing(err)) throw err;
      }
    }
    return { object: fromStorageVersion(info, written), created: false };
  }

  /** update replaces an object (PUT); subresource 'status' or 'finalize' limits what changes. */
  update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: RequestContext,
    subresource?: string,
  ): Promise<WriteResult> {
    return this.updateWith(info, namespace, name, ctx, () => body, { subresource });
  }

  /** patch applies a json, merge, strategic or apply patch to the main resource or its status. */
  async patch(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    ctx: RequestContext,
    options: { force?: boolean; subresource?: string },
  ): Promise<WriteResult> {
    const schema = patchSchemaFor(info.group, info.version, info.kind);
    if (type === 'apply') return this.apply(info, namespace, name, patch, ctx, options);
    const apply = (current: KubeObject): KubeObject => {
      switch (type) {
        case 'json':
          return applyJsonPatch(current, patch) as KubeObject;
        case 'merge':
          return applyMergePatch(current, patch) as KubeObject;
        case 'strategic':
          return applyStrategicMergePatch(current, patch, schema) as KubeObject;
      }
    };
    return this.updateWith(info, namespace, name, ctx, apply, { subresource: options.subresource });
  }

  /** apply is server-side apply: create when missing (201), otherwise merge with field ownership. */
  private async apply(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    ctx: RequestContext,
    options: { force?: boolean; subresource?: string },
  ): Promise<WriteResult> {
    if (!ctx.fieldManager) throw errors.badRequest('fieldManager is required for apply requests');
    const applied = asRecord(patch) as KubeObject | undefined;
    if (!applied) throw errors.badRequest('the body of an apply request must be an object');
    const schema = patchSchemaFor(info.group, info.version, info.kind);
    const run = (live: KubeObject | undefined): KubeObject =>
      serverSideApply(live, applied, {
        manager: this.manager(ctx),
        force: options.force ?? false,
        apiVersion: apiVersionOf(info.group, info.version),
        now: ctx.now(),
        schema,
        subresource: options.subresource,
      });
    const stored = await this.storage.get(this.key(info, namespace, name));
    if (!stored) {
      if (options.subresource) throw errors.notFound(groupResource(info), name);
      const created = run(undefined);
      created.metadata = { ...created.metadata, name };
      await ctx.admission?.admitCreate(info, namespace, created);
      const object = await this.create(info, namespace, created, ctx, { managedFieldsDone: true });
      return { object, created: true };
    }
    return this.updateWith(info, namespace, name, ctx, run, {
      subresource: options.subresource,
      managedFieldsDone: true,
    });
  }

  /**
   * delete removes an object or starts its graceful deletion. The object stays (with deletionTimestamp)
   * while finalizers remain, while a grace period runs (pods) or while kind-specific finalizers hold it
   * (namespaces); the answer is then the object. An immediate delete answers the deleted object or a
   * success Status depending on the resource (strategy.returnDeletedObject).
   */
  async delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    ctx: RequestContext,
  ): Promise<KubeObject | Status> {
    const strategy = this.strategies.strategyFor(info);
    const key = this.key(info, namespace, name);
    const gr = groupResource(info);
    const stored = await this.storage.get(key);
    if (!stored) throw errors.notFound(gr, name);
    checkDeletePreconditions(key, stored, options.preconditions);
    const current = fromStorageVersion(info, stored);
    const forbidden = strategy.forbidDelete?.(current);
    if (forbidden) throw forbiddenError(gr, name, forbidden);
    const dryRun = isDryRun(ctx, options);
    const now = ctx.now();

    const grace = strategy.gracefulDelete?.(current, options)?.graceSeconds ?? 0;
    const finalizers = finalizersForPropagation(current.metadata.finalizers ?? [], options.propagationPolicy);
    const pending = finalizers.length > 0 || grace > 0 || (strategy.blocksDeletion?.(current) ?? false);

    if (pending) {
      const mark = (obj: KubeObject): KubeObject => {
        const next = clone(obj);
        const meta = next.metadata;
        const deadline = new Date(now.getTime() + grace * 1000);
        if (!meta.deletionTimestamp) {
          meta.deletionTimestamp = rfc3339(deadline);
          meta.deletionGracePeriodSeconds = grace;
          strategy.prepareForDelete?.(next, this.env(ctx, dryRun));
        } else if (grace < (meta.deletionGracePeriodSeconds ?? 0)) {
          // A second delete may only shorten the grace period.
          meta.deletionTimestamp = rfc3339(deadline);
          meta.deletionGracePeriodSeconds = grace;
        }
        if (finalizers.length > 0) meta.finalizers = finalizers;
        else delete meta.finalizers;
        return next;
      };
      if (dryRun) return mark(current);
      const written = await this.storage.guaranteedUpdate(key, (latest) => {
        const converted = fromStorageVersion(info, latest);
        const next = mark(converted);
        return sameIgnoringManagedFields(next, converted) ? latest : toStorageVersion(info, next);
      });
      if (!shouldDeleteDuringUpdate(strategy, written)) return fromStorageVersion(info, written);
      // Grace period 0 with no finalizers left: remove now.
      const deleted = await this.storage.delete(key, { resourceVersion: written.metadata.resourceVersion });
      strategy.release?.(deleted);
      return this.deleteAnswer(info, strategy, fromStorageVersion(info, deleted));
    }

    if (dryRun) return this.deleteAnswer(info, strategy, current);
    let deleted: KubeObject;
    try {
      deleted = await this.storage.delete(key, options.preconditions);
    } catch (err) {
      if (isNotFound(err)) throw errors.notFound(gr, name);
      throw err;
    }
    strategy.release?.(deleted);
    return this.deleteAnswer(info, strategy, fromStorageVersion(info, deleted));
  }

  private deleteAnswer(
    info: ResourceInfo,
    strategy: ResourceStrategy,
    deleted: KubeObject,
  ): KubeObject | Status {
    if (strategy.returnDeletedObject) return deleted;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: deleted.metadata.name,
        group: info.group || undefined,
        kind: info.resource,
        uid: deleted.metadata.uid,
      },
      code: 200,
    };
  }

  /** deleteCollection deletes every matching object and returns the list of what was deleted or marked. */
  async deleteCollection(
    info: ResourceInfo,
    namespace: string | undefined,
    listOptions: ListOptions,
    deleteOptions: DeleteOptions,
    ctx: RequestContext,
  ): Promise<KubeList> {
    const { limit: _limit, continue: _continue, ...selectOnly } = listOptions;
    const matching = await this.list(info, namespace, selectOnly);
    const items: KubeObject[] = [];
    for (const item of matching.items) {
      try {
        const result = await this.delete(
          info,
          item.metadata.namespace,
          item.metadata.name ?? '',
          deleteOptions,
          ctx,
        );
        items.push(result.kind === 'Status' ? item : (result as KubeObject));
      } catch (err) {
        // Objects deleted concurrently are simply gone already.
        if (!isNotFound(err)) throw err;
      }
    }
    return { ...matching, items };
  }
}

function restoreOptional(target: object, source: object, key: string): void {
  const t = target as Record<string, unknown>;
  const s = source as Record<string, unknown>;
  if (s[key] === undefined) delete t[key];
  else t[key] = s[key];
}

/** finalizerErrors forbids adding finalizers to an object that is being deleted (ValidateObjectMetaUpdate). */
function finalizerErrors(next: KubeObject, old: KubeObject): FieldError[] {
  if (!old.metadata.deletionTimestamp) return [];
  const before = new Set(old.metadata.finalizers ?? []);
  const added = [...new Set(next.metadata.finalizers ?? [])].filter((f) => !before.has(f)).sort();
  if (added.length === 0) return [];
  return [
    fieldErrors.forbidden(
      'metadata.finalizers',
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSliceLiteral(added).text}`,
    ),
  ];
}

/** shouldDeleteDuringUpdate is genericregistry.ShouldDeleteDuringUpdate plus kind-specific blockers. */
function shouldDeleteDuringUpdate(strategy: ResourceStrategy, obj: KubeObject): boolean {
  const meta = obj.metadata;
  return (
    !!meta.deletionTimestamp &&
    (meta.finalizers ?? []).length === 0 &&
    (meta.deletionGracePeriodSeconds ?? 0) === 0 &&
    !(strategy.blocksDeletion?.(obj) ?? false)
  );
}

function isStatusConflictOrMissing(err: unknown): boolean {
  return err instanceof StatusError && (err.code === 409 || err.code === 404);
}

/**
 * checkListResourceVersion applies the list resourceVersion semantics: unset or "0" serve the latest
 * state; "N" (NotOlderThan) needs N <= the current revision (else 504 Too large resource version);
 * resourceVersionMatch=Exact needs a snapshot we keep only for the current revision.
 */
function checkListResourceVersion(options: ListOptions, current: number, oldest: number): void {
  const rv = options.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') {
    if (options.resourceVersionMatch === 'Exact') {
      throw errors.badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0" or unset');
    }
    return;
  }
  if (!/^\d+$/.test(rv)) {
    throw errors.badRequest(
      `Invalid value: ${JSON.stringify(rv)}: resourceVersion must be an unsigned integer`,
    );
  }
  const requested = Number(rv);
  if (requested > current) {
    throw new StatusError(
      504,
      'Timeout',
      `Timeout: Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    );
  }
  if (options.resourceVersionMatch === 'Exact' && requested !== current) {
    throw errors.gone(`too old resource version: ${requested} (${Math.max(oldest - 1, current)})`);
  }
}

/**
 * dropEmptyMetaMaps removes empty `labels` and `annotations`: ObjectMeta declares them `omitempty`, so a
 * real apiserver never stores or returns `{}` (e.g. after `kubectl label cm x key-` removes the last one).
 */
function dropEmptyMetaMaps(meta: KubeObject['metadata']): void {
  for (const key of ['labels', 'annotations'] as const) {
    const value = meta[key];
    if (value && typeof value === 'object' && Object.keys(value).length === 0) delete meta[key];
  }
}
