/**
 * Discovery reads the API server's resource list the way kubectl does: aggregated discovery
 * (`/api` and `/apis` as APIGroupDiscoveryList), falling back to legacy discovery (APIVersions,
 * APIGroupList, then one APIResourceList per group version). Results are cached for the command's life.
 */
import type { ApiClient } from '../../client/client';
import { StatusError } from '../../machinery/errors';
import { rawResponseError } from '../cmdutil/errors';

/** ApiResource is one served resource of a group version, as discovery describes it. */
export interface ApiResource {
  group: string;
  version: string;
  /** Plural resource name (`deployments`). */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresource names (`status`, `scale`, `eviction`, …). */
  subresources: string[];
}

/** ApiGroupVersions is one group with its versions in preference order. */
export interface ApiGroupVersions {
  name: string;
  versions: { version: string; resources: ApiResource[] }[];
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface AggregatedList {
  kind: string;
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: { group?: string; version?: string; kind?: string };
        scope?: string;
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string; responseKind?: { kind?: string } }[];
      }[];
    }[];
  }[];
  versions?: string[];
  groups?: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
}

interface LegacyResourceList {
  resources: {
    name: string;
    singularName?: string;
    namespaced: boolean;
    kind: string;
    verbs?: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

/** Discovery caches the server's groups for one kubectl invocation. */
export class Discovery {
  private groupsPromise?: Promise<ApiGroupVersions[]>;

  constructor(private readonly client: ApiClient) {}

  /** groups returns every group (core first) with versions in preference order. */
  groups(): Promise<ApiGroupVersions[]> {
    // client-go reads discovery as raw bytes: a failed request carries the generic message of its HTTP code.
    this.groupsPromise ??= this.load().catch((err: unknown) => {
      throw err instanceof StatusError ? rawResponseError(err) : err;
    });
    return this.groupsPromise;
  }

  /** preferredResources lists the resources of each group's preferred version, in discovery order. */
  async preferredResources(): Promise<ApiResource[]> {
    return (await this.groups()).flatMap((g) => g.versions[0]?.resources ?? []);
  }

  /** allResources lists the resources of every served group version. */
  async allResources(): Promise<ApiResource[]> {
    return (await this.groups()).flatMap((g) => g.versions.flatMap((v) => v.resources));
  }

  private async load(): Promise<ApiGroupVersions[]> {
    const [core, named] = await Promise.all([
      this.client.request('GET', '/api', { accept: AGGREGATED_ACCEPT }) as Promise<AggregatedList>,
      this.client.request('GET', '/apis', { accept: AGGREGATED_ACCEPT }) as Promise<AggregatedList>,
    ]);
    const groups: ApiGroupVersions[] = [];
    if (core.kind === 'APIGroupDiscoveryList') groups.push(...fromAggregated(core));
    else groups.push(await this.legacyGroup('', core.versions ?? ['v1']));
    if (named.kind === 'APIGroupDiscoveryList') groups.push(...fromAggregated(named));
    else {
      for (const g of named.groups ?? []) {
        const preferred = g.preferredVersion?.version;
        const versions = g.versions.map((v) => v.version);
        const ordered = preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions;
        groups.push(await this.legacyGroup(g.name, ordered));
      }
    }
    return groups;
  }

  private async legacyGroup(group: string, versions: string[]): Promise<ApiGroupVersions> {
    const out: ApiGroupVersions = { name: group, versions: [] };
    for (const version of versions) {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      const list = (await this.client.request('GET', path)) as LegacyResourceList;
      const subresources = new Map<string, string[]>();
      for (const r of list.resources) {
        const slash = r.name.indexOf('/');
        if (slash > 0) {
          const parent = r.name.slice(0, slash);
          subresources.set(parent, [...(subresources.get(parent) ?? []), r.name.slice(slash + 1)]);
        }
      }
      out.versions.push({
        version,
        resources: list.resources
          .filter((r) => !r.name.includes('/'))
          .map((r) => ({
            group,
            version,
            resource: r.name,
            singular: r.singularName || r.kind.toLowerCase(),
            kind: r.kind,
            namespaced: r.namespaced,
            shortNames: r.shortNames ?? [],
            categories: r.categories ?? [],
            verbs: r.verbs ?? [],
            subresources: subresources.get(r.name) ?? [],
          })),
      });
    }
    return out;
  }
}

function fromAggregated(list: AggregatedList): ApiGroupVersions[] {
  return (list.items ?? []).map((item) => {
    const group = item.metadata?.name ?? '';
    return {
      name: group,
      versions: (item.versions ?? [])
        .filter((v) => v.freshness !== 'Stale')
        .map((v) => ({
          version: v.version,
          resources: (v.resources ?? [])
            .filter((r) => r.responseKind?.kind)
            .map((r) => ({
              group,
              version: v.version,
              resource: r.resource,
              singular: r.singularResource || r.responseKind!.kind!.toLowerCase(),
              kind: r.responseKind!.kind!,
              namespaced: r.scope === 'Namespaced',
              shortNames: r.shortNames ?? [],
              categories: r.categories ?? [],
              verbs: r.verbs ?? [],
              subresources: (r.subresources ?? [])
                .filter((s) => s.responseKind?.kind)
                .map((s) => s.subresource),
            })),
        })),
    };
  });
}
