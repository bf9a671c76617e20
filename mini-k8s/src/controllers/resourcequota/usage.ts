/**
 * quotaUsage computes ResourceQuota usage the way the quota evaluators do (pkg/quota/v1/evaluator/core):
 * only the resources named in `hard` are reported; pods count when not terminal (Succeeded/Failed) and not
 * being deleted; requests.cpu/memory (also bare `cpu`/`memory`) and limits.cpu/memory sum containers, with
 * init containers counted as the max (the pod's effective request); `count/<resource>[.<group>]`, services,
 * configmaps, secrets, persistentvolumeclaims, requests.storage and services.nodeports/loadbalancers are
 * counted from the objects given. Pure: the controller and the admission plugin both call it.
 */
import type { KubeObject } from '../../api/object';
import { Quantity } from '../../machinery/quantity';

/** QuotaObjects are a namespace's objects, by resource name (`pods`, `services`, `deployments.apps`, ...). */
export type QuotaObjects = Record<string, KubeObject[]>;

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** isPodCounted tells whether a pod uses quota (not terminal, not being deleted). */
export function isPodCounted(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** podResource returns the effective request or limit of a pod for one resource (max of init, sum of app containers). */
export function podResource(pod: KubeObject, kind: 'requests' | 'limits', resource: string): Quantity {
  const spec = (pod.spec ?? {}) as {
    containers?: Container[];
    initContainers?: Container[];
    overhead?: Record<string, string>;
  };
  let sum = Quantity.fromInt(0);
  for (const c of spec.containers ?? []) {
    const value = c.resources?.[kind]?.[resource];
    if (value !== undefined) sum = sum.add(Quantity.parse(value));
  }
  for (const c of spec.initContainers ?? []) {
    const value = c.resources?.[kind]?.[resource];
    if (value !== undefined && Quantity.parse(value).cmp(sum) > 0) sum = Quantity.parse(value);
  }
  const overhead = spec.overhead?.[resource];
  if (overhead !== undefined) sum = sum.add(Quantity.parse(overhead));
  return sum;
}

function podUsage(pods: KubeObject[], name: string): Quantity | undefined {
  const counted = pods.filter(isPodCounted);
  if (name === 'pods' || name === 'count/pods') return Quantity.fromInt(counted.length);
  const match = /^(requests|limits)\.(.+)$/.exec(name);
  if (name === 'requests.storage' || name.includes('.storageclass.')) return undefined;
  const [kind, resource] = match
    ? [match[1] as 'requests' | 'limits', match[2]]
    : ['requests' as const, name];
  if (!match && !['cpu', 'memory', 'ephemeral-storage'].includes(resource)) return undefined;
  return counted.reduce((acc, pod) => acc.add(podResource(pod, kind, resource)), Quantity.fromInt(0));
}

function claimStorage(claim: KubeObject): Quantity {
  const value = (claim.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources
    ?.requests?.storage;
  return value ? Quantity.parse(value) : Quantity.fromInt(0);
}

/**
 * quotaUsage returns `status.used` for the resources in `hard`, in hard's key order; resources it cannot
 * evaluate are reported as 0 only when they are object counts, and left out otherwise.
 */
export function quotaUsage(hard: Record<string, string>, objects: QuotaObjects): Record<string, string> {
  const used: Record<string, string> = {};
  const list = (resource: string): KubeObject[] => objects[resource] ?? [];
  for (const name of Object.keys(hard)) {
    let value: Quantity | undefined;
    const podValue = podUsage(list('pods'), name);
    if (podValue) value = podValue;
    else if (name === 'services' || name === 'count/services')
      value = Quantity.fromInt(list('services').length);
    else if (name === 'services.nodeports') {
      let ports = 0;
      for (const svc of list('services')) {
        const spec = svc.spec as { type?: string; ports?: { nodePort?: number }[] } | undefined;
        if (spec?.type === 'NodePort' || spec?.type === 'LoadBalancer') ports += (spec.ports ?? []).length;
      }
      value = Quantity.fromInt(ports);
    } else if (name === 'services.loadbalancers') {
      value = Quantity.fromInt(
        list('services').filter((s) => (s.spec as { type?: string }).type === 'LoadBalancer').length,
      );
    } else if (name === 'persistentvolumeclaims' || name === 'count/persistentvolumeclaims') {
      value = Quantity.fromInt(list('persistentvolumeclaims').length);
    } else if (name === 'requests.storage') {
      value = list('persistentvolumeclaims').reduce(
        (acc, c) => acc.add(claimStorage(c)),
        Quantity.fromInt(0),
      );
    } else if (
      name.endsWith('.storageclass.storage.k8s.io/requests.storage') ||
      name.endsWith('.storageclass.storage.k8s.io/persistentvolumeclaims')
    ) {
      const className = name.slice(0, name.indexOf('.storageclass.storage.k8s.io/'));
      const claims = list('persistentvolumeclaims').filter(
        (c) => (c.spec as { storageClassName?: string }).storageClassName === className,
      );
      value = name.endsWith('requests.storage')
        ? claims.reduce((acc, c) => acc.add(claimStorage(c)), Quantity.fromInt(0))
        : Quantity.fromInt(claims.length);
    } else if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(name)) {
      value = Quantity.fromInt(list(name).length);
    } else if (name.startsWith('count/')) {
      value = Quantity.fromInt(list(name.slice('count/'.length)).length);
    }
    if (value) used[name] = value.toString();
  }
  return used;
}

/** quotaResourcesNeeded lists the object lists (resource names) quotaUsage needs for a `hard` set. */
export function quotaResourcesNeeded(hard: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const name of Object.keys(hard)) {
    if (name.startsWith('count/')) out.add(name.slice('count/'.length));
    else if (name.startsWith('services')) out.add('services');
    else if (name.includes('persistentvolumeclaims') || name.includes('requests.storage'))
      out.add('persistentvolumeclaims');
    else if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(name))
      out.add(name);
    else out.add('pods');
  }
  return [...out];
}
