/**
 * The resource endpoint: everything under `/api/v1/...` and `/apis/<group>/<version>/...` that names a
 * resource. It resolves the resource in the catalogue, checks scope, subresource and verb, authorizes,
 * decodes the body, calls the Registry and encodes the answer (object, list, Table or watch stream).
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { ResourceInfo, SubresourceInfo } from '../../api/resources';
import { StatusError, errors } from '../../machinery/errors';
import type { Status } from '../../machinery/errors';
import { forbiddenError } from '../auth/authorizer';
import type { AuthorizationAttributes, Authorizer } from '../auth/authorizer';
import type { Authenticator } from '../auth/authenticator';
import { handleReview, isReviewResource } from '../auth/reviews';
import type { PatchType, Registry, RequestContext, UserInfo } from '../registry/interface';
import { streamingResponse } from '../streaming/routes';
import type { StreamingDeps } from '../streaming/pod-target';
import { openWatchStream } from '../watch/stream';
import type { OpenWatch } from '../watch/stream';
import { isPlainObject, parseJsonText, parseYamlText, patchTypeOf, readBody } from './body';
import type { Collaborators } from './collaborators';
import { tableVersionOf } from './negotiation';
import type { TableVersion } from './negotiation';
import { checkUpdateName, decodeObjectBody, reconcileNamespace } from './object-body';
import {
  includeObjectOf,
  isWatch,
  managerFromUserAgent,
  parseDeleteOptions,
  parseListOptions,
  parseWriteOptions,
} from './query';
import { parseResourcePath } from './request-info';
import type { ResourceRequestInfo } from './request-info';
import { jsonResponse } from './respond';

/** ResourceHandlerDeps are the collaborators of the resource endpoint. */
export interface ResourceHandlerDeps {
  registry: Registry;
  authenticator: Authenticator;
  authorizer: Authorizer;
  collaborators: Collaborators;
  now: () => Date;
  /** The open watches, so the server can end them on close(); a watch removes itself when it ends. */
  watches: Set<OpenWatch>;
  /** Default watch timeout when the client sends no timeoutSeconds (the apiserver picks 30-60 min). */
  defaultWatchTimeoutSeconds: () => number;
  /**
   * The kubelet connection and metrics source of the streaming subresources and metrics.k8s.io. Without a
   * nodeConnector, log/exec/attach/portforward/proxy answer 503 (no kubelet streams).
   */
  streaming?: Omit<StreamingDeps, 'registry' | 'now'>;
}

/** STREAMING_SUBRESOURCES are served through the kubelet connection (streaming/). */
const STREAMING_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

const METHOD_NOT_ALLOWED = 'the server does not allow this method on the requested resource';

