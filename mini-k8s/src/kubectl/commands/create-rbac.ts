/**
 * The RBAC generators of `kubectl create`: role, clusterrole, rolebinding and clusterrolebinding, with
 * kubectl 1.32's validation (standard verbs, special verbs, non-resource URLs, aggregation rules) and its
 * rule building (one rule per API group, resources resolved through discovery, subresources kept).
 */
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';
import { ExitError, requiredFlagsError } from '../cmdutil/errors';
import { FlagError, type Flags, type FlagSpec } from '../cmdutil/flags';
import { type Generator, meta, requireName } from './create-generators';
import { ordered, typedObject } from './create-typed';

const RBAC = 'rbac.authorization.k8s.io';

/** VALID_RESOURCE_VERBS are the verbs create role accepts without a warning. */
const VALID_RESOURCE_VERBS = [
  '*',
  'get',
  'delete',
  'list',
  'create',
  'update',
  'patch',
  'watch',
  'proxy',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
];

const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

/** SPECIAL_VERBS only apply to the listed group/resources. */
const SPECIAL_VERBS: Record<string, { group: string; resource: string }[]> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  escalate: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
  ],
};

/** RuleResource is one `--resource=resource.group/subresource`. */
interface RuleResource {
  group: string;
  resource: string;
  subresource: string;
}

/** RoleInput is what the role flags say, after kubectl's de-duplication. */
interface RoleInput {
  verbs: string[];
  resources: RuleResource[];
  resourceNames: string[];
}

const ROLE_FLAGS: FlagSpec[] = [
  { name: 'verb', type: 'stringSlice' },
  { name: 'resource', type: 'stringSlice' },
  { name: 'resource-name', type: 'stringArray' },
];

