/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when a rule of a role bound
 * to the user allows it — ClusterRoleBindings everywhere, RoleBindings in their namespace (to a Role or a
 * ClusterRole). Members of `system:masters` bypass RBAC, as the apiserver's privileged-groups authorizer.
 * Denials carry no reason unless a binding points to a missing role (`RBAC: role... not found`).
 */
import type { KubeObject } from '../../../api/object';
import { findResource } from '../../../api/resources';
import type { ResourceInfo } from '../../../api/resources';
import { isNotFound } from '../../../machinery/errors';
import type { Registry, RequestContext, UserInfo } from '../../registry/interface';
import { ADMIN_USER } from '../authenticator';
import type {
  AuthorizationAttributes,
  AuthorizationDecision,
  Authorizer,
  NonResourceRule,
  ResourceRule,
  RuleResolver,
} from '../authorizer';
import type { PolicyRule } from './rules';
import { ruleAllows, toPolicyRules } from './rules';

/** SUPERUSER_GROUP bypasses authorization (kube-apiserver's `--authorization-mode` privileged group). */
export const SUPERUSER_GROUP = 'system:masters';

function rbacResource(resource: string): ResourceInfo {
  const info = findResource('rbac.authorization.k8s.io', 'v1', resource);
  if (!info) throw new Error(`${resource} missing from the resource catalogue`);
  return info;
}

export const ROLES = rbacResource('roles');
export const CLUSTER_ROLES = rbacResource('clusterroles');
export const ROLE_BINDINGS = rbacResource('rolebindings');
export const CLUSTER_ROLE_BINDINGS = rbacResource('clusterrolebindings');

