/**
 * Desired EndpointSlices of a Service (pkg/controller/endpointslice/reconciler.go upstream, simplified to
 * one IPv4 address family): endpoints grouped by resolved port set, at most 100 per slice, conditions
 * ready / serving / terminating, nodeName, targetRef; a Service selecting nothing keeps one empty
 * placeholder slice.
 */
import type { KubeObject } from '../../api/object';
import { canonicalJson } from '../deployment/hash';
import {
  findPort,
  isHeadless,
  podHostname,
  podIP,
  selectsPod,
  serviceSpec,
  shouldPodBeInEndpoints,
  targetRef,
} from '../endpoints/pod-endpoints';
import { isPodReady } from '../replicaset/pods';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: ReturnType<typeof targetRef>;
  nodeName?: string;
}

export interface SlicePort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

/** DesiredSlice is the content of one slice: ports (null for a placeholder) and endpoints. */
export interface DesiredSlice {
  ports: SlicePort[] | null;
  endpoints: SliceEndpoint[];
}

/** podToEndpoint is podToEndpoint: ready is never true for a terminating pod (unless publishNotReady). */
export function podToEndpoint(svc: KubeObject, pod: KubeObject): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = serviceSpec(svc).publishNotReadyAddresses || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: [podIP(pod)],
    conditions: { ready, serving, terminating },
    targetRef: targetRef(pod),
  };
  const hostname = podHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName) ep.nodeName = nodeName;
  return ep;
}

/** desiredSlices computes the slices a Service should have from candidate pods. */
export function desiredSlices(svc: KubeObject, pods: KubeObject[]): DesiredSlice[] {
  const spec = serviceSpec(svc);
  const groups = new Map<string, DesiredSlice>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const pod of sorted) {
    if (!selectsPod(svc, pod) || !shouldPodBeInEndpoints(pod, true)) continue;
    const ports: SlicePort[] = [];
    for (const sp of spec.ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const p: SlicePort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    if (spec.ports.length > 0 && ports.length === 0 && !isHeadless(svc)) continue;
    const key = canonicalJson(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: [] }));
    group.endpoints.push(podToEndpoint(svc, pod));
  }
  const out: DesiredSlice[] = [];
  for (const [, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  return out.length > 0 ? out : [{ ports: null, endpoints: [] }];
}

/** sliceLabels are the Service's labels plus the service-name, managed-by and headless labels. */
export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  if (isHeadless(svc)) labels['service.kubernetes.io/headless'] = '';
  return labels;
}

/** sliceContent extracts the comparable content of an existing slice. */
export function sliceContent(slice: KubeObject): DesiredSlice {
  return {
    ports: (slice.ports as SlicePort[] | null | undefined) ?? null,
    endpoints: (slice.endpoints as SliceEndpoint[] | null | undefined) ?? [],
  };
}