const BINDING_SUBJECT_FLAGS: FlagSpec[] = [
  { name: 'user', type: 'stringArray' },
  { name: 'group', type: 'stringArray' },
  { name: 'serviceaccount', type: 'stringArray' },
];

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** roleInput is CreateRoleOptions.Complete: `*` wins over other verbs, `*` alone wins over other resources. */
function roleInput(flags: Flags): RoleInput {
  let verbs: string[] = [];
  for (const v of flags.list('verb')) {
    if (v === '*') {
      verbs = ['*'];
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  const resources: RuleResource[] = [];
  for (const r of flags.list('resource')) {
    const slash = r.indexOf('/');
    const section = slash < 0 ? r : r.slice(0, slash);
    const subresource = slash < 0 ? '' : r.slice(slash + 1);
    const dot = section.indexOf('.');
    const resource = {
      resource: dot < 0 ? section : section.slice(0, dot),
      group: dot < 0 ? '' : section.slice(dot + 1),
      subresource,
    };
    if (resource.resource === '*' && dot < 0 && slash < 0) {
      resources.splice(0, resources.length, resource);
      break;
    }
    resources.push(resource);
  }
  return { verbs, resources, resourceNames: unique(flags.list('resource-name')) };
}

/**
 * resolve is the RESTMapper's ResourceFor on a partial group/resource: short names first (restricted to the
 * group when one is given), then plural or singular names; undefined when discovery has no such resource.
 */
async function resolve(
  ctx: CommandContext,
  r: RuleResource,
): Promise<{ group: string; resource: string } | undefined> {
  const preferred = await ctx.discovery.preferredResources();
  const name = r.resource.toLowerCase();
  const inGroup = (g: string) => r.group === '' || g === r.group;
  const found =
    preferred.find((x) => inGroup(x.group) && x.shortNames.includes(name)) ??
    preferred.find((x) => inGroup(x.group) && (x.resource === name || x.singular === name));
  return found && { group: found.group, resource: found.resource };
}

/** noMatch is how CheckErr prints the RESTMapper's NoResourceMatchError (without the `error: ` prefix). */
function noMatch(r: RuleResource): Error {
  const group = r.group ? ` in group "${r.group}"` : '';
  return new ExitError(1, `the server doesn't have a resource type "${r.resource}"${group}`);
}

const RULE_ORDER = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

/** rbacTyped reorders a server response in the Go struct order of the typed rbac/v1 client kubectl uses. */
function rbacTyped(obj: KubeObject, fields: string[]): KubeObject {
  const o = obj as unknown as Record<string, unknown>;
  const out = typedObject(o, fields);
  if (Array.isArray(o.rules))
    out.rules = (o.rules as Record<string, unknown>[]).map((r) => ordered(r, RULE_ORDER));
  if (Array.isArray(o.subjects)) {
    out.subjects = (o.subjects as Record<string, unknown>[]).map((s) =>
      ordered(s, ['kind', 'apiGroup', 'name', 'namespace']),
    );
  }
  if (o.roleRef) out.roleRef = ordered(o.roleRef as Record<string, unknown>, ['apiGroup', 'kind', 'name']);
  return out as unknown as KubeObject;
}

/** validateResources is CreateRoleOptions.validateResource. */
async function validateResources(ctx: CommandContext, input: RoleInput): Promise<void> {
  for (const r of input.resources) {
    if (r.resource === '') throw new Error('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = await resolve(ctx, r);
    const target = found ?? { group: r.group, resource: r.resource };
    let matched = found !== undefined;
    for (const verb of input.verbs) {
      const allowed = SPECIAL_VERBS[verb];
      if (!allowed) continue;
      if (!allowed.some((a) => a.group === target.group && a.resource === target.resource)) {
        throw new Error(`can not perform '${verb}' on '${target.resource}' in group '${target.group}'`);
      }
      matched = true;
    }
    if (!matched) throw noMatch(r);
  }
}

/** policyRules is generateResourcePolicyRules: one rule per API group (sorted), then the non-resource URLs. */
async function policyRules(
  ctx: CommandContext,
  input: RoleInput,
  nonResourceURLs: string[],
): Promise<Record<string, unknown>[]> {
  const byGroup = new Map<string, string[]>();
  for (const r of input.resources) {
    const found = (await resolve(ctx, r)) ?? { group: r.group, resource: r.resource };
    const resource = r.subresource ? `${found.resource}/${r.subresource}` : found.resource;
    const list = byGroup.get(found.group) ?? [];
    if (!list.includes(resource)) list.push(resource);
    byGroup.set(found.group, list);
  }
  const rules: Record<string, unknown>[] = [...byGroup.keys()].sort().map((group) => {
    const rule: Record<string, unknown> = {
      verbs: input.verbs,
      apiGroups: [group],
      resources: byGroup.get(group),
    };
    if (input.resourceNames.length > 0) rule.resourceNames = input.resourceNames;
    return rule;
  });
  if (nonResourceURLs.length > 0) rules.push({ verbs: input.verbs, nonResourceURLs });
  return rules;
}

function warnVerbs(ctx: CommandContext, verbs: string[]): void {
  for (const v of verbs) {
    if (!VALID_RESOURCE_VERBS.includes(v)) ctx.err(`Warning: '${v}' is not a standard resource verb\n`);
  }
}

/** aggregationRule parses `--aggregation-rule` as pflag's MapStringString (`k=v,k2=v2`, repeatable). */
function aggregationRule(flags: Flags): Record<string, string> {
  const rule: Record<string, string> = {};
  for (const value of flags.list('aggregation-rule')) {
    for (const pair of value.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) {
        throw new FlagError(
          `invalid argument "${value}" for "--aggregation-rule" flag: malformed pair, expect string=string`,
        );
      }
      rule[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return rule;
}

/** subjects builds the binding's subjects: users, then groups, then `namespace:name` service accounts. */
function subjects(flags: Flags): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const name of flags.list('user')) out.push({ kind: 'User', apiGroup: RBAC, name });
  for (const name of flags.list('group')) out.push({ kind: 'Group', apiGroup: RBAC, name });
  for (const sa of flags.list('serviceaccount')) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || tokens[0] === '' || tokens[1] === '') {
      throw new Error('serviceaccount must be <namespace>:<name>');
    }
    out.push({ kind: 'ServiceAccount', name: tokens[1], namespace: tokens[0] });
  }
  return out;
}

export const RBAC_GENERATORS: Generator[] = [
  {
    name: 'role',
    flags: ROLE_FLAGS,
    typed: (obj) => rbacTyped(obj, ['rules']),
    async build(ctx, flags, args) {
      const name = requireName(args);
      const input = roleInput(flags);
      if (input.verbs.length === 0) throw new Error('at least one verb must be specified');
      warnVerbs(ctx, input.verbs);
      if (input.resources.length === 0) throw new Error('at least one resource must be specified');
      await validateResources(ctx, input);
      const rules = await policyRules(ctx, input, []);
      return {
        kind: 'Role',
        apiVersion: `${RBAC}/v1`,
        metadata: meta(ctx, name),
        rules,
      } as unknown as KubeObject;
    },
  },
  {
    name: 'clusterrole',
    typed: (obj) => rbacTyped(obj, ['rules', 'aggregationRule']),
    flags: [
      ...ROLE_FLAGS,
      { name: 'non-resource-url', type: 'stringSlice' },
      { name: 'aggregation-rule', type: 'stringArray' },
    ],
    async build(ctx, flags, args) {
      const aggregation = aggregationRule(flags);
      const name = requireName(args);
      const input = roleInput(flags);
      const urls = unique(flags.list('non-resource-url'));
      const metadata = { name, creationTimestamp: null };
      if (Object.keys(aggregation).length > 0) {
        if (
          urls.length > 0 ||
          input.verbs.length > 0 ||
          input.resources.length > 0 ||
          input.resourceNames.length > 0
        ) {
          throw new Error(
            'aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames',
          );
        }
        return {
          kind: 'ClusterRole',
          apiVersion: `${RBAC}/v1`,
          metadata,
          rules: null,
          aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregation }] },
        } as unknown as KubeObject;
      }
      if (input.verbs.length === 0) throw new Error('at least one verb must be specified');
      if (input.resources.length === 0 && urls.length === 0) {
        throw new Error('one of resource or nonResourceURL must be specified');
      }
      if (input.resources.length > 0) {
        warnVerbs(ctx, input.verbs);
        await validateResources(ctx, input);
      }
      if (urls.length > 0) {
        for (const v of input.verbs) {
          if (!VALID_NON_RESOURCE_VERBS.includes(v))
            throw new Error(`invalid verb: '${v}' for nonResourceURL`);
        }
        for (const url of urls) {
          if (url === '*') continue;
          if (url === '' || !url.startsWith('/')) throw new Error('nonResourceURL should start with /');
          if (url.slice(0, -1).includes('*')) {
            throw new Error("nonResourceURL only supports wildcard matches when '*' is at the end");
          }
        }
      }
      const rules = await policyRules(ctx, input, urls);
      return { kind: 'ClusterRole', apiVersion: `${RBAC}/v1`, metadata, rules } as unknown as KubeObject;
    },
  },
  {
    name: 'rolebinding',
    flags: [
      { name: 'clusterrole', type: 'string' },
      { name: 'role', type: 'string' },
      ...BINDING_SUBJECT_FLAGS,
    ],
    createErrorPrefix: 'failed to create rolebinding: ',
    typed: (obj) => rbacTyped(obj, ['subjects', 'roleRef']),
    async build(ctx, flags, args) {
      const name = requireName(args);
      const role = flags.str('role');
      const clusterRole = flags.str('clusterrole');
      if ((role === '') === (clusterRole === '')) {
        throw new Error('exactly one of clusterrole or role must be specified');
      }
      const obj: Record<string, unknown> = {
        kind: 'RoleBinding',
        apiVersion: `${RBAC}/v1`,
        metadata: meta(ctx, name),
      };
      const roleRef = role
        ? { apiGroup: RBAC, kind: 'Role', name: role }
        : { apiGroup: RBAC, kind: 'ClusterRole', name: clusterRole };
      const list = subjects(flags);
      if (list.length > 0) obj.subjects = list;
      obj.roleRef = roleRef;
      return obj as unknown as KubeObject;
    },
  },
  {
    name: 'clusterrolebinding',
    flags: [{ name: 'clusterrole', type: 'string' }, ...BINDING_SUBJECT_FLAGS],
    createErrorPrefix: 'failed to create clusterrolebinding: ',
    typed: (obj) => rbacTyped(obj, ['subjects', 'roleRef']),
    async build(_ctx, flags, args) {
      if (!flags.changed('clusterrole')) throw requiredFlagsError(['clusterrole']);
      const name = requireName(args);
      const obj: Record<string, unknown> = {
        kind: 'ClusterRoleBinding',
        apiVersion: `${RBAC}/v1`,
        metadata: { name, creationTimestamp: null },
      };
      const list = subjects(flags);
      if (list.length > 0) obj.subjects = list;
      obj.roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: flags.str('clusterrole') };
      return obj as unknown as KubeObject;
    },
  },
];
