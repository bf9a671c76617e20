import { type Informer, objectKey } from '../../client/informer';
/**
 * Shared rules of the Endpoints and EndpointSlice controllers (pkg/controller/util/endpoint upstream):
 * which pods of a Service get an endpoint, and which port a Service port targets on a pod.
 */
import type { KubeObject } from '../../api/object';
import { selectorFromSet } from '../../machinery/labels';
import { podPhase } from '../replicaset/pods';

/** ServicePort is core/v1 ServicePort. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
}

/** ServiceSpec reads the fields the endpoint controllers use. */
export interface ServiceSpecView {
  selector?: Record<string, string>;
  ports: ServicePort[];
  clusterIP?: string;
  publishNotReadyAddresses: boolean;
}

export function serviceSpec(svc: KubeObject): ServiceSpecView {
  const spec = (svc.spec ?? {}) as Record<string, unknown>;
  return {
    selector: spec.selector as Record<string, string> | undefined,
    ports: (spec.ports ?? []) as ServicePort[],
    clusterIP: spec.clusterIP as string | undefined,
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
  };
}

/** managesEndpoints: Services with a selector, except the API server's own `default/kubernetes`. */
export function managesEndpoints(svc: KubeObject): boolean {
  if (svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes') return false;
  const selector = serviceSpec(svc).selector;
  return !!selector && Object.keys(selector).length > 0;
}

/** isHeadless: clusterIP None. */
export function isHeadless(svc: KubeObject): boolean {
  return serviceSpec(svc).clusterIP === 'None';
}

/** selectsPod tells whether a Service's selector matches a pod in its namespace. */
export function selectsPod(svc: KubeObject, pod: KubeObject): boolean {
  if (svc.metadata.namespace !== pod.metadata.namespace || !managesEndpoints(svc)) return false;
  return selectorFromSet(serviceSpec(svc).selector).matches(pod.metadata.labels ?? {});
}

/** podIP returns status.podIP ('' when none yet). */
export function podIP(pod: KubeObject): string {
  return ((pod.status as { podIP?: string } | undefined)?.podIP ?? '') as string;
}

/**
 * shouldPodBeInEndpoints is ShouldPodBeInEndpoints: the pod has an IP, is not being deleted (unless
 * terminating pods are included) and has not finished for good under its restartPolicy.
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (podIP(pod) === '') return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const restartPolicy = (pod.spec as { restartPolicy?: string } | undefined)?.restartPolicy;
  const phase = podPhase(pod);
  if (restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/**
 * findPort is podutil.FindPort: a numeric targetPort is used as is (default: the Service port); a named
 * one is looked up among the pod's container ports with the same protocol. undefined when not found.
 */
export function findPort(pod: KubeObject, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number.parseInt(target, 10);
  const protocol = port.protocol ?? 'TCP';
  const containers = ((pod.spec as { containers?: unknown[] } | undefined)?.containers ?? []) as {
    ports?: { name?: string; containerPort: number; protocol?: string }[];
  }[];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** targetRef is the ObjectReference an endpoint points at. */
export function targetRef(pod: KubeObject): {
  kind: string;
  namespace?: string;
  name?: string;
  uid?: string;
} {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

/** podHostname is the hostname an endpoint carries: spec.hostname when spec.subdomain is the Service. */
export function podHostname(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as { hostname?: string; subdomain?: string };
  return spec.hostname && spec.subdomain === svc.metadata.name ? spec.hostname : undefined;
}

/**
 * watchServicesAndPods wires the handlers both endpoints controllers need: a Service change enqueues that
 * Service, a Pod change (old and new state) enqueues every Service whose selector matches the Pod.
 */
export function watchServicesAndPods(
  services: Informer,
  pods: Informer,
  enqueue: (serviceKey: string) => void,
): void {
  const service = (svc: KubeObject): void => enqueue(objectKey(svc));
  services.addHandler({ onAdd: service, onUpdate: (_old, svc) => service(svc), onDelete: service });
  const pod = (p: KubeObject): void => {
    for (const svc of services.list((s) => selectsPod(s, p))) enqueue(objectKey(svc));
  };
  pods.addHandler({
    onAdd: pod,
    onUpdate: (old, p) => {
      pod(p);
      pod(old);
    },
    onDelete: pod,
  });
}
