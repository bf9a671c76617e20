/**
 * Authorization: may this user do this? The attributes and the Forbidden texts follow
 * k8s.io/apiserver's authorizer.Attributes and responsewriters.ForbiddenStatusError, so kubectl prints
 * `Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"`.
 */
import { StatusError } from '../../machinery/errors';
import type { UserInfo } from '../registry/interface';

/** AuthorizationAttributes describe one request to authorize (resource or non-resource). */
export interface AuthorizationAttributes {
  user: UserInfo;
  /** Kubernetes verb (get, list, create, ..., impersonate) or the lower-case HTTP method for non-resource paths. */
  verb: string;
  /** True for `/api/...` and `/apis/...` object requests, false for paths such as `/version`. */
  resourceRequest: boolean;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** URL path of a non-resource request. */
  path?: string;
}

/** AuthorizationDecision is the answer of an Authorizer. */
export interface AuthorizationDecision {
  allowed: boolean;
  /** Why it was denied (or allowed), appended to the Forbidden message. */
  reason?: string;
}

/** Authorizer decides whether a request is allowed. */
export interface Authorizer {
  authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision>;
}

/** ResourceRule and NonResourceRule are the rule shapes of a SelfSubjectRulesReview status. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** RuleResolver lists what a user may do in a namespace (authorizer.RuleResolver); optional on an Authorizer. */
export interface RuleResolver {
  rulesFor(
    user: UserInfo,
    namespace: string,
  ): Promise<{ resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[]; incomplete: boolean }>;
}

/** AlwaysAllowAuthorizer allows everything (the apiserver's `--authorization-mode=AlwaysAllow`). */
export class AlwaysAllowAuthorizer implements Authorizer, RuleResolver {
  async authorize(): Promise<AuthorizationDecision> {
    return { allowed: true };
  }

  /** rulesFor answers `*` for everything, as the real AlwaysAllow authorizer's RulesFor. */
  async rulesFor(): Promise<{
    resourceRules: ResourceRule[];
    nonResourceRules: NonResourceRule[];
    incomplete: boolean;
  }> {
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
}

/** forbiddenMessage renders what the user may not do, as apiserver's forbiddenMessage. */
export function forbiddenMessage(attributes: AuthorizationAttributes): string {
  const username = attributes.user.username;
  if (!attributes.resourceRequest) {
    return `User ${JSON.stringify(username)} cannot ${attributes.verb} path ${JSON.stringify(attributes.path ?? '')}`;
  }
  let resource = attributes.resource ?? '';
  if (attributes.subresource) resource = `${resource}/${attributes.subresource}`;
  const group = JSON.stringify(attributes.group ?? '');
  const scope = attributes.namespace
    ? `in the namespace ${JSON.stringify(attributes.namespace)}`
    : 'at the cluster scope';
  return `User ${JSON.stringify(username)} cannot ${attributes.verb} resource ${JSON.stringify(resource)} in API group ${group} ${scope}`;
}

/** forbiddenError builds the 403 StatusError for denied attributes, as ForbiddenStatusError + NewForbidden. */
export function forbiddenError(attributes: AuthorizationAttributes, reason?: string): StatusError {
  let message = forbiddenMessage(attributes);
  if (reason) message = `${message}: ${reason}`;
  const resource = attributes.resourceRequest ? (attributes.resource ?? '') : '';
  const group = attributes.resourceRequest ? (attributes.group ?? '') : '';
  const name = attributes.name ?? '';
  let full: string;
  if (!resource && !group) full = `forbidden: ${message}`;
  else {
    const qualified = group ? `${resource}.${group}` : resource;
    full = name
      ? `${qualified} ${JSON.stringify(name)} is forbidden: ${message}`
      : `${qualified} is forbidden: ${message}`;
  }
  const details: { name?: string; group?: string; kind?: string } = {};
  if (name) details.name = name;
  if (group) details.group = group;
  if (resource) details.kind = resource;
  return new StatusError(403, 'Forbidden', full, Object.keys(details).length > 0 ? details : undefined);
}
