/**
 * Describers of the network kinds: Endpoints, EndpointSlice, Ingress (rules table, default backend, TLS),
 * IngressClass and NetworkPolicy (the spelled-out "Allowing ingress traffic" text).
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, compare, eventsFor } from './describers';
import { formatEndpointSlices } from './describe-service';
import { formatSelector, type LabelSelector } from './describe-workloads';

interface Endpoints extends KubeObject {
  subsets?: {
    addresses?: { ip: string }[];
    notReadyAddresses?: { ip: string }[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

/** describeEndpoints prints each subset's ready and not-ready addresses and its ports. */
export async function describeEndpoints(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const ep = obj as Endpoints;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`);
  w.labels('Labels', ep.metadata.labels);
  w.annotations('Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const subset of ep.subsets ?? []) {
    const ips = (list: { ip: string }[] | undefined) => (list ?? []).map((a) => a.ip).join(',') || '<none>';
    w.write(1, `Addresses:\t${ips(subset.addresses)}\n`);
    w.write(1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
    if (subset.ports && subset.ports.length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of subset.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
    }
    w.write(0, '\n');
  }
  if (events) w.events(events);
  return w.toString();
}

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[];
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean };
    hostname?: string;
    targetRef?: { kind?: string; name?: string };
    nodeName?: string;
    zone?: string;
  }[];
}

/** describeEndpointSlice prints the address type, the ports table and each endpoint's details. */
export async function describeEndpointSlice(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const eps = obj as EndpointSlice;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${eps.metadata.name}\n`);
  w.write(0, `Namespace:\t${eps.metadata.namespace}\n`);
  w.labels('Labels', eps.metadata.labels);
  w.annotations('Annotations', eps.metadata.annotations);
  w.write(0, `AddressType:\t${eps.addressType ?? ''}\n`);
  if (!eps.ports || eps.ports.length === 0) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of eps.ports) {
      w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
    }
  }
  if (!eps.endpoints || eps.endpoints.length === 0) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of eps.endpoints) {
      w.write(1, `- Addresses:\t${e.addresses.join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  if (events) w.events(events);
  return w.toString();
}

interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind: string; name: string };
}

interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths: { path?: string; backend: IngressBackend }[] } }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

interface Service extends KubeObject {
  spec?: { ports?: { name?: string; port: number }[] };
}

const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };
const ENDPOINT_SLICES = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  namespaced: true,
};

/**
 * describeIngress prints the address, class, default backend, TLS, the Host/Path/Backends rules table (each
 * backend with its service's ready endpoints) and annotations.
 */
export async function describeIngress(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const ing = obj as Ingress;
  const ns = ing.metadata.namespace!;
  const events = await eventsFor(ctx, obj);
  const spec = ing.spec ?? {};
  const backends = new Map<IngressBackend, string>();
  const all = [
    spec.defaultBackend,
    ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
  ];
  for (const b of all) if (b) backends.set(b, await describeBackend(ctx, ns, b));

  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  w.labels('Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  const addresses = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) addresses.add(i.ip);
    else if (i.hostname) addresses.add(i.hostname);
  }
  w.write(0, `Address:\t${[...addresses].sort(compare).join(',')}\n`);
  w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const defaultBackend = spec.defaultBackend ? backends.get(spec.defaultBackend)! : '<default>';
  w.write(0, `Default backend:\t${defaultBackend}\n`);
  if (spec.tls && spec.tls.length > 0) {
    w.write(0, 'TLS:\n');
    for (const t of spec.tls) {
      const hosts = (t.hosts ?? []).join(',');
      w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${backends.get(p.backend)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
  w.annotations('Annotations', ing.metadata.annotations);
  if (events) w.events(events);
  return w.toString();
}

/** describeBackend is describeBackendV1: `service:port (endpoints)` or the resource backend. */
async function describeBackend(ctx: DescribeContext, ns: string, backend: IngressBackend): Promise<string> {
  if (backend.service) {
    const svc = backend.service;
    const sb = `${svc.name}:${svc.port?.number ? svc.port.number : (svc.port?.name ?? '')}`;
    let slices: KubeObject[];
    let service: Service;
    try {
      slices = (
        await ctx.client.list(ENDPOINT_SLICES, ns, {
          labelSelector: `kubernetes.io/service-name=${svc.name}`,
        })
      ).items;
      service = await ctx.client.get<Service>(SERVICES, ns, svc.name);
    } catch (err) {
      return `${sb} (<error: ${(err as Error).message}>)`;
    }
    let portName = '';
    for (const sp of service.spec?.ports ?? []) {
      if (svc.port?.number && svc.port.number === sp.port) portName = sp.name ?? '';
      else if (svc.port?.name && svc.port.name === sp.name) portName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, portName)})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind: string; name: string } };
}

/** describeIngressClass prints the controller and the parameters reference. */
export async function describeIngressClass(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const ic = obj as IngressClass;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${ic.metadata.name}\n`);
  w.labels('Labels', ic.metadata.labels);
  w.annotations('Annotations', ic.metadata.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const params = ic.spec?.parameters;
  if (params) {
    w.write(0, 'Parameters:\n');
    if (params.apiGroup !== undefined) w.write(1, `APIGroup:\t${params.apiGroup}\n`);
    w.write(1, `Kind:\t${params.kind}\n`);
    w.write(1, `Name:\t${params.name}\n`);
  }
  if (events) w.events(events);
  return w.toString();
}

interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface NetworkPolicy extends KubeObject {
  spec?: {
    podSelector?: LabelSelector;
    ingress?: { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[] }[];
    egress?: { ports?: NetworkPolicyPort[]; to?: NetworkPolicyPeer[] }[];
    policyTypes?: string[];
  };
}

/** describeNetworkPolicy spells out which traffic the policy allows, rule by rule. */
export async function describeNetworkPolicy(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const np = obj as NetworkPolicy;
  const spec = np.spec ?? {};
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace}\n`);
  w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  w.labels('Labels', np.metadata.labels);
  w.annotations('Annotations', np.metadata.annotations);
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const selector = formatSelector(spec.podSelector);
  w.write(
    2,
    selector ? `${selector}\n` : '<none> (Allowing the specific traffic to all pods in this namespace)\n',
  );
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    describeRules(
      w,
      (spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })),
      'ingress',
    );
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    describeRules(
      w,
      (spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to })),
      'egress',
    );
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.join(', ') || '<none>'}\n`);
  return w.toString();
}