/** handleResourceRequest serves one resource request for an authenticated user. */
export async function handleResourceRequest(
  request: Request,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const url = new URL(request.url);
  const query = url.searchParams;
  const rawPath = rawPathOf(request.url);
  const req = parseResourcePath(request.method, rawPath, request.method === 'GET' && isWatch(query));
  if (!req) throw errors.resourceNotFound();
  const info = findResource(req.group, req.version, req.resource);
  if (!info) throw errors.resourceNotFound();

  // `/namespaces/{name}` names the namespace object itself: it is cluster-scoped.
  const isNamespaceObject = info.group === '' && info.resource === 'namespaces';
  const namespace = isNamespaceObject ? undefined : req.namespace;
  if (!info.namespaced && namespace !== undefined) throw errors.resourceNotFound();
  if (
    info.namespaced &&
    namespace === undefined &&
    (req.name !== undefined || req.verb === 'create' || req.verb === 'deletecollection')
  ) {
    throw errors.resourceNotFound();
  }

  let sub: SubresourceInfo | undefined;
  if (req.subresource !== undefined) {
    if (req.name === undefined) throw errors.resourceNotFound();
    sub = info.subresources?.find((s) => s.name === req.subresource);
    if (!sub) throw errors.resourceNotFound();
    if (!sub.verbs.includes(req.verb)) throw errors.methodNotAllowed(METHOD_NOT_ALLOWED);
  } else if (!(info.verbs as string[]).includes(req.verb)) {
    throw errors.methodNotAllowed(METHOD_NOT_ALLOWED);
  } else if (
    // A collection takes GET, POST and DELETE; an object GET, PUT, PATCH and DELETE (the apiserver's routes).
    (req.name === undefined && (req.verb === 'update' || req.verb === 'patch')) ||
    (req.name !== undefined && req.verb === 'create')
  ) {
    throw errors.methodNotAllowed(METHOD_NOT_ALLOWED);
  }

  const attributes: AuthorizationAttributes = {
    user,
    verb: req.verb,
    resourceRequest: true,
    group: info.group,
    version: info.version,
    resource: info.resource,
  };
  if (req.subresource) attributes.subresource = req.subresource;
  if (req.namespace !== undefined) attributes.namespace = req.namespace;
  if (req.name !== undefined) attributes.name = req.name;
  const decision = await deps.authorizer.authorize(attributes);
  if (!decision.allowed) throw forbiddenError(attributes, decision.reason);

  const streamingDeps: StreamingDeps = { registry: deps.registry, now: deps.now, ...deps.streaming };
  if (
    info.group === 'metrics.k8s.io' ||
    (sub && STREAMING_SUBRESOURCES.has(sub.name) && streamingDeps.nodeConnector)
  ) {
    const response = await streamingResponse(request, user, req, info, streamingDeps);
    if (response) return response;
  }
  if (sub && STREAMING_SUBRESOURCES.has(sub.name)) {
    // Check the object exists first, so `kubectl logs nope` still says NotFound.
    await deps.registry.get(info, namespace, req.name as string, readContext(user, deps));
    throw new StatusError(
      503,
      'ServiceUnavailable',
      `the ${sub.name} subresource of ${info.resource} is not served by this mini-k8s server yet`,
    );
  }

  switch (req.verb) {
    case 'get':
      return handleGet(request, req, info, namespace, user, deps);
    case 'list':
      return handleList(request, query, info, namespace, user, deps);
    case 'watch':
      return handleWatch(request, query, info, namespace, user, deps);
    case 'create':
      return handleCreate(request, query, req, info, namespace, sub, user, deps);
    case 'update':
      return handleUpdate(request, query, req, info, namespace, sub, user, deps);
    case 'patch':
      return handlePatch(request, query, req, info, namespace, user, deps);
    case 'delete': {
      const ctx = writeContext(request, user, deps, parseWriteOptions(query, 'DeleteOptions'));
      const options = parseDeleteOptions(query, await readBody(request));
      if (options.dryRun?.includes('All')) ctx.dryRun = true;
      const result = await deps.registry.delete(info, namespace, req.name as string, options, ctx);
      // A graceful deletion leaves the object in place (deletionTimestamp set): 202 Accepted, as the apiserver.
      const pending =
        (result as KubeObject).metadata?.deletionTimestamp !== undefined && result.kind !== 'Status';
      return jsonResponse(result, pending ? 202 : 200, ctx.warnings);
    }
    case 'deletecollection': {
      const ctx = writeContext(request, user, deps, parseWriteOptions(query, 'DeleteOptions'));
      const options = parseDeleteOptions(query, await readBody(request));
      if (options.dryRun?.includes('All')) ctx.dryRun = true;
      const list = await deps.registry.deleteCollection(
        info,
        namespace,
        parseListOptions(query),
        options,
        ctx,
      );
      return jsonResponse(list, 200, ctx.warnings);
    }
  }
}

