/**
 * The learners' cluster DNS on the host cluster. The platform serves every sandbox's `cluster.local` zone
 * from ONE DNS server (mini-k8s' dns/server.ts) on an unprivileged port of its own pod; in each sandbox
 * namespace a selector-less host Service `kube-dns` (port 53, UDP and TCP) has an EndpointSlice pointing at
 * that address and port, a NetworkPolicy `allow-cluster-dns` lets the namespace's pods reach it, and the host
 * pods get `dnsPolicy: None` with the learner's resolv.conf (nameserver: that Service's IP, the kubelet's
 * --cluster-dns; the learner's search path and options).
 *
 * The server finds the sandbox of a query from its source address: a learner pod's IP is its host Pod's IP,
 * known to the sandbox's HostServiceMirror. Queries from any other address are REFUSED. Each sandbox's zone
 * is the learner's (dns/records.ts), with each Service's ClusterIP replaced by its host mirror's: learner
 * ClusterIPs do not route on the host.
 */
import type { KubeObject } from '../../../api/object';
import { findKind } from '../../../api/resources';
import type { ApiClient } from '../../../client/client';
import { isAlreadyExists } from '../../../machinery/errors';
import { ClusterZone } from '../../../dns/records';
import type { Upstream } from '../../../dns/forward';
import { startDnsServer } from '../../../dns/server';
import type { DnsConfig } from '../runtime';
import { MIRROR_MANAGER } from './host-services';

const SERVICES = findKind('', 'v1', 'Service')!;
const SLICES = findKind('discovery.k8s.io', 'v1', 'EndpointSlice')!;
const POLICIES = findKind('networking.k8s.io', 'v1', 'NetworkPolicy')!;

/** DNS_SERVICE_NAME is the host Service the sandbox's pods use as nameserver (and its EndpointSlice's name). */
export const DNS_SERVICE_NAME = 'kube-dns';
/** DNS_POLICY_NAME is the NetworkPolicy letting the sandbox's pods reach the platform's DNS server. */
export const DNS_POLICY_NAME = 'allow-cluster-dns';

/** HostDnsEndpoint is where host pods reach the platform's DNS server (its pod IP and port). */
export interface HostDnsEndpoint {
  address: string;
  port: number;
  /**
   * platformPeer selects the platform's pods for the NetworkPolicy, besides `address/32`: CNIs such as
   * Cilium ignore ipBlock rules for addresses of pods.
   */
  platformPeer?: { namespace: string; podLabels: Record<string, string> };
}

/** SandboxResolver is one sandbox's side of the shared server. */
export interface SandboxResolver {
  /** ownsAddress tells whether `ip` is one of the sandbox's host pods. */
  ownsAddress(ip: string): boolean;
  zone(): ClusterZone;
}

/** HostDns is the platform's shared DNS server for every sandbox of RUNTIME=kubernetes. */
export interface HostDns {
  endpoint: HostDnsEndpoint;
  /** register serves `resolver`'s zone to its pods; the returned function stops it. */
  register(resolver: SandboxResolver): () => void;
  close(): Promise<void>;
}

export interface HostDnsOptions {
  /** Address to bind (default: `endpoint.address`; `0.0.0.0` to listen everywhere). */
  bind?: string;
  endpoint: HostDnsEndpoint;
  /** Resolvers of the names outside `cluster.local` (none: SERVFAIL). */
  upstreams?: readonly Upstream[];
  onError?: (err: unknown) => void;
}

/** plainAddress turns an IPv4-mapped IPv6 source (`::ffff:10.0.0.5`, dual-stack sockets) into IPv4. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * startHostDns starts the shared server on `endpoint.port` (0: a free port, then `endpoint.port` is the
 * one chosen). A query is answered from the zone of the sandbox owning its source address, REFUSED otherwise.
 */
export async function startHostDns(options: HostDnsOptions): Promise<HostDns> {
  const resolvers = new Set<SandboxResolver>();
  const server = await startDnsServer({
    host: options.bind ?? options.endpoint.address,
    port: options.endpoint.port,
    upstreams: options.upstreams,
    onError: options.onError,
    zone: (client) => {
      const ip = plainAddress(client.address);
      for (const resolver of resolvers) if (resolver.ownsAddress(ip)) return resolver.zone();
      return undefined;
    },
  });
  return {
    endpoint: { ...options.endpoint, port: server.port },
    register(resolver) {
      resolvers.add(resolver);
      return () => resolvers.delete(resolver);
    },
    close: () => server.close(),
  };
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
}

