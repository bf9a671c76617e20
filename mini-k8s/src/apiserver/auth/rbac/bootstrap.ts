/**
 * ensureBootstrapPolicy creates the default roles and bindings at API server start and reconciles the
 * ones still annotated `rbac.authorization.kubernetes.io/autoupdate: "true"` (the apiserver's
 * rbac/bootstrap-roles post-start hook): missing permissions, subjects, labels and aggregation rules are
 * added back, what an administrator added is kept. Set the annotation to "false" to opt an object out.
 */
import type { KubeObject } from '../../../api/object';
import { isAlreadyExists, isNotFound } from '../../../machinery/errors';
import type { Registry, RequestContext } from '../../registry/interface';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES } from './authorizer';
import {
  AUTOUPDATE_ANNOTATION,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './bootstrap-policy';
import { toPolicyRules, uncoveredRules } from './rules';

export async function ensureBootstrapPolicy(registry: Registry, ctx: RequestContext): Promise<void> {
  for (const role of bootstrapClusterRoles()) {
    await reconcile(registry, ctx, CLUSTER_ROLES, role, reconcileRole);
  }
  for (const binding of bootstrapClusterRoleBindings()) {
    await reconcile(registry, ctx, CLUSTER_ROLE_BINDINGS, binding, reconcileBinding);
  }
}

type Reconciler = (current: KubeObject, wanted: KubeObject) => KubeObject | undefined;

async function reconcile(
  registry: Registry,
  ctx: RequestContext,
  info: typeof CLUSTER_ROLES,
  wanted: KubeObject,
  merge: Reconciler,
): Promise<void> {
  const name = wanted.metadata.name!;
  let current: KubeObject;
  try {
    current = await registry.get(info, undefined, name, ctx);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await registry.create(info, undefined, wanted, ctx);
    } catch (createErr) {
      if (!isAlreadyExists(createErr)) throw createErr;
    }
    return;
  }
  if (current.metadata.annotations?.[AUTOUPDATE_ANNOTATION] !== 'true') return;
  const next = merge(current, wanted);
  if (next) await registry.update(info, undefined, name, next, ctx);
}

/** reconcileRole adds missing labels, the aggregation rule and missing rules; undefined when nothing changes. */
export function reconcileRole(current: KubeObject, wanted: KubeObject): KubeObject | undefined {
  let changed = false;
  const labels = { ...(current.metadata.labels ?? {}) };
  for (const [key, value] of Object.entries(wanted.metadata.labels ?? {})) {
    if (labels[key] !== value) {
      labels[key] = value;
      changed = true;
    }
  }
  const next: KubeObject = { ...current, metadata: { ...current.metadata, labels } };
  if (wanted.aggregationRule) {
    // Aggregated roles get their rules from the aggregation controller; only the selector is reconciled.
    if (JSON.stringify(current.aggregationRule) !== JSON.stringify(wanted.aggregationRule)) {
      next.aggregationRule = wanted.aggregationRule;
      changed = true;
    }
  } else {
    const have = toPolicyRules(current.rules);
    const want = toPolicyRules(wanted.rules);
    if (uncoveredRules(have, want).length > 0) {
      next.rules = [...have, ...want.filter((rule) => uncoveredRules(have, [rule]).length > 0)];
      changed = true;
    }
  }
  return changed ? next : undefined;
}

/** reconcileBinding adds missing subjects and resets a changed roleRef; undefined when nothing changes. */
export function reconcileBinding(current: KubeObject, wanted: KubeObject): KubeObject | undefined {
  const subjects = Array.isArray(current.subjects) ? [...(current.subjects as unknown[])] : [];
  const key = (s: unknown) => {
    const r = (s ?? {}) as Record<string, unknown>;
    return `${String(r.kind)}/${String(r.namespace ?? '')}/${String(r.name)}`;
  };
  const have = new Set(subjects.map(key));
  let changed = false;
  for (const subject of (wanted.subjects as unknown[] | null) ?? []) {
    if (!have.has(key(subject))) {
      subjects.push(subject);
      changed = true;
    }
  }
  if (!changed) return undefined;
  return { ...current, subjects };
}
