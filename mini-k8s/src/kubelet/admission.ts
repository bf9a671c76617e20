/**
 * Kubelet admission (pkg/kubelet/lifecycle/predicate.go upstream): a pod bound to this node is rejected
 * when its requests do not fit next to the pods already admitted, when the node runs its maximum number
 * of pods, when a hostPort is taken (reasons `OutOfcpu`, `OutOfmemory`, `OutOfpods`, `NodePorts`), or when
 * an extra admit handler refuses it — the container runtime's platform policy, like upstream's
 * sysctl/AppArmor handlers (the Docker runtime: `PodSecurityForbidden`). As upstream's `rejectPod`, the
 * kubelet records a Warning event with the reason and message, and the pod ends Failed with the same reason
 * and the message `Pod was rejected: <message>` (`rejectionStatusMessage`).
 */
import { Quantity } from '../machinery/quantity';
import type { Container, Pod } from './types';
import { isSidecar } from './types';

/** Rejection is why a pod cannot run here: `message` is the event text, without the status prefix. */
export interface Rejection {
  reason: string;
  message: string;
}

/** PodAdmitHandler is an extra admission check (upstream lifecycle.PodAdmitHandler); undefined admits. */
export type PodAdmitHandler = (pod: Pod) => Rejection | undefined;

/** rejectionStatusMessage is the pod status message of a rejected pod, as upstream's `rejectPod` writes it. */
export function rejectionStatusMessage(rejection: Rejection): string {
  return `Pod was rejected: ${rejection.message}`;
}

function quantity(value: string | number | undefined, resource: string): number {
  if (value === undefined) return 0;
  const q = Quantity.parse(value);
  return resource === 'cpu' ? q.toMillis() : q.toNumber();
}

/**
 * podRequests is the effective request of a pod for one resource (cpu in millicores, others in units):
 * max(sum of regular + sidecar containers, the largest init container plus the sidecars started before it).
 */
export function podRequests(pod: Pod, resource: string): number {
  const request = (c: Container) => quantity(c.resources?.requests?.[resource], resource);
  let sidecars = 0;
  let initMax = 0;
  for (const c of pod.spec.initContainers ?? []) {
    if (isSidecar(c)) sidecars += request(c);
    else initMax = Math.max(initMax, sidecars + request(c));
  }
  const main = pod.spec.containers.reduce((sum, c) => sum + request(c), 0) + sidecars;
  return Math.max(main, initMax);
}

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`);
    }
  }
  return out;
}

function conflicts(a: string, b: string): boolean {
  const [pa, ia, na] = a.split('/');
  const [pb, ib, nb] = b.split('/');
  return pa === pb && na === nb && (ia === ib || ia === '0.0.0.0' || ib === '0.0.0.0');
}

/**
 * admit runs the `handlers` first (a platform policy refuses a pod whatever the node's load), then checks
 * `pod` against the pods already running on the node and its allocatable resources.
 */
export function admit(
  pod: Pod,
  others: Pod[],
  allocatable: Record<string, string>,
  handlers: readonly PodAdmitHandler[] = [],
): Rejection | undefined {
  for (const handler of handlers) {
    const rejection = handler(pod);
    if (rejection) return rejection;
  }
  const maxPods = Number(allocatable.pods ?? 110);
  if (others.length + 1 > maxPods) {
    return {
      reason: 'OutOfpods',
      message: `Node didn't have enough resource: pods, requested: 1, used: ${others.length}, capacity: ${maxPods}`,
    };
  }
  for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
    const requested = podRequests(pod, resource);
    if (requested === 0 || allocatable[resource] === undefined) continue;
    const capacity = quantity(allocatable[resource], resource);
    const used = others.reduce((sum, p) => sum + podRequests(p, resource), 0);
    if (requested + used > capacity) {
      return {
        reason: `OutOf${resource}`,
        message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
      };
    }
  }
  const mine = hostPorts(pod);
  const taken = others.flatMap(hostPorts);
  if (mine.some((p) => taken.some((t) => conflicts(p, t)))) {
    return {
      reason: 'NodePorts',
      message: `Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports`,
    };
  }
  return undefined;
}
