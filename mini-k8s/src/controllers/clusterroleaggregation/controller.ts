/**
 * The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
 * `aggregationRule` gets as rules the union of the rules of every ClusterRole its selectors match (how
 * `admin`, `edit` and `view` are built from the `aggregate-to-*` roles, and how adding a labelled role
 * extends them). Rules are kept in first-seen order, matched roles sorted by name, duplicates dropped.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { Informer } from '../../client/informer';
import { isNotFound } from '../../machinery/errors';
import { labelSelectorFromMeta } from '../../machinery/labels';
import type { LabelSelectorMeta } from '../../machinery/labels';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';

export const CLUSTER_ROLES = findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;

/** selectorsOf returns the clusterRoleSelectors of an aggregated role (empty for a plain one). */
function selectorsOf(role: KubeObject): LabelSelectorMeta[] {
  const rule = role.aggregationRule as { clusterRoleSelectors?: unknown } | undefined;
  return Array.isArray(rule?.clusterRoleSelectors) ? (rule.clusterRoleSelectors as LabelSelectorMeta[]) : [];
}

/** aggregatedRules computes the rules of an aggregated role from all ClusterRoles. */
export function aggregatedRules(role: KubeObject, all: KubeObject[]): unknown[] {
  const rules: unknown[] = [];
  const seen = new Set<string>();
  const sorted = [...all].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const meta of selectorsOf(role)) {
    const selector = labelSelectorFromMeta(meta);
    for (const candidate of sorted) {
      if (candidate.metadata.name === role.metadata.name) continue;
      if (!selector.matches(candidate.metadata.labels)) continue;
      for (const rule of Array.isArray(candidate.rules) ? candidate.rules : []) {
        const key = JSON.stringify(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}

export function newClusterRoleAggregationController(ctx: ControllerContext): ManagedController {
  return new ClusterRoleAggregationController(ctx);
}

export class ClusterRoleAggregationController implements ManagedController {
  private readonly roles: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.roles = ctx.informers.informerFor(CLUSTER_ROLES);
    this.controller = new Controller({
      name: 'clusterrole-aggregation',
      reconcile: (key) => this.sync(key),
      onError: ctx.onError,
    });
    // Any change of any ClusterRole may change an aggregation: requeue every aggregated role.
    const enqueueAggregated = (): void => {
      for (const role of this.roles.list((r) => selectorsOf(r).length > 0)) {
        this.controller.enqueue(role.metadata.name!);
      }
    };
    this.roles.addHandler({
      onAdd: enqueueAggregated,
      onUpdate: enqueueAggregated,
      onDelete: enqueueAggregated,
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private async sync(name: string): Promise<void> {
    const role = this.roles.get(name);
    if (!role || selectorsOf(role).length === 0) return;
    const rules = aggregatedRules(role, this.roles.list());
    if (JSON.stringify(role.rules ?? []) === JSON.stringify(rules)) return;
    await this.ctx.client.update(CLUSTER_ROLES, undefined, { ...role, rules }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
