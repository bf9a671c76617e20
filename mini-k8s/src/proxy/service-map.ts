/**
 * The service map of one node's kube-proxy (pkg/proxy's ServicePortMap + EndpointsMap): for every Service
 * port, the frontends the node answers on — ClusterIP:port, <this node's IP>:nodePort, each LoadBalancer
 * ingress IP:port — and the endpoints behind them, read from EndpointSlices. Pure: built from objects.
 */
import type { KubeObject } from '../api/object';

/** ProxyEndpoint is one backend address for a service port (target port resolved by the slice). */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** podName comes from targetRef; useful for messages and tests. */
  podName?: string;
}

/** FrontendKind tells how traffic reached the service (traffic policies differ). */
export type FrontendKind = 'clusterIP' | 'nodePort' | 'loadBalancer';

/** ServicePortEntry is what a frontend forwards to. */
export interface ServicePortEntry {
  namespace: string;
  name: string;
  portName: string;
  protocol: string;
  kind: FrontendKind;
  /** endpoints are every endpoint of the port; `usableEndpoints` picks those that may receive traffic. */
  endpoints: ProxyEndpoint[];
  /** affinitySeconds is set for sessionAffinity: ClientIP. */
  affinitySeconds?: number;
  /** nodeLocal is true when the traffic policy of this frontend is Local. */
  nodeLocal: boolean;
}

/** ServiceMap maps `ip:port/PROTOCOL` to its entry. */
export type ServiceMap = Map<string, ServicePortEntry>;

/** frontendKey is the key of a frontend in a ServiceMap. */
export function frontendKey(ip: string, port: number, protocol = 'TCP'): string {
  return `${ip}:${port}/${protocol}`;
}

interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  externalIPs?: string[];
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  nodeName?: string;
  targetRef?: { name?: string };
}

/** endpointsOf collects the endpoints of one service port from the service's slices. */
export function endpointsOf(slices: KubeObject[], portName: string, protocol: string): ProxyEndpoint[] {
  const out: ProxyEndpoint[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    const ports = (slice.ports as { name?: string; port?: number; protocol?: string }[] | null) ?? [];
    const port = ports.find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (port?.port === undefined) continue;
    for (const ep of (slice.endpoints as SliceEndpoint[] | null) ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip || seen.has(`${ip}:${port.port}`)) continue;
      seen.add(`${ip}:${port.port}`);
      const ready = ep.conditions?.ready ?? true;
      out.push({
        ip,
        port: port.port,
        nodeName: ep.nodeName,
        ready,
        serving: ep.conditions?.serving ?? ready,
        terminating: ep.conditions?.terminating ?? false,
        podName: ep.targetRef?.name,
      });
    }
  }
  return out;
}

/**
 * usableEndpoints is kube-proxy's CategorizeEndpoints: ready endpoints; when none is ready, those serving
 * while terminating (graceful termination); with a Local policy only those on `nodeName`.
 */
export function usableEndpoints(entry: ServicePortEntry, nodeName: string): ProxyEndpoint[] {
  const candidates = entry.nodeLocal
    ? entry.endpoints.filter((e) => e.nodeName === nodeName)
    : entry.endpoints;
  const ready = candidates.filter((e) => e.ready);
  return ready.length ? ready : candidates.filter((e) => e.serving && e.terminating);
}

/** buildServiceMap computes the frontends of `nodeIp`'s kube-proxy. */
export function buildServiceMap(nodeIp: string, services: KubeObject[], slices: KubeObject[]): ServiceMap {
  const map: ServiceMap = new Map();
  const slicesByService = new Map<string, KubeObject[]>();
  for (const slice of slices) {
    const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${slice.metadata.namespace}/${svc}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
  }
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const namespace = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    const own = slicesByService.get(`${namespace}/${name}`) ?? [];
    const clusterIps = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter(
      (ip) => ip && ip !== 'None',
    );
    const lbIps = (
      ((svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
        ?.ingress ?? []) as { ip?: string }[]
    )
      .map((i) => i.ip)
      .filter((ip): ip is string => !!ip);
    const affinitySeconds =
      spec.sessionAffinity === 'ClientIP'
        ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800)
        : undefined;
    for (const port of spec.ports ?? []) {
      const protocol = port.protocol ?? 'TCP';
      const base = {
        namespace,
        name,
        portName: port.name ?? '',
        protocol,
        endpoints: endpointsOf(own, port.name ?? '', protocol),
        affinitySeconds,
      };
      const internal = {
        ...base,
        kind: 'clusterIP' as const,
        nodeLocal: spec.internalTrafficPolicy === 'Local',
      };
      for (const ip of [...clusterIps, ...(spec.externalIPs ?? [])])
        map.set(frontendKey(ip, port.port, protocol), internal);
      const externalLocal = spec.externalTrafficPolicy === 'Local';
      if ((type === 'NodePort' || type === 'LoadBalancer') && port.nodePort)
        map.set(frontendKey(nodeIp, port.nodePort, protocol), {
          ...base,
          kind: 'nodePort',
          nodeLocal: externalLocal,
        });
      if (type === 'LoadBalancer')
        for (const ip of lbIps)
          map.set(frontendKey(ip, port.port, protocol), {
            ...base,
            kind: 'loadBalancer',
            nodeLocal: externalLocal,
          });
    }
  }
  return map;
}
