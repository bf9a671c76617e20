/**
 * RBAC escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased):
 * a user may only write a Role or ClusterRole whose rules they already hold (or with the `escalate` verb on
 * it), and only bind a role whose rules they already hold (or with the `bind` verb on it). Members of
 * `system:masters` are exempt. The Forbidden text is upstream's ConfirmNoEscalation message.
 */
import type { KubeObject } from '../../../api/object';
import type { ResourceInfo } from '../../../api/resources';
import { errors } from '../../../machinery/errors';
import type { Registry, RequestContext, UserInfo } from '../../registry/interface';
import type { RBACAuthorizer, RbacSource } from './authorizer';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, ROLE_BINDINGS, ROLES, SUPERUSER_GROUP } from './authorizer';
import type { PolicyRule } from './rules';
import { compactRules, compactString, toPolicyRules, uncoveredRules } from './rules';

const FULL_AUTHORITY: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

function goQuoted(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function forbidden(info: ResourceInfo, name: string, message: string) {
  return errors.forbidden(`${info.resource}.${info.group} ${JSON.stringify(name)} is forbidden: ${message}`);
}

/**
 * EscalationCheck confirms RBAC writes. `check` is called with the object as it will be stored (and the
 * stored one on updates); it throws 403 when the write would grant rights the user does not hold.
 */
export class EscalationCheck {
  constructor(
    private readonly authorizer: RBACAuthorizer,
    private readonly source: RbacSource,
  ) {}

  /** guards tells whether writes to this resource are checked. */
  guards(info: ResourceInfo): boolean {
    return [ROLES, CLUSTER_ROLES, ROLE_BINDINGS, CLUSTER_ROLE_BINDINGS].includes(info);
  }

  async check(
    info: ResourceInfo,
    obj: KubeObject,
    old: KubeObject | undefined,
    user: UserInfo,
  ): Promise<void> {
    if (user.groups.includes(SUPERUSER_GROUP)) return;
    const name = obj.metadata.name ?? '';
    const namespace = obj.metadata.namespace ?? '';
    if (info === ROLES || info === CLUSTER_ROLES) {
      if (
        old &&
        JSON.stringify(old.rules ?? null) === JSON.stringify(obj.rules ?? null) &&
        !obj.aggregationRule
      )
        return;
      if (await this.allowed(user, 'escalate', info.resource, name, namespace)) return;
      if (info === CLUSTER_ROLES && obj.aggregationRule) {
        if ((await this.missing(user, '', FULL_AUTHORITY)).missing.length > 0) {
          throw forbidden(info, name, 'must have cluster-admin privileges to use the aggregationRule');
        }
        return;
      }
      await this.confirmNoEscalation(info, name, user, namespace, toPolicyRules(obj.rules));
      return;
    }
    const ref = (obj.roleRef ?? {}) as Record<string, unknown>;
    const oldRef = old ? JSON.stringify(old.roleRef) : undefined;
    if (oldRef !== undefined && oldRef === JSON.stringify(obj.roleRef)) return;
    const roleName = typeof ref.name === 'string' ? ref.name : '';
    const isClusterRole = ref.kind === 'ClusterRole';
    const roleResource = isClusterRole ? 'clusterroles' : 'roles';
    if (await this.allowed(user, 'bind', roleResource, roleName, namespace)) return;
    const role = isClusterRole
      ? await this.source.clusterRole(roleName)
      : await this.source.role(namespace, roleName);
    if (!role) {
      throw forbidden(
        info,
        name,
        `${isClusterRole ? 'clusterroles' : 'roles'}.rbac.authorization.k8s.io ${JSON.stringify(roleName)} not found`,
      );
    }
    await this.confirmNoEscalation(info, name, user, namespace, toPolicyRules(role.rules));
  }

  private async allowed(user: UserInfo, verb: string, resource: string, name: string, namespace: string) {
    const decision = await this.authorizer.authorize({
      user,
      verb,
      resourceRequest: true,
      group: 'rbac.authorization.k8s.io',
      resource,
      name,
      ...(namespace ? { namespace } : {}),
    });
    return decision.allowed;
  }

  private async missing(user: UserInfo, namespace: string, rules: PolicyRule[]) {
    const owned = await this.authorizer.rules(user, namespace);
    return { missing: uncoveredRules(owned.rules, rules), errors: owned.errors };
  }

  private async confirmNoEscalation(
    info: ResourceInfo,
    name: string,
    user: UserInfo,
    namespace: string,
    rules: PolicyRule[],
  ): Promise<void> {
    const { missing, errors: resolution } = await this.missing(user, namespace, rules);
    if (missing.length === 0) return;
    const lines = [...new Set(compactRules(missing).map(compactString))].sort();
    let message = `user ${JSON.stringify(user.username)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
    if (resolution.length > 0) message += `; resolution errors: [${resolution.join(' ')}]`;
    throw forbidden(info, name, message);
  }
}

/**
 * withEscalationCheck wraps a registry so that writes to roles and bindings pass the check. Updates and
 * patches are computed first as a dry run, so the check sees the object that would be stored.
 */
export function withEscalationCheck<R extends Registry>(registry: R, check: EscalationCheck): R {
  const exempt = (info: ResourceInfo, ctx: RequestContext) =>
    !check.guards(info) || ctx.user.groups.includes(SUPERUSER_GROUP);
  const dry = (ctx: RequestContext): RequestContext => ({ ...ctx, dryRun: true, warnings: [] });
  return {
    ...registry,
    async create(info, namespace, body, ctx) {
      if (exempt(info, ctx)) return registry.create(info, namespace, body, ctx);
      const result = await registry.create(info, namespace, body, dry(ctx));
      await check.check(info, result, undefined, ctx.user);
      return registry.create(info, namespace, body, ctx);
    },
    async update(info, namespace, name, body, ctx, subresource) {
      if (exempt(info, ctx)) return registry.update(info, namespace, name, body, ctx, subresource);
      const old = await registry.get(info, namespace, name, ctx).catch(() => undefined);
      const result = await registry.update(info, namespace, name, body, dry(ctx), subresource);
      await check.check(info, result.object, result.created ? undefined : old, ctx.user);
      return registry.update(info, namespace, name, body, ctx, subresource);
    },
    async patch(info, namespace, name, type, patch, ctx, options) {
      if (exempt(info, ctx)) return registry.patch(info, namespace, name, type, patch, ctx, options);
      const old = await registry.get(info, namespace, name, ctx).catch(() => undefined);
      const result = await registry.patch(info, namespace, name, type, patch, dry(ctx), options);
      await check.check(info, result.object, result.created ? undefined : old, ctx.user);
      return registry.patch(info, namespace, name, type, patch, ctx, options);
    },
  };
}
