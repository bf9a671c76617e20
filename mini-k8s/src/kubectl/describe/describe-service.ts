/**
 * describeService is kubectl's service describer: selector, type, IP families and cluster IPs, one
 * Port/TargetPort/NodePort/Endpoints group per port (ready endpoints from the service's EndpointSlices,
 * at most three shown), session affinity, traffic policies and events.
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import type { DescribeContext } from './describers';
import { eventsFor } from './describers';

type Service = KubeObject & {
  spec?: {
    selector?: Record<string, string>;
    type?: string;
    ipFamilyPolicy?: string;
    ipFamilies?: string[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: {
      name?: string;
      port: number;
      protocol?: string;
      targetPort?: number | string;
      nodePort?: number;
    }[];
    sessionAffinity?: string;
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
    healthCheckNodePort?: number;
    loadBalancerSourceRanges?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
};

type EndpointSlice = KubeObject & {
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
  ports?: { name?: string; port?: number }[];
};

/**
 * formatEndpointSlices lists the ready `ip:port` of the slices' ports named `portName`, three at most
 * (`<none>` without slices, empty when the slices have no endpoints).
 */
export function formatEndpointSlices(slices: KubeObject[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (text: string, ready: boolean) => {
    if (list.length === max) more = true;
    // Endpoints that are not ready are neither listed nor counted in "+ N more".
    if (!ready) return;
    if (!more) list.push(text);
    count++;
  };
  for (const slice of slices as EndpointSlice[]) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    if (ports.length === 0) {
      for (const e of endpoints) add(e.addresses[0], e.conditions?.ready !== false);
      continue;
    }
    for (const port of ports) {
      if ((port.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        const ip = e.addresses[0];
        add(ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`, e.conditions?.ready !== false);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export async function describeService(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const svc = obj as Service;
  const spec = svc.spec ?? {};
  const slices = (
    await ctx.client.list<EndpointSlice>(
      { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespaced: true },
      svc.metadata.namespace,
      { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` },
    )
  ).items;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  w.labels('Labels', svc.metadata.labels);
  w.annotations('Annotations', svc.metadata.annotations);
  const selector = Object.keys(spec.selector ?? {})
    .sort()
    .map((k) => `${k}=${spec.selector![k]}`)
    .join(',');
  w.write(0, `Selector:\t${selector || '<none>'}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  if (spec.ipFamilies?.length) w.write(0, `IP Families:\t${spec.ipFamilies.join(',')}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  if (spec.clusterIPs?.length) w.write(0, `IPs:\t${spec.clusterIPs.join(',')}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname || '').join(', ')}\n`);
  }
  if (spec.type === 'ExternalName') w.write(0, `External Name:\t${spec.externalName ?? ''}\n`);
  for (const sp of spec.ports ?? []) {
    const name = sp.name || '<unset>';
    const protocol = sp.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
    w.write(0, `TargetPort:\t${sp.targetPort ?? sp.port}/${protocol}\n`);
    if (sp.nodePort) w.write(0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) {
    w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  }
  if (events) w.events(events);
  return w.toString();
}
