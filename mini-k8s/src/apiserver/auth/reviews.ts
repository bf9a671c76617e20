/**
 * The virtual review resources of authentication.k8s.io and authorization.k8s.io: nothing is stored, the
 * answer is computed from the authenticator and the authorizer and returned with HTTP 201 (what
 * `kubectl auth can-i`, `auth can-i --list` and `auth whoami` read).
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { errors } from '../../machinery/errors';
import type { UserInfo } from '../registry/interface';
import type { Authenticator } from './authenticator';
import type { AuthorizationAttributes, Authorizer, RuleResolver } from './authorizer';
import { isPlainObject } from '../http/body';

/** REVIEW_RESOURCES are the `group/resource` pairs served by handleReview. */
const REVIEW_RESOURCES = new Set([
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
]);

/** isReviewResource tells whether a resource is one of the virtual reviews handled here. */
export function isReviewResource(info: ResourceInfo): boolean {
  return REVIEW_RESOURCES.has(`${info.group}/${info.resource}`);
}

/** ReviewContext is what a review needs: the caller, the URL namespace, the auth components. */
export interface ReviewContext {
  user: UserInfo;
  namespace?: string;
  authenticator: Authenticator;
  authorizer: Authorizer;
}

/** handleReview computes the status of a review object and returns the object to send back with 201. */
export async function handleReview(
  info: ResourceInfo,
  body: KubeObject,
  ctx: ReviewContext,
): Promise<KubeObject> {
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const out: KubeObject = {
    ...body,
    apiVersion: `${info.group}/${info.version}`,
    kind: info.kind,
    metadata: { ...body.metadata, creationTimestamp: null },
  };
  switch (info.resource) {
    case 'selfsubjectreviews':
      out.status = { userInfo: userInfoJson(ctx.user) };
      return out;
    case 'tokenreviews': {
      const token = typeof spec.token === 'string' ? spec.token : '';
      const user = token
        ? await ctx.authenticator.authenticate({
            get: (name) => (name.toLowerCase() === 'authorization' ? `Bearer ${token}` : null),
          })
        : undefined;
      out.status = user
        ? { authenticated: true, user: userInfoJson(user) }
        : { user: {}, error: 'invalid bearer token' };
      return out;
    }
    case 'selfsubjectaccessreviews':
      out.status = await accessReviewStatus(ctx.user, spec, ctx.authorizer);
      return out;
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      const subject: UserInfo = {
        username: typeof spec.user === 'string' ? spec.user : '',
        groups: Array.isArray(spec.groups)
          ? spec.groups.filter((g): g is string => typeof g === 'string')
          : [],
      };
      if (typeof spec.uid === 'string') subject.uid = spec.uid;
      if (!subject.username && subject.groups.length === 0) {
        throw errors.invalid(info.group, info.kind, '', [
          {
            type: 'FieldValueRequired',
            field: 'spec.user',
            detail: 'Required value: at least one of user or group must be specified',
          },
        ]);
      }
      if (info.resource === 'localsubjectaccessreviews') {
        const attrs = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
        if (!attrs || attrs.namespace !== ctx.namespace) {
          throw errors.badRequest(
            `spec.resourceAttributes.namespace must match namespace: ${ctx.namespace ?? ''}`,
          );
        }
      }
      out.status = await accessReviewStatus(subject, spec, ctx.authorizer);
      return out;
    }
    case 'selfsubjectrulesreviews': {
      const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
      const resolver = ctx.authorizer as Partial<RuleResolver>;
      if (typeof resolver.rulesFor !== 'function') {
        out.status = {
          resourceRules: [],
          nonResourceRules: [],
          incomplete: true,
          evaluationError: 'the authorizer cannot list rules',
        };
        return out;
      }
      out.status = await resolver.rulesFor(ctx.user, namespace);
      return out;
    }
    default:
      throw errors.resourceNotFound();
  }
}

/** accessReviewStatus authorizes a SubjectAccessReview spec for a user and returns its status. */
async function accessReviewStatus(
  user: UserInfo,
  spec: Record<string, unknown>,
  authorizer: Authorizer,
): Promise<Record<string, unknown>> {
  let attributes: AuthorizationAttributes;
  if (isPlainObject(spec.resourceAttributes)) {
    const r = spec.resourceAttributes;
    const text = (key: string) => (typeof r[key] === 'string' ? (r[key] as string) : undefined);
    attributes = {
      user,
      verb: text('verb') ?? '',
      resourceRequest: true,
      group: text('group') ?? '',
      version: text('version'),
      resource: text('resource') ?? '',
      subresource: text('subresource'),
      namespace: text('namespace'),
      name: text('name'),
    };
  } else if (isPlainObject(spec.nonResourceAttributes)) {
    const n = spec.nonResourceAttributes;
    attributes = {
      user,
      verb: typeof n.verb === 'string' ? n.verb : '',
      resourceRequest: false,
      path: typeof n.path === 'string' ? n.path : '',
    };
  } else {
    throw errors.invalid('authorization.k8s.io', 'SelfSubjectAccessReview', '', [
      {
        type: 'FieldValueRequired',
        field: 'spec.resourceAttributes',
        detail:
          'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  const decision = await authorizer.authorize(attributes);
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return status;
}

/** userInfoJson renders a UserInfo as authentication.k8s.io UserInfo JSON (empty fields omitted). */
function userInfoJson(user: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { username: user.username };
  if (user.uid) out.uid = user.uid;
  if (user.groups.length > 0) out.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}
