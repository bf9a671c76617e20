/**
 * Downward API value extraction shared by env vars and downwardAPI volumes (pkg/fieldpath and
 * pkg/api/v1/resource upstream): fieldRef paths of the pod and resourceFieldRef values of a container.
 */
import { Quantity } from '../machinery/quantity';
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from './types';

/** DownwardContext carries what the pod object does not know yet (its IPs) and node defaults. */
export interface DownwardContext {
  podIp?: string;
  hostIp?: string;
  /** nodeAllocatable gives `limits.*` values when the container has no limit (cpu in cores, memory bytes). */
  nodeAllocatable: Record<string, string>;
}

/** ConfigError is a container configuration failure (CreateContainerConfigError). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** formatMap renders labels/annotations as the downward API does: sorted `key="value"` lines. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map![key])}`)
    .join('\n');
}

/** fieldRefValue extracts a fieldRef from the pod; unsupported paths throw ConfigError as upstream does. */
export function fieldRefValue(pod: Pod, ref: ObjectFieldSelector, ctx: DownwardContext): string {
  const path = ref.fieldPath;
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[subscript[2]] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
      return ctx.podIp ?? '';
    case 'status.podIPs':
      return ctx.podIp ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return ctx.hostIp ?? '';
    default:
      throw new ConfigError(`unsupported fieldPath: ${path}`);
  }
}

/**
 * resourceFieldValue is `ceil(quantity / divisor)` of a container's request or limit; a missing limit
 * falls back to the node's allocatable amount (upstream MergeContainerResourceLimits).
 */
export function resourceFieldValue(
  container: Container | undefined,
  ref: ResourceFieldSelector,
  ctx: DownwardContext,
): string {
  const match = /^(limits|requests)\.(.+)$/.exec(ref.resource);
  if (!match || !container) throw new ConfigError(`unsupported container resource : ${ref.resource}`);
  const [, kind, name] = match;
  let raw = container.resources?.[kind as 'limits' | 'requests']?.[name];
  if (raw === undefined && kind === 'limits') raw = ctx.nodeAllocatable[name];
  if (raw === undefined && kind === 'requests') raw = 0;
  const divisor = Quantity.parse(ref.divisor ?? '1');
  const value = Quantity.parse(raw ?? 0);
  if (name === 'cpu') {
    // Why: cpu is compared in millicores so a divisor of 1m gives exact integers.
    return String(Math.ceil(value.toMillis() / Math.max(1, divisor.toMillis())));
  }
  const divisorNumber = divisor.toNumber() || 1;
  return String(Math.ceil(value.toNumber() / divisorNumber));
}
