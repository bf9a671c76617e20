/**
 * Discovery documents built from the resource catalogue (api/resources.ts): aggregated discovery
 * (APIGroupDiscoveryList for `/api` and `/apis`), and the legacy APIVersions, APIGroupList, APIGroup and
 * per-group-version APIResourceList. Pure functions; the routes live in discovery/routes.ts.
 */
import { GROUP_ORDER, PREFERRED_VERSION, RESOURCES, groupVersions } from '../../api/resources';
import type { ResourceInfo } from '../../api/resources';
import type { DiscoveryVersion } from '../http/negotiation';

/** versionsOfGroup lists a group's served versions, preferred first. */
export function versionsOfGroup(group: string): string[] {
  return groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => gv.version);
}

/** isServedGroupVersion tells whether `group/version` is served. */
export function isServedGroupVersion(group: string, version: string): boolean {
  return groupVersions().some((gv) => gv.group === group && gv.version === version);
}

/** resourcesOf lists the resources of a group version in catalogue (alphabetical) order. */
function resourcesOf(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** aggregatedResource renders one resource of an APIVersionDiscovery. */
function aggregatedResource(info: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
  };
  if (info.singular) out.singularResource = info.singular;
  out.verbs = [...info.verbs].sort();
  if (info.shortNames?.length) out.shortNames = info.shortNames;
  if (info.categories?.length) out.categories = info.categories;
  if (info.subresources?.length) {
    out.subresources = info.subresources.map((sub) => ({
      subresource: sub.name,
      responseKind: sub.responseKind,
      verbs: [...sub.verbs].sort(),
    }));
  }
  return out;
}

/** aggregatedGroup renders one APIGroupDiscovery item; the core group has no name. */
function aggregatedGroup(group: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = group
    ? { name: group, creationTimestamp: null }
    : { creationTimestamp: null };
  return {
    metadata,
    versions: versionsOfGroup(group).map((version) => ({
      version,
      resources: resourcesOf(group, version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** aggregatedDiscovery builds the APIGroupDiscoveryList for `/api` (core only) or `/apis` (named groups). */
export function aggregatedDiscovery(
  root: 'api' | 'apis',
  version: DiscoveryVersion,
): Record<string, unknown> {
  const groups = root === 'api' ? [''] : [...GROUP_ORDER];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(aggregatedGroup),
  };
}

/** apiVersions builds the legacy `/api` answer; serverAddress is the host the client used. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** apiGroup renders one APIGroup (the `groups[]` entry of APIGroupList, or the `/apis/<group>` answer). */
export function apiGroup(group: string): Record<string, unknown> {
  const versions = versionsOfGroup(group).map((version) => ({
    groupVersion: `${group}/${version}`,
    version,
  }));
  const preferred = PREFERRED_VERSION[group] ?? versions[0]?.version;
  return {
    name: group,
    versions,
    preferredVersion: { groupVersion: `${group}/${preferred}`, version: preferred },
  };
}

/** apiGroupList builds the legacy `/apis` answer. */
export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUP_ORDER.map(apiGroup) };
}

/** apiGroupDocument builds the `/apis/<group>` answer, or undefined for an unknown group. */
export function apiGroupDocument(group: string): Record<string, unknown> | undefined {
  if (!GROUP_ORDER.includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

/**
 * apiResourceList builds the legacy per-group-version APIResourceList (`/api/v1`, `/apis/apps/v1`), each
 * resource followed by its subresources; undefined for an unserved group version.
 */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  if (!isServedGroupVersion(group, version)) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const info of resourcesOf(group, version)) {
    const entry: Record<string, unknown> = {
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: [...info.verbs].sort(),
    };
    if (info.shortNames?.length) entry.shortNames = info.shortNames;
    if (info.categories?.length) entry.categories = info.categories;
    resources.push(entry);
    for (const sub of info.subresources ?? []) {
      const subEntry: Record<string, unknown> = {
        name: `${info.resource}/${sub.name}`,
        singularName: '',
        namespaced: info.namespaced,
      };
      // Legacy discovery names the group/version of a subresource only when it differs from the resource's.
      if (sub.responseKind.group !== group || sub.responseKind.version !== version) {
        subEntry.group = sub.responseKind.group;
        subEntry.version = sub.responseKind.version;
      }
      subEntry.kind = sub.responseKind.kind;
      subEntry.verbs = [...sub.verbs].sort();
      resources.push(subEntry);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
