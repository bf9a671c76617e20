/**
 * Object bodies of create and update requests: decoding by Content-Type, the group/version/kind check
 * against the URL, the namespace check, and field validation (Strict / Warn / Ignore) — the steps of the
 * apiserver's create and update handlers before the object reaches the registry.
 */
import { apiVersionOf, parseApiVersion } from '../../api/object';
import type { GroupVersionKind, KubeObject } from '../../api/object';
import { errors } from '../../machinery/errors';
import type { RequestContext } from '../registry/interface';
import { bodyFormatOf, decodeObjectText } from './body';
import type { Collaborators } from './collaborators';

/** internalPackage names the Go internal API package of a group, as conversion errors print it (`core`, `apps`, `networking`). */
function internalPackage(group: string): string {
  return group === '' ? 'core' : group.split('.')[0];
}

/**
 * decodeObjectBody decodes a create/update body into the object expected at `expected`, defaulting a
 * missing apiVersion and kind from the URL (like the apiserver's defaultGVK), and applies field validation.
 * Warnings for fieldValidation=Warn are appended to ctx.warnings.
 */
export function decodeObjectBody(
  body: Uint8Array,
  contentType: string | null,
  expected: GroupVersionKind,
  ctx: Pick<RequestContext, 'fieldValidation' | 'warnings'>,
  collaborators: Pick<
    Collaborators,
    'decodeProtobuf' | 'findFieldProblems' | 'findDuplicateFields' | 'pruneUnknownFields'
  >,
): KubeObject {
  const format = bodyFormatOf(contentType);
  let object: KubeObject;
  let jsonText: string | undefined;
  if (format === 'protobuf') {
    object = collaborators.decodeProtobuf(body);
  } else {
    const decoded = decodeObjectText(body, format, expected.kind);
    object = decoded.object;
    jsonText = decoded.jsonText;
  }

  const expectedApiVersion = apiVersionOf(expected.group, expected.version);
  const bodyApiVersion =
    typeof object.apiVersion === 'string' && object.apiVersion !== ''
      ? object.apiVersion
      : expectedApiVersion;
  const bodyKind = typeof object.kind === 'string' && object.kind !== '' ? object.kind : expected.kind;
  const { group: bodyGroup, version: bodyVersion } = parseApiVersion(bodyApiVersion);
  if (bodyKind !== expected.kind) {
    throw errors.badRequest(
      `${bodyKind} in version ${JSON.stringify(bodyVersion)} cannot be handled as a ${expected.kind}: converting (${bodyVersion}.${bodyKind}) to (${internalPackage(expected.group)}.${expected.kind}): unknown conversion`,
    );
  }
  if (bodyGroup !== expected.group || bodyVersion !== expected.version) {
    throw errors.badRequest(
      `the API version in the data (${bodyApiVersion}) does not match the expected API version (${expectedApiVersion})`,
    );
  }
  object.apiVersion = expectedApiVersion;
  object.kind = expected.kind;

  if (format !== 'protobuf' && ctx.fieldValidation !== 'Ignore') {
    // Unknown fields first, then duplicates: the order of the apiserver's strict decoding error.
    const problems = [
      ...collaborators
        .findFieldProblems(expected.group, expected.version, expected.kind, object)
        .unknown.map((path) => `unknown field ${JSON.stringify(path)}`),
      ...(jsonText !== undefined
        ? collaborators.findDuplicateFields(jsonText).map((path) => `duplicate field ${JSON.stringify(path)}`)
        : []),
    ];
    if (problems.length > 0) {
      if (ctx.fieldValidation === 'Strict') {
        throw errors.badRequest(
          `${expected.kind} in version ${JSON.stringify(expected.version)} cannot be handled as a ${expected.kind}: strict decoding error: ${problems.join(', ')}`,
        );
      }
      ctx.warnings.push(...problems);
    }
  }
  if (format !== 'protobuf')
    object = collaborators.pruneUnknownFields(expected.group, expected.version, expected.kind, object);
  return object;
}

/**
 * reconcileNamespace applies the apiserver's EnsureObjectNamespaceMatchesRequestNamespace: an empty
 * namespace takes the request's, a cluster-scoped request clears it, a different one is a 400.
 */
export function reconcileNamespace(object: KubeObject, requestNamespace: string | undefined): void {
  const objectNamespace = object.metadata.namespace ?? '';
  const wanted = requestNamespace ?? '';
  if (objectNamespace === wanted) return;
  if (objectNamespace === '') {
    object.metadata.namespace = wanted;
    return;
  }
  if (wanted === '') {
    delete object.metadata.namespace;
    return;
  }
  throw errors.badRequest(
    'the namespace of the provided object does not match the namespace sent on the request',
  );
}

/** checkUpdateName rejects a PUT whose body names another object than the URL (apiserver checkName). */
export function checkUpdateName(object: KubeObject, urlName: string): void {
  const name = object.metadata.name ?? '';
  if (name === '') {
    object.metadata.name = urlName;
    return;
  }
  if (name !== urlName)
    throw errors.badRequest(
      `the name of the object (${name}) does not match the name on the URL (${urlName})`,
    );
}
