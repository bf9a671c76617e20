/**
 * Taint and toleration matching (v1helper.TolerationsTolerateTaint) and node-affinity term matching
 * (nodeaffinity.NodeSelector), shared by the DaemonSet controller and node lifecycle.
 */
import type { KubeObject } from '../../api/object';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** toleratesTaint is Toleration.ToleratesTaint: effect, key and value (Equal) or key only (Exists). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** untoleratedTaint returns the first taint with one of `effects` that no toleration tolerates. */
export function untoleratedTaint(
  taints: Taint[],
  tolerations: Toleration[],
  effects: string[],
): Taint | undefined {
  return taints.find((t) => effects.includes(t.effect) && !tolerations.some((tol) => toleratesTaint(tol, t)));
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function requirementMatches(r: NodeSelectorRequirement, values: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const value = values[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(value) || (r.values ?? []).length !== 1) return false;
      const diff = Number(value) - Number(r.values![0]);
      return r.operator === 'Gt' ? diff > 0 : diff < 0;
    }
    default:
      return false;
  }
}

/** nodeMatchesTerms tells whether a node matches any term (terms are ORed, requirements ANDed; empty terms match nothing). */
export function nodeMatchesTerms(node: KubeObject, terms: NodeSelectorTerm[]): boolean {
  const labels = node.metadata.labels ?? {};
  const fields = { 'metadata.name': node.metadata.name ?? '' };
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const matchFields = term.matchFields ?? [];
    if (exprs.length === 0 && matchFields.length === 0) return false;
    return (
      exprs.every((r) => requirementMatches(r, labels)) &&
      matchFields.every((r) => requirementMatches(r, fields))
    );
  });
}

/** nodeTaints returns spec.taints of a node. */
export function nodeTaints(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
}
