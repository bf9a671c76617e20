/**
 * Storage keys: the one place that decides how a resource, namespace and name become a storage key, so
 * the registry, the stores and their error messages agree.
 *
 * Layout: `/registry/<group or 'core'>/<resource>/<namespace>/<name>`; cluster-scoped resources have no
 * namespace segment. Prefixes always end with `/` so that `/registry/core/pods/default/` never matches
 * keys of the namespace `default-2`.
 */
import type { GroupResource } from '../machinery/errors';

/** KeyInfo is the part of a ResourceInfo that keys depend on. */
export interface KeyInfo {
  group: string;
  resource: string;
}

/** ParsedKey is a key split back into its parts (namespace undefined for cluster-scoped keys). */
export interface ParsedKey extends GroupResource {
  namespace?: string;
  name: string;
}

const ROOT = '/registry/';
const CORE = 'core';

/** groupSegment returns the key segment of an API group: `core` for the core group. */
function groupSegment(group: string): string {
  return group === '' ? CORE : group;
}

/** prefixFor returns the key prefix of every object of a resource (cluster-wide when namespace is undefined or empty). Always ends with `/`. */
export function prefixFor(info: KeyInfo, namespace: string | undefined): string {
  const base = `${ROOT}${groupSegment(info.group)}/${info.resource}/`;
  return namespace ? `${base}${namespace}/` : base;
}

/**
 * keyFor returns the key of one object. Namespaced resources pass their namespace; cluster-scoped
 * resources pass undefined. The name must be non-empty and contain no `/` (the API server validates
 * names before they reach storage; this guard keeps a bad name from aliasing another key).
 */
export function keyFor(info: KeyInfo, namespace: string | undefined, name: string): string {
  if (!name || name.includes('/')) throw new Error(`keyFor: invalid object name ${JSON.stringify(name)}`);
  if (namespace !== undefined && (namespace === '' || namespace.includes('/'))) {
    throw new Error(`keyFor: invalid namespace ${JSON.stringify(namespace)}`);
  }
  return `${prefixFor(info, namespace)}${name}`;
}

/**
 * parseKey splits a key built by keyFor. Returns undefined for keys outside the layout (tests and tools
 * may use free-form keys; the stores then fall back to `describeKey`).
 */
export function parseKey(key: string): ParsedKey | undefined {
  if (!key.startsWith(ROOT)) return undefined;
  const parts = key.slice(ROOT.length).split('/');
  if (parts.some((p) => p === '')) return undefined;
  const group = parts[0] === CORE ? '' : parts[0];
  if (parts.length === 3) return { group, resource: parts[1], name: parts[2] };
  if (parts.length === 4) return { group, resource: parts[1], namespace: parts[2], name: parts[3] };
  return undefined;
}

/**
 * describeKey returns the GroupResource and name that error messages about a key use. For keys outside
 * the layout, the parent path stands in for the resource and the last segment for the name.
 */
export function describeKey(key: string): { resource: GroupResource; name: string } {
  const parsed = parseKey(key);
  if (parsed) return { resource: { group: parsed.group, resource: parsed.resource }, name: parsed.name };
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  const slash = trimmed.lastIndexOf('/');
  return {
    resource: { group: '', resource: trimmed.slice(0, Math.max(slash, 0)) },
    name: trimmed.slice(slash + 1),
  };
}

/**
 * etcdStyleKey renders a key the way kube-apiserver names it in StorageError messages: built-in groups
 * (the core group, single-word groups such as `apps`, and `*.k8s.io`) have no group segment; other groups
 * (custom resources) keep it. Only used for message fidelity.
 */
export function etcdStyleKey(key: string): string {
  const parsed = parseKey(key);
  if (!parsed) return key;
  const builtIn = !parsed.group.includes('.') || parsed.group.endsWith('.k8s.io');
  const group = builtIn ? '' : `${parsed.group}/`;
  const ns = parsed.namespace ? `${parsed.namespace}/` : '';
  return `/registry/${group}${parsed.resource}/${ns}${parsed.name}`;
}

/** matchesKey tells whether key is selected by a prefix ending in `/` (prefix match) or by an exact key. */
export function matchesKey(prefixOrKey: string, key: string): boolean {
  return prefixOrKey.endsWith('/') ? key.startsWith(prefixOrKey) : key === prefixOrKey;
}

/**
 * prefixEnd returns the smallest string greater than every string that starts with prefix (the exclusive
 * upper bound of a prefix range): the prefix with its last character incremented.
 */
export function prefixEnd(prefix: string): string {
  if (prefix === '') throw new Error('prefixEnd: empty prefix');
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
