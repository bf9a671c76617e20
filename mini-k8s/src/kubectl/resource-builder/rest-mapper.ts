/**
 * RestMapper turns what a user types (`po`, `pods`, `Pod`, `deploy.apps`, `deployments.v1.apps`) or what a
 * manifest says (apiVersion + kind) into a discovered resource, with kubectl's rules: short names expand
 * first, then plural, singular and kind match case-insensitively, preferring preferred versions and the
 * discovery order of groups (core first).
 */
import type { ApiResource, Discovery } from './discovery';

/** ResourceTypeError is `the server doesn't have a resource type "x"`. */
export class ResourceTypeError extends Error {
  constructor(readonly input: string) {
    super(`the server doesn't have a resource type "${input}"`);
  }
}

/** KindError is kubectl's message when a manifest's kind is not served. */
export class KindError extends Error {}

export class RestMapper {
  constructor(private readonly discovery: Discovery) {}

  /** resourceFor resolves a typed resource name; throws ResourceTypeError when nothing matches. */
  async resourceFor(input: string): Promise<ApiResource> {
    const preferred = await this.discovery.preferredResources();
    const all = await this.discovery.allResources();
    const lower = input.toLowerCase();
    // Short names are expanded before anything else (restmapper's shortcut expander).
    const byShort = preferred.find((r) => r.shortNames.includes(lower));
    if (byShort) return byShort;
    const candidates = parseQualified(lower);
    for (const c of candidates) {
      const pool = c.version ? all : preferred;
      const found = pool.find(
        (r) =>
          (c.group === undefined || r.group === c.group) &&
          (c.version === undefined || r.version === c.version) &&
          (r.resource === c.name || r.singular === c.name || r.kind.toLowerCase() === c.name),
      );
      if (found) return found;
      if (c.group !== undefined && c.version === undefined) {
        const short = preferred.find((r) => r.group === c.group && r.shortNames.includes(c.name));
        if (short) return short;
      }
    }
    throw new ResourceTypeError(input);
  }

  /** kindFor resolves a manifest's apiVersion and kind. */
  async kindFor(apiVersion: string, kind: string): Promise<ApiResource> {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const found = (await this.discovery.allResources()).find(
      (r) => r.group === group && r.version === version && r.kind === kind,
    );
    if (!found) {
      throw new KindError(
        `resource mapping not found for name: "" namespace: "" from "": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
    }
    return found;
  }

  /** category lists the preferred resources in a category (`all`), in discovery order. */
  async category(name: string): Promise<ApiResource[]> {
    return (await this.discovery.preferredResources()).filter((r) => r.categories.includes(name));
  }
}

/** parseQualified lists the readings of `name[.version].group` from the most to the least specific. */
function parseQualified(input: string): { name: string; group?: string; version?: string }[] {
  const parts = input.split('.');
  const out: { name: string; group?: string; version?: string }[] = [];
  if (parts.length >= 3) {
    out.push({ name: parts[0], version: parts[1], group: parts.slice(2).join('.') });
  }
  if (parts.length >= 2) out.push({ name: parts[0], group: parts.slice(1).join('.') });
  out.push({ name: input });
  return out;
}

/** kindPrefix is how kubectl names a resource in `kind/name` output: `pod`, `deployment.apps`. */
export function kindPrefix(r: Pick<ApiResource, 'kind' | 'group'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** groupResource renders `pods` or `deployments.apps` as in API error messages. */
export function groupResource(r: Pick<ApiResource, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