/**
 * translatedZone is the learner's zone as its pods on the host must see it: each Service's ClusterIP is
 * replaced by its host mirror's (`hostClusterIps`, by `namespace/name`; Services not mirrored yet are left
 * out), the learner's kube-dns by `dnsIp`; headless Services answer their endpoints (learner pod IPs = host
 * pod IPs) and ExternalName ones their CNAME, as in the learner's cluster.
 */
export function translatedZone(
  services: KubeObject[],
  slices: KubeObject[],
  hostClusterIps: ReadonlyMap<string, string>,
  dnsIp: string | undefined,
): ClusterZone {
  const translated: KubeObject[] = [];
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    if (spec.type === 'ExternalName' || spec.clusterIP === 'None') {
      translated.push(svc);
      continue;
    }
    const ip = key === 'kube-system/kube-dns' ? dnsIp : hostClusterIps.get(key);
    if (!ip || ip === 'None') continue;
    translated.push({ ...svc, spec: { ...(svc.spec as object), clusterIP: ip, clusterIPs: [ip] } });
  }
  return new ClusterZone(translated, slices);
}

/**
 * hostPodDns is the DNS part of a host pod's spec for a learner sandbox's resolv.conf (the learner kubelet's
 * podDnsConfig): `dnsPolicy: None` and the same nameservers, searches and options. Without one (a kubelet
 * without --cluster-dns), nothing: the host's default.
 */
export function hostPodDns(config: DnsConfig | undefined): Record<string, unknown> {
  if (!config || config.servers.length === 0) return {};
  return {
    dnsPolicy: 'None',
    dnsConfig: {
      nameservers: config.servers.slice(0, 3),
      searches: config.searches,
      options: config.options.map((option) => {
        const colon = option.indexOf(':');
        return colon < 0
          ? { name: option }
          : { name: option.slice(0, colon), value: option.slice(colon + 1) };
      }),
    },
  };
}

/** dnsObjects are the host Service, EndpointSlice and NetworkPolicy of a sandbox's DNS. */
export function dnsObjects(namespace: string, endpoint: HostDnsEndpoint): KubeObject[] {
  const labels = { 'atelier.dev/cluster-dns': 'true' };
  const peers: unknown[] = [{ ipBlock: { cidr: `${endpoint.address}/32` } }];
  if (endpoint.platformPeer)
    peers.push({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': endpoint.platformPeer.namespace } },
      podSelector: { matchLabels: endpoint.platformPeer.podLabels },
    });
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: DNS_SERVICE_NAME, namespace, labels },
      spec: {
        type: 'ClusterIP',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: DNS_SERVICE_NAME,
        namespace,
        labels: {
          ...labels,
          'kubernetes.io/service-name': DNS_SERVICE_NAME,
          'endpointslice.kubernetes.io/managed-by': MIRROR_MANAGER,
        },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [endpoint.address], conditions: { ready: true } }],
      ports: [
        { name: 'dns', port: endpoint.port, protocol: 'UDP' },
        { name: 'dns-tcp', port: endpoint.port, protocol: 'TCP' },
      ],
    } as KubeObject,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: DNS_POLICY_NAME, namespace, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: peers,
            ports: [
              { protocol: 'UDP', port: endpoint.port },
              { protocol: 'TCP', port: endpoint.port },
            ],
          },
        ],
      },
    } as KubeObject,
  ];
}

/**
 * ensureSandboxDns creates, or brings up to date (the platform's pod IP changes when it restarts), the DNS
 * objects of a sandbox namespace; resolves with the kube-dns Service's ClusterIP, the pods' nameserver.
 */
export async function ensureSandboxDns(
  client: ApiClient,
  namespace: string,
  endpoint: HostDnsEndpoint,
): Promise<string> {
  const [service, slice, policy] = dnsObjects(namespace, endpoint);
  let clusterIp: string | undefined;
  try {
    const made = await client.create(SERVICES, namespace, service);
    clusterIp = (made.spec as ServiceSpec).clusterIP;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get(SERVICES, namespace, DNS_SERVICE_NAME);
    clusterIp = (existing.spec as ServiceSpec).clusterIP;
  }
  for (const [ref, desired, fields] of [
    [SLICES, slice, ['endpoints', 'ports']],
    [POLICIES, policy, ['spec']],
  ] as const) {
    try {
      await client.create(ref, namespace, desired);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await client.get(ref, namespace, desired.metadata.name!);
      const differs = fields.some((f) => JSON.stringify(existing[f]) !== JSON.stringify(desired[f]));
      if (differs)
        await client.update(ref, namespace, {
          ...desired,
          metadata: { ...desired.metadata, resourceVersion: existing.metadata.resourceVersion },
        });
    }
  }
  if (!clusterIp || clusterIp === 'None')
    throw new Error(`the host Service ${namespace}/${DNS_SERVICE_NAME} has no ClusterIP`);
  return clusterIp;
}
