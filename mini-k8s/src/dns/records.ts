/**
 * The cluster's DNS zone as CoreDNS' kubernetes plugin answers it (the DNS specification for
 * Kubernetes services, "pods insecure" mode): built from Services, EndpointSlices and Pods, queried by name
 * and type. Pure: `ClusterZone.lookup` never touches the network.
 *
 * - `<svc>.<ns>.svc.cluster.local` A → the ClusterIP; for a headless Service one A per ready endpoint;
 *   ExternalName → CNAME to spec.externalName.
 * - `<hostname>.<svc>.<ns>.svc.cluster.local` A → endpoints with a hostname (StatefulSet pods, or pods with
 *   spec.hostname + spec.subdomain = a headless Service).
 * - `_<port>._<proto>.<svc>.<ns>.svc.cluster.local` SRV → each named port.
 * - `a-b-c-d.<ns>.pod.cluster.local` A → a.b.c.d.
 * Any other name of the zone is NXDOMAIN.
 */
import type { KubeObject } from '../api/object';
import { CLUSTER_DOMAIN } from '../network/addresses';

export type RecordType = 'A' | 'CNAME' | 'SRV' | 'PTR';

/** DnsRecord is one answer of the zone. */
export type DnsRecord =
  | { type: 'A'; name: string; ttl: number; address: string }
  | { type: 'CNAME'; name: string; ttl: number; target: string }
  | { type: 'PTR'; name: string; ttl: number; target: string }
  | {
      type: 'SRV';
      name: string;
      ttl: number;
      priority: number;
      weight: number;
      port: number;
      target: string;
    };

/** LookupResult is NOERROR with answers (possibly none: NODATA), NXDOMAIN, or outside the zone. */
export type LookupResult =
  { rcode: 'NOERROR'; answers: DnsRecord[] } | { rcode: 'NXDOMAIN' } | { rcode: 'NOTAUTH' };

/** DNS_TTL is the TTL CoreDNS' kubernetes plugin gives (kubeadm's Corefile: `ttl 30`). */
export const DNS_TTL = 30;

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  externalName?: string;
  ports?: { name?: string; port: number; protocol?: string }[];
  publishNotReadyAddresses?: boolean;
}

interface SliceEndpoint {
  addresses?: string[];
  hostname?: string;
  conditions?: { ready?: boolean };
}

/** normalizeName lower-cases and removes the trailing dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** ClusterZone answers queries for `cluster.local` (and reverse lookups of known addresses). */
export class ClusterZone {
  private readonly records = new Map<string, DnsRecord[]>();
  /** existing holds every name that exists (also empty non-terminals such as `ns.svc.cluster.local`). */
  private readonly existing = new Set<string>();

  constructor(
    services: KubeObject[],
    slices: KubeObject[],
    private readonly domain = CLUSTER_DOMAIN,
  ) {
    const slicesOf = new Map<string, KubeObject[]>();
    for (const slice of slices) {
      const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!svc) continue;
      const key = `${slice.metadata.namespace}/${svc}`;
      slicesOf.set(key, [...(slicesOf.get(key) ?? []), slice]);
    }
    this.mark(`svc.${domain}`);
    this.mark(`pod.${domain}`);
    for (const svc of services)
      this.addService(svc, slicesOf.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? []);
  }

  private mark(name: string): void {
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) this.existing.add(labels.slice(i).join('.'));
  }

  private add(record: DnsRecord): void {
    const name = normalizeName(record.name);
    this.mark(name);
    this.records.set(name, [...(this.records.get(name) ?? []), record]);
  }

  private addService(svc: KubeObject, slices: KubeObject[]): void {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.domain}`;
    if (spec.type === 'ExternalName') {
      if (spec.externalName)
        this.add({ type: 'CNAME', name: fqdn, ttl: DNS_TTL, target: normalizeName(spec.externalName) });
      return;
    }
    const headless = !spec.clusterIP || spec.clusterIP === 'None';
    const endpoints: { ip: string; hostname: string }[] = [];
    const seen = new Set<string>();
    for (const slice of slices)
      for (const ep of (slice.endpoints as SliceEndpoint[] | null) ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip || seen.has(ip)) continue;
        if (!(ep.conditions?.ready ?? true) && !spec.publishNotReadyAddresses) continue;
        seen.add(ip);
        endpoints.push({ ip, hostname: ep.hostname ?? ip.replace(/\./g, '-') });
      }
    if (!headless) this.add({ type: 'A', name: fqdn, ttl: DNS_TTL, address: spec.clusterIP! });
    else {
      this.mark(fqdn);
      for (const ep of endpoints) {
        this.add({ type: 'A', name: fqdn, ttl: DNS_TTL, address: ep.ip });
        this.add({ type: 'A', name: `${ep.hostname}.${fqdn}`, ttl: DNS_TTL, address: ep.ip });
      }
    }
    for (const port of spec.ports ?? []) {
      if (!port.name) continue;
      const name = `_${port.name}._${(port.protocol ?? 'TCP').toLowerCase()}.${fqdn}`;
      const targets = headless ? endpoints.map((ep) => `${ep.hostname}.${fqdn}`) : [fqdn];
      if (targets.length === 0) this.mark(name);
      for (const target of targets)
        this.add({
          type: 'SRV',
          name,
          ttl: DNS_TTL,
          priority: 0,
          weight: Math.floor(100 / targets.length),
          port: port.port,
          target,
        });
    }
  }

  /** inZone tells whether this server is authoritative for `name`. */
  inZone(name: string): boolean {
    const n = normalizeName(name);
    return n === this.domain || n.endsWith(`.${this.domain}`);
  }

  /** lookup answers a question; CNAMEs are returned for any type, as a server does. */
  lookup(rawName: string, type: RecordType): LookupResult {
    const name = normalizeName(rawName);
    if (!this.inZone(name)) return { rcode: 'NOTAUTH' };
    const podMatch = new RegExp(
      `^(\\d{1,3})-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})\\.([a-z0-9-]+)\\.pod\\.${this.domain.replace(/\./g, '\\.')}$`,
    ).exec(name);
    if (podMatch) {
      const octets = podMatch.slice(1, 5).map(Number);
      if (octets.every((o) => o <= 255))
        return {
          rcode: 'NOERROR',
          answers: type === 'A' ? [{ type: 'A', name, ttl: DNS_TTL, address: octets.join('.') }] : [],
        };
    }
    const records = this.records.get(name);
    if (!records) return this.existing.has(name) ? { rcode: 'NOERROR', answers: [] } : { rcode: 'NXDOMAIN' };
    const cname = records.filter((r) => r.type === 'CNAME');
    if (cname.length) return { rcode: 'NOERROR', answers: cname };
    return { rcode: 'NOERROR', answers: records.filter((r) => r.type === type) };
  }
}