/** RbacSource is where the authorizer reads roles and bindings (the registry in a cluster, a table in tests). */
export interface RbacSource {
  clusterRoleBindings(): Promise<KubeObject[]>;
  roleBindings(namespace: string): Promise<KubeObject[]>;
  /** clusterRole / role return undefined when the object does not exist. */
  clusterRole(name: string): Promise<KubeObject | undefined>;
  role(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** registryRbacSource reads RBAC objects through the registry as the API server itself. */
export function registryRbacSource(registry: Registry): RbacSource {
  const ctx: RequestContext = {
    user: ADMIN_USER,
    dryRun: false,
    fieldValidation: 'Ignore',
    warnings: [],
    now: () => new Date(),
  };
  const getOrUndefined = async (info: ResourceInfo, namespace: string | undefined, name: string) => {
    try {
      return await registry.get(info, namespace, name, ctx);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  return {
    clusterRoleBindings: async () => (await registry.list(CLUSTER_ROLE_BINDINGS, undefined, {}, ctx)).items,
    roleBindings: async (namespace) => (await registry.list(ROLE_BINDINGS, namespace, {}, ctx)).items,
    clusterRole: (name) => getOrUndefined(CLUSTER_ROLES, undefined, name),
    role: (namespace, name) => getOrUndefined(ROLES, namespace, name),
  };
}

/** subjectsOf reads a binding's subjects. */
function subjectsOf(binding: KubeObject): Record<string, unknown>[] {
  const subjects = binding.subjects;
  return Array.isArray(subjects)
    ? subjects.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    : [];
}

/**
 * appliesTo tells whether a binding subject is the user (rbac's appliesToUser): User by name, Group by
 * membership, ServiceAccount by `system:serviceaccount:<ns>:<name>` (a RoleBinding's own namespace when
 * the subject has none).
 */
export function subjectAppliesTo(
  user: UserInfo,
  subject: Record<string, unknown>,
  bindingNamespace: string,
): boolean {
  const name = typeof subject.name === 'string' ? subject.name : '';
  switch (subject.kind) {
    case 'User':
      return user.username === name;
    case 'Group':
      return user.groups.includes(name);
    case 'ServiceAccount': {
      const namespace =
        typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : bindingNamespace;
      if (!namespace) return false;
      return user.username === `system:serviceaccount:${namespace}:${name}`;
    }
    default:
      return false;
  }
}

/** describeSubject renders the subject that matched, for the allow reason. */
function describeSubject(subject: Record<string, unknown>, bindingNamespace: string): string {
  const name = String(subject.name ?? '');
  if (subject.kind === 'ServiceAccount') {
    const ns =
      typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : bindingNamespace;
    return `ServiceAccount "${name}/${ns}"`;
  }
  return `${String(subject.kind)} ${JSON.stringify(name)}`;
}

/** VisitedRules is what a visit of the user's bindings yields for one binding. */
interface BoundRules {
  /** e.g. `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`. */
  source: string;
  rules: PolicyRule[];
}

/** RBACAuthorizer authorizes requests and lists rules from the RBAC objects of a source. */
export class RBACAuthorizer implements Authorizer, RuleResolver {
  constructor(private readonly source: RbacSource) {}

  async authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision> {
    if (attributes.user.groups.includes(SUPERUSER_GROUP)) return { allowed: true };
    const errors: string[] = [];
    for await (const bound of this.visit(attributes.user, attributes.namespace ?? '', errors)) {
      if (bound.rules.some((rule) => ruleAllows(attributes, rule))) {
        return { allowed: true, reason: `RBAC: allowed by ${bound.source}` };
      }
    }
    return errors.length > 0 ? { allowed: false, reason: `RBAC: ${errors.join(', ')}` } : { allowed: false };
  }

  /** rules returns every rule the user holds in a namespace ('' = cluster-wide only) and resolution errors. */
  async rules(user: UserInfo, namespace: string): Promise<{ rules: PolicyRule[]; errors: string[] }> {
    const errors: string[] = [];
    const rules: PolicyRule[] = [];
    if (user.groups.includes(SUPERUSER_GROUP)) {
      rules.push(
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      );
    }
    for await (const bound of this.visit(user, namespace, errors)) rules.push(...bound.rules);
    return { rules, errors };
  }

  /** rulesFor answers a SelfSubjectRulesReview (RulesFor): resource and non-resource rules separately. */
  async rulesFor(
    user: UserInfo,
    namespace: string,
  ): Promise<{
    resourceRules: ResourceRule[];
    nonResourceRules: NonResourceRule[];
    incomplete: boolean;
    evaluationError?: string;
  }> {
    const { rules, errors } = await this.rules(user, namespace);
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const rule of rules) {
      if ((rule.resources ?? []).length > 0) {
        const out: ResourceRule = {
          verbs: rule.verbs,
          apiGroups: rule.apiGroups ?? [],
          resources: rule.resources,
        };
        if ((rule.resourceNames ?? []).length > 0) out.resourceNames = rule.resourceNames;
        resourceRules.push(out);
      }
      if ((rule.nonResourceURLs ?? []).length > 0) {
        nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
      }
    }
    const status: {
      resourceRules: ResourceRule[];
      nonResourceRules: NonResourceRule[];
      incomplete: boolean;
      evaluationError?: string;
    } = { resourceRules, nonResourceRules, incomplete: errors.length > 0 };
    if (errors.length > 0) status.evaluationError = `[${errors.join(', ')}]`;
    return status;
  }

  /** visit yields the rules of every binding that applies to the user (cluster bindings, then the namespace's). */
  private async *visit(user: UserInfo, namespace: string, errors: string[]): AsyncGenerator<BoundRules> {
    for (const binding of await this.source.clusterRoleBindings()) {
      const subject = subjectsOf(binding).find((s) => subjectAppliesTo(user, s, ''));
      if (!subject) continue;
      const roleName = String((binding.roleRef as Record<string, unknown> | undefined)?.name ?? '');
      const role = await this.source.clusterRole(roleName);
      if (!role) {
        errors.push(`clusterrole.rbac.authorization.k8s.io ${JSON.stringify(roleName)} not found`);
        continue;
      }
      yield {
        source: `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)} of ClusterRole ${JSON.stringify(roleName)} to ${describeSubject(subject, '')}`,
        rules: toPolicyRules(role.rules),
      };
    }
    if (!namespace) return;
    for (const binding of await this.source.roleBindings(namespace)) {
      const subject = subjectsOf(binding).find((s) => subjectAppliesTo(user, s, namespace));
      if (!subject) continue;
      const ref = (binding.roleRef ?? {}) as Record<string, unknown>;
      const roleName = String(ref.name ?? '');
      const isClusterRole = ref.kind === 'ClusterRole';
      const role = isClusterRole
        ? await this.source.clusterRole(roleName)
        : await this.source.role(namespace, roleName);
      if (!role) {
        errors.push(
          `${isClusterRole ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io ${JSON.stringify(roleName)} not found`,
        );
        continue;
      }
      yield {
        source: `RoleBinding ${JSON.stringify(`${binding.metadata.name}/${namespace}`)} of ${isClusterRole ? 'ClusterRole' : 'Role'} ${JSON.stringify(roleName)} to ${describeSubject(subject, namespace)}`,
        rules: toPolicyRules(role.rules),
      };
    }
  }
}
