/**
 * Node selector matching (component-helpers nodeaffinity): a NodeSelector matches when ANY of its terms
 * matches; a term matches when ALL its expressions and fields match; an empty term matches nothing.
 * Gt/Lt compare integer label values; matchFields only supports `metadata.name`.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from './types';

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]))
        return false;
      const a = BigInt(value);
      const b = BigInt(values[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** termMatches tells whether one NodeSelectorTerm matches a node's labels and name. */
export function termMatches(
  term: NodeSelectorTerm,
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    if (!requirementMatches(r, has ? labels[r.key] : undefined)) return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !requirementMatches(r, nodeName)) return false;
  }
  return true;
}

/** nodeSelectorTermsMatch is NodeSelector matching: true when any term matches. */
export function nodeSelectorTermsMatch(
  terms: readonly NodeSelectorTerm[],
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  return terms.some((t) => termMatches(t, labels, nodeName));
}
