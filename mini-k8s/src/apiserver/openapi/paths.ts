/**
 * The `paths` section of a per-group-version OpenAPI v3 document: one operation per verb of every
 * served resource (list, create, read, replace, patch, delete, deletecollection, and the status/scale
 * style subresources), shaped like the Kubernetes API server's, with `x-kubernetes-action`,
 * `x-kubernetes-group-version-kind` and the query parameters kubectl looks for.
 *
 * kubectl (`apply`, `create -f`, `replace`, `edit`) only sends `fieldValidation=Strict` after checking
 * that the PATCH operation of the object's GVK declares a `fieldValidation` parameter.
 */
import type { GroupVersionKind } from '../../api/object';
import type { ResourceInfo, SubresourceInfo } from '../../api/resources';
import { REF_PREFIX } from './schema-catalog';
import type { OpenApiSchema } from './schema-catalog';

/** SchemaLookup resolves a GVK to its component schema name (undefined when not available). */
export type SchemaLookup = (gvk: GroupVersionKind) => string | undefined;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Subresources served by connection upgrades or plain text, which upstream does not describe as objects. */
const CONNECT_SUBRESOURCES = new Set(['attach', 'exec', 'log', 'portforward', 'proxy']);

type Param = OpenApiSchema;

function query(name: string, description: string, type: 'string' | 'integer' | 'boolean'): Param {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const P = {
  name: (kind: string): Param => ({
    name: 'name',
    in: 'path',
    description: `name of the ${kind}`,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  }),
  namespace: {
    name: 'namespace',
    in: 'path',
    description: 'object name and auth scope, such as for teams and projects',
    required: true,
    schema: { type: 'string', uniqueItems: true },
  } as Param,
  pretty: query('pretty', "If 'true', then the output is pretty printed.", 'string'),
  dryRun: query(
    'dryRun',
    'When present, indicates that modifications should not be persisted. Valid value: All.',
    'string',
  ),
  fieldManager: query(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
    'string',
  ),
  fieldValidation: query(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are Ignore, Warn and Strict.',
    'string',
  ),
  force: query(
    'force',
    'Force is going to "force" Apply requests: re-acquire conflicting fields owned by other people.',
    'boolean',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted.',
    'integer',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    'Whether and how garbage collection will be performed: Orphan, Background or Foreground.',
    'string',
  ),
  orphanDependents: query('orphanDependents', 'Deprecated: use propagationPolicy.', 'boolean'),
  list: [
    query(
      'allowWatchBookmarks',
      'allowWatchBookmarks requests watch events with type "BOOKMARK".',
      'boolean',
    ),
    query(
      'continue',
      'The continue option should be set when retrieving more results from the server.',
      'string',
    ),
    query('fieldSelector', 'A selector to restrict the list of returned objects by their fields.', 'string'),
    query('labelSelector', 'A selector to restrict the list of returned objects by their labels.', 'string'),
    query('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
    query(
      'resourceVersion',
      'resourceVersion sets a constraint on what resource versions a request may be served from.',
      'string',
    ),
    query(
      'resourceVersionMatch',
      'resourceVersionMatch determines how resourceVersion is applied to list calls.',
      'string',
    ),
    query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
    query(
      'watch',
      'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
      'boolean',
    ),
  ] as Param[],
};

const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_MEDIA = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

function ref(name: string): OpenApiSchema {
  return { $ref: `${REF_PREFIX}${name}` };
}

function content(schemaName: string, media: string[] = MEDIA): OpenApiSchema {
  return Object.fromEntries(media.map((m) => [m, { schema: ref(schemaName) }]));
}

function responses(schemaName: string, codes: Record<string, string>): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [code, description] of Object.entries(codes))
    out[code] = { description, content: content(schemaName) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** camelGroup turns `rbac.authorization.k8s.io` into `RbacAuthorization` (and `` into `Core`). */
function camelGroup(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** gvPrefix is the URL prefix of a group version: `/api/v1` or `/apis/<group>/<version>`. */
export function gvPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** tagOf is the operation tag of a group version, e.g. `core_v1`, `rbacAuthorization_v1`. */
function tagOf(group: string, version: string): string {
  const camel = camelGroup(group);
  return `${camel.charAt(0).toLowerCase()}${camel.slice(1)}_${version}`;
}

interface OperationSpec {
  action: string;
  description: string;
  parameters: Param[];
  requestBody?: OpenApiSchema;
  responses: OpenApiSchema;
  gvk: GroupVersionKind;
}

/** buildPaths returns the `paths` object of one group version's document. */
export function buildPaths(
  group: string,
  version: string,
  resources: readonly ResourceInfo[],
  lookup: SchemaLookup,
): Record<string, OpenApiSchema> {
  const prefix = gvPrefix(group, version);
  const tag = tagOf(group, version);
  const idBase = `${camelGroup(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`;
  const paths: Record<string, OpenApiSchema> = {};
  const put = (
    path: string,
    method: string,
    op: OperationSpec,
    operationId: string,
    shared: Param[],
  ): void => {
    const item = (paths[path] ??= { parameters: shared });
    item[method] = {
      tags: [tag],
      description: op.description,
      operationId,
      ...(op.parameters.length > 0 ? { parameters: op.parameters } : {}),
      ...(op.requestBody ? { requestBody: op.requestBody } : {}),
      responses: op.responses,
      'x-kubernetes-action': op.action,
      'x-kubernetes-group-version-kind': { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version },
    };
  };

  paths[`${prefix}/`] = {
    get: {
      tags: [tag],
      description: 'get available resources',
      operationId: `get${idBase}APIResources`,
      responses: responses(`${META}.APIResourceList`, { '200': 'OK' }),
    },
  };

  for (const info of resources) {
    const schema = lookup(info);
    if (!schema) continue;
    const kind = info.kind;
    const ns = info.namespaced ? 'Namespaced' : '';
    const collection = info.namespaced
      ? `${prefix}/namespaces/{namespace}/${info.resource}`
      : `${prefix}/${info.resource}`;
    const item = `${collection}/{name}`;
    const collectionParams = info.namespaced ? [P.namespace, P.pretty] : [P.pretty];
    const itemParams = [P.name(kind), ...collectionParams];
    const verbs = new Set<string>(info.verbs);
    const listSchema = lookup({ group, version, kind: `${kind}List` });
    const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
    const body = { content: { '*/*': { schema: ref(schema) } }, required: true };
    const deleteBody = { content: { '*/*': { schema: ref(`${META}.DeleteOptions`) } } };
    const deleteParams = [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy];

    if (verbs.has('list') && listSchema) {
      const op: OperationSpec = {
        action: 'list',
        description: `list or watch objects of kind ${kind}`,
        parameters: P.list,
        responses: responses(listSchema, { '200': 'OK' }),
        gvk: info,
      };
      put(collection, 'get', op, `list${idBase}${ns}${kind}`, collectionParams);
      if (info.namespaced)
        put(`${prefix}/${info.resource}`, 'get', op, `list${idBase}${kind}ForAllNamespaces`, [P.pretty]);
    }
    if (verbs.has('create')) {
      put(
        collection,
        'post',
        {
          action: 'post',
          description: `create a ${kind}`,
          parameters: writeParams,
          requestBody: body,
          responses: responses(schema, { '200': 'OK', '201': 'Created', '202': 'Accepted' }),
          gvk: info,
        },
        `create${idBase}${ns}${kind}`,
        collectionParams,
      );
    }
    if (verbs.has('deletecollection')) {
      put(
        collection,
        'delete',
        {
          action: 'deletecollection',
          description: `delete collection of ${kind}`,
          parameters: [...deleteParams, ...P.list],
          requestBody: deleteBody,
          responses: responses(`${META}.Status`, { '200': 'OK' }),
          gvk: info,
        },
        `delete${idBase}Collection${ns}${kind}`,
        collectionParams,
      );
    }
    if (verbs.has('get')) {
      put(
        item,
        'get',
        {
          action: 'get',
          description: `read the specified ${kind}`,
          parameters: [],
          responses: responses(schema, { '200': 'OK' }),
          gvk: info,
        },
        `read${idBase}${ns}${kind}`,
        itemParams,
      );
    }
    if (verbs.has('update')) {
      put(
        item,
        'put',
        {
          action: 'put',
          description: `replace the specified ${kind}`,
          parameters: writeParams,
          requestBody: body,
          responses: responses(schema, { '200': 'OK', '201': 'Created' }),
          gvk: info,
        },
        `replace${idBase}${ns}${kind}`,
        itemParams,
      );
    }
    if (verbs.has('patch')) {
      put(item, 'patch', patchOperation(kind, '', info, schema), `patch${idBase}${ns}${kind}`, itemParams);
    }
    if (verbs.has('delete')) {
      put(
        item,
        'delete',
        {
          action: 'delete',
          description: `delete a ${kind}`,
          parameters: deleteParams,
          requestBody: deleteBody,
          responses: responses(`${META}.Status`, { '200': 'OK', '202': 'Accepted' }),
          gvk: info,
        },
        `delete${idBase}${ns}${kind}`,
        itemParams,
      );
    }
    for (const sub of info.subresources ?? []) {
      addSubresource(sub, { kind, ns, idBase, item, itemParams, writeParams, lookup, put });
    }
  }
  return paths;
}

interface SubresourceContext {
  kind: string;
  ns: string;
  idBase: string;
  item: string;
  itemParams: Param[];
  writeParams: Param[];
  lookup: SchemaLookup;
  put: (path: string, method: string, op: OperationSpec, operationId: string, shared: Param[]) => void;
}

/** addSubresource adds the operations of an object-valued subresource (status, scale, eviction, ...). */
function addSubresource(sub: SubresourceInfo, ctx: SubresourceContext): void {
  if (CONNECT_SUBRESOURCES.has(sub.name)) return;
  const schema = ctx.lookup(sub.responseKind);
  if (!schema) return;
  const path = `${ctx.item}/${sub.name}`;
  const subName = sub.name.charAt(0).toUpperCase() + sub.name.slice(1);
  const id = (verb: string): string => `${verb}${ctx.idBase}${ctx.ns}${ctx.kind}${subName}`;
  const gvk = sub.responseKind;
  const body = { content: { '*/*': { schema: { $ref: `${REF_PREFIX}${schema}` } } }, required: true };
  const verbs = new Set(sub.verbs);
  if (verbs.has('get')) {
    ctx.put(
      path,
      'get',
      {
        action: 'get',
        description: `read ${sub.name} of the specified ${ctx.kind}`,
        parameters: [],
        responses: responses(schema, { '200': 'OK' }),
        gvk,
      },
      id('read'),
      ctx.itemParams,
    );
  }
  if (verbs.has('create')) {
    ctx.put(
      path,
      'post',
      {
        action: 'post',
        description: `create ${sub.name} of a ${ctx.kind}`,
        parameters: ctx.writeParams,
        requestBody: body,
        responses: responses(schema, { '200': 'OK', '201': 'Created', '202': 'Accepted' }),
        gvk,
      },
      id('create'),
      ctx.itemParams,
    );
  }
  if (verbs.has('update')) {
    ctx.put(
      path,
      'put',
      {
        action: 'put',
        description: `replace ${sub.name} of the specified ${ctx.kind}`,
        parameters: ctx.writeParams,
        requestBody: body,
        responses: responses(schema, { '200': 'OK', '201': 'Created' }),
        gvk,
      },
      id('replace'),
      ctx.itemParams,
    );
  }
  if (verbs.has('patch'))
    ctx.put(path, 'patch', patchOperation(ctx.kind, sub.name, gvk, schema), id('patch'), ctx.itemParams);
}

/** patchOperation describes a PATCH of an object or of a subresource. */
function patchOperation(
  kind: string,
  subresource: string,
  gvk: GroupVersionKind,
  responseSchema: string,
): OperationSpec {
  const what = subresource ? `${subresource} of the specified ${kind}` : `the specified ${kind}`;
  return {
    action: 'patch',
    description: `partially update ${what}`,
    parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
    requestBody: { content: content(`${META}.Patch`, PATCH_MEDIA), required: true },
    responses: responses(responseSchema, { '200': 'OK', '201': 'Created' }),
    gvk: { group: gvk.group, version: gvk.version, kind: gvk.kind },
  };
}
