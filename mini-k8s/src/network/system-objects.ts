/**
 * The API objects of the network's virtual system pods (CoreDNS, ingress-nginx controller), created at
 * cluster start like an install would: a selector-less Service with its Endpoints and EndpointSlice
 * pointing at the virtual pod IPs. Created through the API client only when missing, so a restored cluster
 * keeps what it has (and a learner's edits stay until they delete the object).
 */
import type { KubeObject } from '../api/object';
import { findResource } from '../api/resources';
import type { ApiClient, ResourceRef } from '../client/client';
import { isAlreadyExists, isNotFound } from '../machinery/errors';

export const SERVICES = findResource('', 'v1', 'services')!;
export const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
export const ENDPOINTSLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
export const NAMESPACES = findResource('', 'v1', 'namespaces')!;

/** VIRTUAL_MANAGED_BY marks the slices the network layer maintains (not the EndpointSlice controller). */
export const VIRTUAL_MANAGED_BY = 'virtual-network.atelier.local';

/** ensureObject creates `obj` unless it exists; returns the stored object. */
export async function ensureObject(
  client: ApiClient,
  ref: ResourceRef,
  obj: KubeObject,
): Promise<KubeObject> {
  const namespace = ref.namespaced ? obj.metadata.namespace : undefined;
  try {
    return await client.get(ref, namespace, obj.metadata.name!);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    return await client.create(ref, namespace, obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return client.get(ref, namespace, obj.metadata.name!);
  }
}

export interface VirtualServicePort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

export interface VirtualService {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
  ports: VirtualServicePort[];
  /** pods are the virtual pods behind the Service (name + IP). */
  pods: { name: string; ip: string }[];
}

/** ensureVirtualService creates the Service, Endpoints and EndpointSlice of a virtual system component. */
export async function ensureVirtualService(client: ApiClient, v: VirtualService): Promise<KubeObject> {
  const svc = await ensureObject(client, SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: v.name, namespace: v.namespace, labels: v.labels },
    spec: { ...v.spec, ports: v.ports.map((p) => ({ ...p, targetPort: p.port })) },
  });
  const targetRef = (pod: { name: string }) => ({ kind: 'Pod', namespace: v.namespace, name: pod.name });
  await ensureObject(client, ENDPOINTS, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: v.name, namespace: v.namespace, labels: v.labels },
    subsets: [
      {
        addresses: v.pods.map((pod) => ({ ip: pod.ip, targetRef: targetRef(pod) })),
        ports: v.ports,
      },
    ],
  });
  await ensureObject(client, ENDPOINTSLICES, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${v.name}-virtual`,
      namespace: v.namespace,
      labels: {
        ...v.labels,
        'kubernetes.io/service-name': v.name,
        'endpointslice.kubernetes.io/managed-by': VIRTUAL_MANAGED_BY,
      },
    },
    addressType: 'IPv4',
    endpoints: v.pods.map((pod) => ({
      addresses: [pod.ip],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: targetRef(pod),
    })),
    ports: v.ports,
  });
  return svc;
}