/** describeRules is printNetworkPolicySpecIngressFrom / EgressTo (indented by four spaces). */
function describeRules(
  w: DescribeWriter,
  rules: { ports?: NetworkPolicyPort[]; peers?: NetworkPolicyPeer[] }[],
  direction: 'ingress' | 'egress',
): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  const peerTitle = direction === 'ingress' ? 'From' : 'To';
  rules.forEach((rule, i) => {
    if (!rule.ports || rule.ports.length === 0) {
      w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    } else {
      for (const p of rule.ports) {
        const port = p.port === undefined ? '<nil>' : String(p.port);
        const proto = p.protocol ?? 'TCP';
        if (p.endPort === undefined) w.write(0, `${indent}To Port: ${port}/${proto}\n`);
        else w.write(0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
      }
    }
    if (!rule.peers || rule.peers.length === 0) {
      const what = direction === 'ingress' ? 'source' : 'destination';
      w.write(0, `${indent}${peerTitle}: <any> (traffic not restricted by ${what})\n`);
    } else {
      for (const peer of rule.peers) {
        w.write(0, `${indent}${peerTitle}:\n`);
        if (peer.podSelector && peer.namespaceSelector) {
          w.write(1, `${indent}NamespaceSelector: ${labelSelector(peer.namespaceSelector)}\n`);
          w.write(1, `${indent}PodSelector: ${labelSelector(peer.podSelector)}\n`);
        } else if (peer.podSelector) {
          w.write(1, `${indent}PodSelector: ${labelSelector(peer.podSelector)}\n`);
        } else if (peer.namespaceSelector) {
          w.write(1, `${indent}NamespaceSelector: ${labelSelector(peer.namespaceSelector)}\n`);
        } else if (peer.ipBlock) {
          w.write(1, `${indent}IPBlock:\n`);
          w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
          w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
        }
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

/** labelSelector is metav1.FormatLabelSelector: the selector string, `<none>` when it selects everything. */
export function labelSelector(selector: LabelSelector | undefined): string {
  return formatSelector(selector) || '<none>';
}

/** goTimeString is Go's time.Time.String() in UTC (`2006-01-02 15:04:05 +0000 UTC`). */
export function goTimeString(ts: string | null | undefined): string {
  const d = new Date(ts ?? 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`;
}
