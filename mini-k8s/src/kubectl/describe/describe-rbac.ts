/**
 * Describers of RBAC: Role and ClusterRole (their rules broken down to one verb each, compacted per
 * resource and sorted as kubectl does), RoleBinding and ClusterRoleBinding (the role and the subjects).
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare } from './describers';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Role extends KubeObject {
  rules?: PolicyRule[] | null;
}

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** describeRole describes a Role or a ClusterRole: the PolicyRule table. */
export async function describeRole(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const role = obj as Role;
  const rules = compactRules((role.rules ?? []).flatMap(breakdownRule));
  // sort.Stable over PolicyRule.String(), whose first field is the verb list.
  const sorted = rules
    .map((rule, index) => ({ rule, index, key: ruleString(rule) }))
    .sort((a, b) => compare(a.key, b.key) || a.index - b.index)
    .map((r) => r.rule);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${role.metadata.name}\n`);
  w.labels('Labels', role.metadata.labels);
  w.annotations('Annotations', role.metadata.annotations);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  for (const r of sorted) {
    w.write(
      1,
      `${combineResourceGroup(r.resources ?? [], r.apiGroups ?? [])}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`,
    );
  }
  return w.toString();
}

/** describeBinding describes a RoleBinding or a ClusterRoleBinding: the role and the subjects table. */
export async function describeBinding(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const binding = obj as Binding;
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${binding.metadata.name}\n`);
  w.labels('Labels', binding.metadata.labels);
  w.annotations('Annotations', binding.metadata.annotations);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
  w.write(1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of binding.subjects ?? [])
    w.write(1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  return w.toString();
}

/** breakdownRule splits a rule into rules of one group, resource, verb and resource name each. */
function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames && rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) {
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
          }
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

/**
 * compactRules merges the verbs of simple rules (one group, one resource, at most one name) on the same
 * resource; other rules are kept first, in order.
 */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple =
      (rule.resourceNames ?? []).length <= 1 &&
      (rule.nonResourceURLs ?? []).length === 0 &&
      (rule.apiGroups ?? []).length === 1 &&
      (rule.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], rule.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (!existing) {
      simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
      continue;
    }
    for (const verb of rule.verbs ?? []) if (!existing.verbs!.includes(verb)) existing.verbs!.push(verb);
  }
  return [...compacted, ...simple.values()];
}

/** ruleString is the generated PolicyRule.String(), kubectl's sort key. */
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** combineResourceGroup is `resource.group[/subresource]` of the first resource and group. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const slash = resources[0].indexOf('/');
  let combined = slash < 0 ? resources[0] : resources[0].slice(0, slash);
  if (groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (slash >= 0) combined += resources[0].slice(slash);
  return combined;
}

/** goList is fmt's `%v` of a []string: `[a b]`. */
function goList(values: string[] | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}
