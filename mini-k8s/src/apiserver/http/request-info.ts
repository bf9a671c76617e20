/**
 * Request-path parsing for resource requests, after k8s.io/apiserver's RequestInfoFactory: it turns
 * `/api/v1/namespaces/default/pods/web/status` into group, version, namespace, resource, name,
 * subresource and the Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection).
 */
import { errors } from '../../machinery/errors';

/** ApiVerb is the Kubernetes verb of a resource request, as authorization sees it. */
export type ApiVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** ResourceRequestInfo is the parsed form of a resource URL. */
export interface ResourceRequestInfo {
  verb: ApiVerb;
  /** '' for the core group (`/api/v1`). */
  group: string;
  version: string;
  /** Namespace from the path (`/namespaces/{ns}/...`); for `namespaces/{name}` it is the name itself. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Path after the subresource, for `proxy` (`/pods/web/proxy/healthz` → `healthz`). */
  subpath?: string;
}

/** Subresources of a namespace that do not start a namespaced resource path (`/namespaces/x/status`). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * splitPath splits a raw (still percent-encoded) URL path into decoded segments. It rejects the segment
 * forms the real server cannot route to an object (`.`, `..`, encoded slashes), because decoding `%2F`
 * after splitting would let a name smuggle a path separator.
 */
export function splitPath(rawPath: string): string[] {
  const segments = rawPath.split('/').filter((s) => s !== '');
  return segments.map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw errors.badRequest(`invalid URL escape in path segment ${JSON.stringify(segment)}`);
    }
    return decoded;
  });
}

/**
 * validatePathSegmentName checks a name used as a path segment (apimachinery path.IsValidPathSegmentName)
 * and returns the problems, empty when valid.
 */
export function validatePathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const problems: string[] = [];
  if (name.includes('/')) problems.push("may not contain '/'");
  if (name.includes('%')) problems.push("may not contain '%'");
  return problems;
}

/**
 * parseResourcePath parses a resource path (`/api/v1/...` or `/apis/<group>/<version>/...`) for an HTTP
 * method and returns undefined when the path is not a resource path (then the caller answers 404).
 * `watch` is the parsed `?watch=` flag: a list with watch=true is the `watch` verb.
 */
export function parseResourcePath(
  method: string,
  rawPath: string,
  watch: boolean,
): ResourceRequestInfo | undefined {
  const parts = splitPath(rawPath);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return undefined;

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    // `/namespaces/{ns}/{resource}...` is a namespaced resource; `/namespaces/{name}[/status]` is the namespace itself.
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }

  const [resource, name, subresource, ...tail] = rest;
  if (tail.length > 0 && subresource !== 'proxy') return undefined;
  if (name !== undefined) {
    const problems = validatePathSegmentName(name);
    if (problems.length > 0)
      throw errors.badRequest(`invalid resource name ${JSON.stringify(name)}: [${problems.join(', ')}]`);
  }
  if (namespace !== undefined) {
    const problems = validatePathSegmentName(namespace);
    if (problems.length > 0)
      throw errors.badRequest(`invalid namespace ${JSON.stringify(namespace)}: [${problems.join(', ')}]`);
  }

  const info: ResourceRequestInfo = {
    verb: verbFor(method, name !== undefined, watch),
    group,
    version,
    resource,
  };
  if (namespace !== undefined) info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  if (tail.length > 0) info.subpath = tail.join('/');
  return info;
}

/** verbFor maps an HTTP method to the Kubernetes verb (RequestInfoFactory's table). */
function verbFor(method: string, hasName: boolean, watch: boolean): ApiVerb {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
  }
}

/**
 * checkRawPath inspects the path exactly as the client sent it, before URL parsing resolves `.` and `..`
 * segments (fetch's Request normalises `/pods/..` into the parent collection). A path with dot segments
 * is refused: a resource path with the name-validation text, any other path as not found.
 */
export function checkRawPath(method: string, rawUrl: string): void {
  const rawPath = rawUrl.split(/[?#]/)[0];
  const dotSegment = /(^|\/)(\.|%2e){1,2}(\/|$)/i;
  if (!dotSegment.test(rawPath)) return;
  parseResourcePath(method, rawPath, false);
  throw errors.resourceNotFound();
}
