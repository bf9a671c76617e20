/**
 * Resources is the scheduler's numeric view of a ResourceList (framework.Resource): CPU in millicores,
 * memory and ephemeral storage in bytes, other (extended, hugepages) resources as integer values. Pod
 * requests are computed as Kubernetes does (resourcehelper.PodRequests): app containers and restartable
 * init (sidecar) containers are summed, each regular init container needs its own request plus the
 * sidecars started before it, the pod needs the max of both, plus the RuntimeClass overhead.
 */
import { Quantity } from '../../machinery/quantity';
import type { Container, PodSpec } from './types';

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** scalar holds every other resource by name (extended resources, hugepages-*). */
  scalar: Map<string, number>;
}

/** DEFAULT_MILLI_CPU_REQUEST is the CPU assumed for a container without a request when scoring (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** DEFAULT_MEMORY_REQUEST is the memory assumed for a container without a request when scoring (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

export function cloneResources(r: Resources): Resources {
  return {
    milliCPU: r.milliCPU,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    scalar: new Map(r.scalar),
  };
}

/** addResources adds b into a (sign -1 subtracts). */
export function addResources(a: Resources, b: Resources, sign = 1): void {
  a.milliCPU += sign * b.milliCPU;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  for (const [k, v] of b.scalar) {
    const next = (a.scalar.get(k) ?? 0) + sign * v;
    if (next === 0) a.scalar.delete(k);
    else a.scalar.set(k, next);
  }
}

function maxResources(a: Resources, b: Resources): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  for (const [k, v] of b.scalar) a.scalar.set(k, Math.max(a.scalar.get(k) ?? 0, v));
}

const quantityCache = new Map<string, Quantity>();

/** quantityOf parses (and memoises) a quantity; an unparsable value counts as zero (validation rejects them). */
function quantityOf(value: string | number): Quantity | undefined {
  const key = String(value);
  let q = quantityCache.get(key);
  if (!q) {
    try {
      q = Quantity.parse(key);
    } catch {
      return undefined;
    }
    if (quantityCache.size > 10_000) quantityCache.clear();
    quantityCache.set(key, q);
  }
  return q;
}

/** resourceListToResources converts a ResourceList (`{cpu: '500m', memory: '1Gi'}`) to numbers. */
export function resourceListToResources(list: Record<string, string | number> | undefined): Resources {
  const r = emptyResources();
  for (const [name, value] of Object.entries(list ?? {})) {
    const q = quantityOf(value);
    if (!q) continue;
    switch (name) {
      case 'cpu':
        r.milliCPU = q.toMillis();
        break;
      case 'memory':
        r.memory = q.toBytes();
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage = q.toBytes();
        break;
      case 'pods':
        break;
      default:
        r.scalar.set(name, q.toBytes());
    }
  }
  return r;
}

/** allowedPodNumber reads `pods` from a node's allocatable. */
export function allowedPodNumber(list: Record<string, string | number> | undefined): number {
  const value = list?.pods;
  if (value === undefined) return 0;
  return quantityOf(value)?.toBytes() ?? 0;
}

function containerRequests(c: Container, nonZero: boolean): Resources {
  const requests = c.resources?.requests;
  const r = resourceListToResources(requests);
  if (nonZero) {
    // Why: scoring must see a cost for best-effort containers, otherwise they would all pile up on one node.
    if (requests?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * podRequests is resourcehelper.PodRequests. With nonZero, containers without a CPU or memory request
 * count as 100m / 200Mi (the NonZeroRequested used by scoring).
 */
export function podRequests(spec: PodSpec, nonZero = false): Resources {
  const reqs = emptyResources();
  for (const c of spec.containers ?? []) addResources(reqs, containerRequests(c, nonZero));
  const restartable = emptyResources();
  const initMax = emptyResources();
  for (const c of spec.initContainers ?? []) {
    const own = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar runs for the whole pod life: it adds to the pod and to every later init container.
      addResources(reqs, own);
      addResources(restartable, own);
      maxResources(initMax, restartable);
    } else {
      const tmp = cloneResources(own);
      addResources(tmp, restartable);
      maxResources(initMax, tmp);
    }
  }
  maxResources(reqs, initMax);
  if (spec.overhead) addResources(reqs, resourceListToResources(spec.overhead));
  return reqs;
}
