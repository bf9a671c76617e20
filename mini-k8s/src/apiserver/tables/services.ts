/**
 * Service printer (printers.go `printService`): TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) rules.
 */
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { formatLabels, loadBalancerAddresses } from './format';
import { column } from './types';
import type { Printer } from './types';

interface ServicePort {
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface Service {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/**
 * externalIP is getServiceExternalIP with wide output (the server always renders wide, so
 * load-balancer addresses are never clipped): spec.externalIPs for ClusterIP/NodePort or `<none>`;
 * load-balancer ingress then externalIPs, or `<pending>`; the DNS name for ExternalName.
 */
function externalIP(service: Service, type: string): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIPs = loadBalancerAddresses(service.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) {
        const results = lbIPs.length > 0 ? lbIPs.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIPs.length > 0 ? lbIPs : '<pending>';
    }
    case 'ExternalName':
      return service.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** portsText is makePortString: `port/proto` or `port:nodePort/proto`, comma-joined; `<none>` when empty. */
function portsText(ports: ServicePort[] | undefined): string {
  const pieces = (ports ?? []).map((p) => {
    // The API defaults protocol to TCP; read it the same way when an object was stored without it.
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort && p.nodePort > 0
      ? `${p.port ?? 0}:${p.nodePort}/${protocol}`
      : `${p.port ?? 0}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

/** servicePrinter: Name, Type, Cluster-IP, External-IP, Port(s), Age, Selector. */
export const servicePrinter: Printer = {
  columns: [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Type', 'string', d.SVC_TYPE),
    column('Cluster-IP', 'string', d.SVC_CLUSTER_IP),
    column('External-IP', 'string', d.SVC_EXTERNAL_IPS),
    column('Port(s)', 'string', d.SVC_PORTS),
    column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP),
    column('Selector', 'string', d.SVC_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const service = obj as unknown as Service;
    // The API defaults type to ClusterIP; clusterIPs[0] mirrors clusterIP once the registry fills it.
    const type = service.spec?.type ?? 'ClusterIP';
    const clusterIPs = service.spec?.clusterIPs ?? [];
    const clusterIP = clusterIPs[0] ?? (service.spec?.clusterIP || '<none>');
    return {
      cells: [
        obj.metadata.name ?? '',
        type,
        clusterIP,
        externalIP(service, type),
        portsText(service.spec?.ports),
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        formatLabels(service.spec?.selector),
      ],
    };
  },
};
