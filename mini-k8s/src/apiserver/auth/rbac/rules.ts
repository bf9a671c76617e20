/**
 * PolicyRule matching and coverage, as k8s.io/component-helpers/auth/rbac (RuleAllows, VerbMatches,
 * ResourceMatches, NonResourceURLMatches) and pkg/registry/rbac/validation (Covers, CompactString): what
 * the authorizer checks per request and what escalation prevention checks per role.
 */
import type { AuthorizationAttributes } from '../authorizer';

/** PolicyRule is rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const ALL = '*';

/** verbMatches: `*` or the exact verb. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes(ALL) || rule.verbs.includes(verb);
}

/** apiGroupMatches: `*` or the exact group (`""` is the core group). */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  const groups = rule.apiGroups ?? [];
  return groups.includes(ALL) || groups.includes(group);
}

/**
 * resourceMatches: `*`, the exact `resource[/subresource]`, or `*\/subresource` for a subresource request
 * (`pods/log` is not granted by `pods`).
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const candidate of rule.resources ?? []) {
    if (candidate === ALL || candidate === combined) return true;
    if (subresource && candidate === `${ALL}/${subresource}`) return true;
  }
  return false;
}

/** resourceNameMatches: an empty resourceNames list matches every name. */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return name !== undefined && names.includes(name);
}

/** nonResourceURLMatches: `*`, the exact path, or a prefix ending in `*` (`/healthz/*`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === ALL || url === path) return true;
    if (url.endsWith(ALL) && path.startsWith(url.slice(0, -1))) return true;
  }
  return false;
}

/** ruleAllows tells whether one rule grants the request described by the attributes. */
export function ruleAllows(attributes: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (attributes.resourceRequest) {
    return (
      verbMatches(rule, attributes.verb) &&
      apiGroupMatches(rule, attributes.group ?? '') &&
      resourceMatches(rule, attributes.resource ?? '', attributes.subresource) &&
      resourceNameMatches(rule, attributes.name)
    );
  }
  return verbMatches(rule, attributes.verb) && nonResourceURLMatches(rule, attributes.path ?? '');
}

/**
 * breakdownRule splits a rule into atomic rules (one verb, one group, one resource, one name or URL),
 * the unit in which coverage is checked.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        for (const name of names) {
          out.push({ apiGroups: [group], resources: [resource], resourceNames: [name], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

function has(set: string[] | undefined, value: string): boolean {
  return (set ?? []).includes(value);
}

function covers(set: string[] | undefined, values: string[] | undefined): boolean {
  return (values ?? []).every((v) => has(set, v));
}

/** nonResourceURLCovers: the owner's URL equals the requested one or is a `*` prefix of it. */
function nonResourceURLCovers(owner: string, requested: string): boolean {
  if (owner === requested) return true;
  return owner.endsWith(ALL) && requested.startsWith(owner.slice(0, -1));
}

/** ruleCovers tells whether the owner rule grants everything the (atomic) servant rule grants. */
export function ruleCovers(owner: PolicyRule, servant: PolicyRule): boolean {
  const verbs = has(owner.verbs, ALL) || covers(owner.verbs, servant.verbs);
  const groups = has(owner.apiGroups, ALL) || covers(owner.apiGroups, servant.apiGroups);
  const resources = (servant.resources ?? []).every((resource) => {
    if (has(owner.resources, ALL) || has(owner.resources, resource)) return true;
    const slash = resource.indexOf('/');
    return slash >= 0 && has(owner.resources, `${ALL}/${resource.slice(slash + 1)}`);
  });
  const urls = (servant.nonResourceURLs ?? []).every((requested) =>
    (owner.nonResourceURLs ?? []).some((url) => nonResourceURLCovers(url, requested)),
  );
  const ownerNames = owner.resourceNames ?? [];
  const names = ownerNames.length === 0 || covers(ownerNames, servant.resourceNames);
  // A rule restricted to names cannot grant the unnamed (whole-collection) form.
  const namedOnly = ownerNames.length > 0 && (servant.resourceNames ?? []).length === 0;
  return verbs && groups && resources && urls && names && !namedOnly;
}

/** uncoveredRules returns the atomic rules of `servant` no rule of `owner` covers (Covers's missing list). */
export function uncoveredRules(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of servant) {
    for (const atom of breakdownRule(rule)) {
      if (!owner.some((o) => ruleCovers(o, atom))) missing.push(atom);
    }
  }
  return missing;
}

/**
 * compactRules merges atomic resource rules that differ only by verb (CompactRules), keeping the first
 * occurrence's position.
 */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const byKey = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const simple =
      (rule.apiGroups ?? []).length === 1 &&
      (rule.resources ?? []).length === 1 &&
      (rule.resourceNames ?? []).length === 0 &&
      (rule.nonResourceURLs ?? []).length === 0;
    if (!simple) {
      out.push({ ...rule, verbs: [...rule.verbs] });
      continue;
    }
    const key = `${rule.apiGroups![0]}\u0000${rule.resources![0]}`;
    const existing = byKey.get(key);
    if (existing) {
      for (const verb of rule.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
      continue;
    }
    const copy: PolicyRule = {
      apiGroups: [...rule.apiGroups!],
      resources: [...rule.resources!],
      verbs: [...rule.verbs],
    };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}

/** goQuotedList renders a string slice as Go's `%q` does: `["a" "b"]`. */
function goQuotedList(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** compactString renders a rule as PolicyRule.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length > 0) parts.push(`APIGroups:${goQuotedList(rule.apiGroups!)}`);
  if ((rule.resources ?? []).length > 0) parts.push(`Resources:${goQuotedList(rule.resources!)}`);
  if ((rule.nonResourceURLs ?? []).length > 0)
    parts.push(`NonResourceURLs:${goQuotedList(rule.nonResourceURLs!)}`);
  if ((rule.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${goQuotedList(rule.resourceNames!)}`);
  if (rule.verbs.length > 0) parts.push(`Verbs:${goQuotedList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** sortRules orders rules as SortableRuleSlice: by their compact string. */
export function sortRules(rules: PolicyRule[]): PolicyRule[] {
  return [...rules].sort((a, b) =>
    compactString(a) < compactString(b) ? -1 : compactString(a) > compactString(b) ? 1 : 0,
  );
}

/** toPolicyRules reads the `rules` field of a Role or ClusterRole, dropping malformed entries. */
export function toPolicyRules(value: unknown): PolicyRule[] {
  if (!Array.isArray(value)) return [];
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
  const out: PolicyRule[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    const rule: PolicyRule = { verbs: strings(r.verbs) ?? [] };
    const apiGroups = strings(r.apiGroups);
    const resources = strings(r.resources);
    const resourceNames = strings(r.resourceNames);
    const nonResourceURLs = strings(r.nonResourceURLs);
    if (apiGroups) rule.apiGroups = apiGroups;
    if (resources) rule.resources = resources;
    if (resourceNames) rule.resourceNames = resourceNames;
    if (nonResourceURLs) rule.nonResourceURLs = nonResourceURLs;
    out.push(rule);
  }
  return out;
}