/** rawPathOf returns the still-encoded path of a URL (URL.pathname would keep `%2F`, but normalise `..`). */
function rawPathOf(url: string): string {
  const afterScheme = url.indexOf('//');
  const pathStart = url.indexOf('/', afterScheme >= 0 ? afterScheme + 2 : 0);
  if (pathStart < 0) return '/';
  const end = url.slice(pathStart).search(/[?#]/);
  return end < 0 ? url.slice(pathStart) : url.slice(pathStart, pathStart + end);
}

function readContext(user: UserInfo, deps: ResourceHandlerDeps): RequestContext {
  return { user, dryRun: false, fieldValidation: 'Ignore', warnings: [], now: deps.now };
}

function writeContext(
  request: Request,
  user: UserInfo,
  deps: ResourceHandlerDeps,
  options: ReturnType<typeof parseWriteOptions>,
): RequestContext {
  const ctx: RequestContext = {
    user,
    dryRun: options.dryRun,
    fieldValidation: options.fieldValidation,
    warnings: [],
    now: deps.now,
  };
  // Without ?fieldManager the apiserver names the manager after the client (managerOrUserAgent).
  const fieldManager = options.fieldManager || managerFromUserAgent(request.headers.get('user-agent'));
  if (fieldManager) ctx.fieldManager = fieldManager;
  return ctx;
}

/** asTable renders objects as a Table of the requested meta.k8s.io version. */
function asTable(
  deps: ResourceHandlerDeps,
  info: ResourceInfo,
  objects: KubeObject[],
  version: TableVersion,
  query: URLSearchParams,
  listMeta: { resourceVersion?: string; continue?: string } = {},
): Record<string, unknown> {
  const table = deps.collaborators.buildTable(info, objects, {
    now: deps.now(),
    includeObject: includeObjectOf(query),
    ...(listMeta.resourceVersion !== undefined ? { resourceVersion: listMeta.resourceVersion } : {}),
    ...(listMeta.continue !== undefined ? { continue: listMeta.continue } : {}),
  });
  if (version === 'v1beta1') table.apiVersion = 'meta.k8s.io/v1beta1';
  return table;
}

async function handleGet(
  request: Request,
  req: ResourceRequestInfo,
  info: ResourceInfo,
  namespace: string | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const ctx = readContext(user, deps);
  const name = req.name as string;
  if (req.subresource) {
    return jsonResponse(
      await deps.registry.getSubresource(info, namespace, name, req.subresource, ctx),
      200,
      ctx.warnings,
    );
  }
  const object = await deps.registry.get(info, namespace, name, ctx);
  const tableVersion = tableVersionOf(request.headers.get('accept'));
  if (tableVersion) {
    const query = new URL(request.url).searchParams;
    return jsonResponse(asTable(deps, info, [object], tableVersion, query), 200, ctx.warnings);
  }
  return jsonResponse(object, 200, ctx.warnings);
}

async function handleList(
  request: Request,
  query: URLSearchParams,
  info: ResourceInfo,
  namespace: string | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const ctx = readContext(user, deps);
  const list = await deps.registry.list(info, namespace, parseListOptions(query), ctx);
  const tableVersion = tableVersionOf(request.headers.get('accept'));
  if (tableVersion) {
    return jsonResponse(
      asTable(deps, info, list.items, tableVersion, query, list.metadata),
      200,
      ctx.warnings,
    );
  }
  return jsonResponse(list, 200, ctx.warnings);
}

async function handleWatch(
  request: Request,
  query: URLSearchParams,
  info: ResourceInfo,
  namespace: string | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const ctx = readContext(user, deps);
  const options = parseListOptions(query);
  const tableVersion = tableVersionOf(request.headers.get('accept'));
  const includeObject = includeObjectOf(query);
  // onEnd may run before openWatchStream returns (an ERROR event at start), hence the holder.
  const holder: { watch?: OpenWatch } = {};
  const watch = await openWatchStream(
    (onEvent) => deps.registry.watch(info, namespace, options, ctx, onEvent),
    {
      timeoutSeconds: options.timeoutSeconds ?? deps.defaultWatchTimeoutSeconds(),
      allowBookmarks: options.allowWatchBookmarks === true,
      ...(tableVersion
        ? {
            // Only the first Table event carries the column definitions (apiserver watchEmbeddedEncoder).
            transform: (object: KubeObject, first: boolean) => {
              const table = deps.collaborators.buildTable(info, [object], {
                now: deps.now(),
                includeObject,
                noHeaders: !first,
              });
              if (tableVersion === 'v1beta1') table.apiVersion = 'meta.k8s.io/v1beta1';
              return table;
            },
          }
        : {}),
      signal: request.signal,
      onEnd: () => {
        if (holder.watch) deps.watches.delete(holder.watch);
      },
    },
  );
  holder.watch = watch;
  if (!watch.ended()) deps.watches.add(watch);
  return watch.response;
}

async function handleCreate(
  request: Request,
  query: URLSearchParams,
  req: ResourceRequestInfo,
  info: ResourceInfo,
  namespace: string | undefined,
  sub: SubresourceInfo | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const ctx = writeContext(request, user, deps, parseWriteOptions(query, 'CreateOptions'));
  const expected = sub ? sub.responseKind : { group: info.group, version: info.version, kind: info.kind };
  const body = decodeObjectBody(
    await readBody(request),
    request.headers.get('content-type'),
    expected,
    ctx,
    deps.collaborators,
  );
  if (isReviewResource(info)) {
    const review = await handleReview(info, body, {
      user,
      namespace,
      authenticator: deps.authenticator,
      authorizer: deps.authorizer,
    });
    return jsonResponse(review, 201, ctx.warnings);
  }
  if (sub) {
    // Subresource bodies (Binding, Eviction, TokenRequest) carry the parent's namespace when set.
    if (body.metadata.namespace === undefined || body.metadata.namespace === '') {
      if (namespace !== undefined) body.metadata.namespace = namespace;
    } else if (namespace !== undefined && body.metadata.namespace !== namespace) {
      reconcileNamespace(body, namespace);
    }
    const result = await deps.registry.createSubresource(
      info,
      namespace,
      req.name as string,
      sub.name,
      body,
      ctx,
    );
    return jsonResponse(withCode(result, 201), 201, ctx.warnings);
  }
  reconcileNamespace(body, info.namespaced ? namespace : undefined);
  const created = await deps.registry.create(info, namespace, body, ctx);
  return jsonResponse(created, 201, ctx.warnings);
}

/** withCode sets the code of a success Status returned by a subresource create (eviction answers 201). */
function withCode(result: KubeObject | Status, code: number): KubeObject | Status {
  if (result.kind === 'Status' && (result as Status).status === 'Success')
    return { ...(result as Status), code };
  return result;
}

async function handleUpdate(
  request: Request,
  query: URLSearchParams,
  req: ResourceRequestInfo,
  info: ResourceInfo,
  namespace: string | undefined,
  sub: SubresourceInfo | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const ctx = writeContext(request, user, deps, parseWriteOptions(query, 'UpdateOptions'));
  const expected = sub ? sub.responseKind : { group: info.group, version: info.version, kind: info.kind };
  const body = decodeObjectBody(
    await readBody(request),
    request.headers.get('content-type'),
    expected,
    ctx,
    deps.collaborators,
  );
  checkUpdateName(body, req.name as string);
  reconcileNamespace(body, info.namespaced ? namespace : undefined);
  const result = await deps.registry.update(info, namespace, req.name as string, body, ctx, req.subresource);
  return jsonResponse(result.object, result.created ? 201 : 200, ctx.warnings);
}

async function handlePatch(
  request: Request,
  query: URLSearchParams,
  req: ResourceRequestInfo,
  info: ResourceInfo,
  namespace: string | undefined,
  user: UserInfo,
  deps: ResourceHandlerDeps,
): Promise<Response> {
  const type = patchTypeOf(request.headers.get('content-type'));
  const options = parseWriteOptions(query, 'PatchOptions');
  if (type === 'apply' && !options.fieldManager) {
    throw errors.invalid('meta.k8s.io', 'PatchOptions', '', [
      {
        type: 'FieldValueRequired',
        field: 'fieldManager',
        detail: 'Required value: is required for apply patch',
      },
    ]);
  }
  if (type !== 'apply' && options.force !== undefined) {
    throw errors.invalid('meta.k8s.io', 'PatchOptions', '', [
      {
        type: 'FieldValueForbidden',
        field: 'force',
        detail: 'Forbidden: may not be specified for non-apply patch',
      },
    ]);
  }
  const ctx = writeContext(request, user, deps, options);
  const patch = decodePatchBody(type, await readBody(request));
  const patchOptions: { force?: boolean; subresource?: string } = {};
  if (options.force !== undefined) patchOptions.force = options.force;
  if (req.subresource) patchOptions.subresource = req.subresource;
  const result = await deps.registry.patch(
    info,
    namespace,
    req.name as string,
    type,
    patch,
    ctx,
    patchOptions,
  );
  return jsonResponse(result.object, result.created ? 201 : 200, ctx.warnings);
}

/** decodePatchBody parses a patch body: a JSON array for json-patch, a JSON object for merge and strategic, YAML/JSON for apply. */
export function decodePatchBody(type: PatchType, body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  if (type === 'apply') {
    const value = parseYamlText(text, (m) => `error decoding YAML: ${m}`);
    if (!isPlainObject(value))
      throw errors.badRequest('error decoding YAML: the apply patch must be an object');
    return value;
  }
  const value = parseJsonText(text, (m) => m);
  if (type === 'json') {
    if (!Array.isArray(value))
      throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    return value;
  }
  if (!isPlainObject(value))
    throw errors.badRequest(
      `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
    );
  return value;
}
