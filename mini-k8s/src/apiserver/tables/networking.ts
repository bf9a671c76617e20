/**
 * Networking printers: ingresses, ingress classes, network policies, endpoints and endpoint slices
 * (printers.go `printIngress`, `printIngressClass`, `printNetworkPolicy`, `printEndpoints`,
 * `printEndpointSlice`).
 */
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { formatLabelSelector, joinHostPort, listWithMoreString, loadBalancerAddresses } from './format';
import type { LabelSelector } from './format';
import { column } from './types';
import type { Printer } from './types';

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);

interface Ingress {
  spec?: { ingressClassName?: string | null; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** formatHosts lists up to three rule hosts (`*` when none) with ` + N more...` for the rest. */
function formatHosts(rules: { host?: string }[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const text = list.join(',');
  return more ? `${text} + ${all.length - max} more...` : text;
}

/** ingressPrinter: Name, Class, Hosts, Address, Ports (`80`, or `80, 443` with TLS), Age. */
export const ingressPrinter: Printer = {
  columns: [
    NAME,
    column(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  print(obj, ctx) {
    const ingress = obj as unknown as Ingress;
    const spec = ingress.spec ?? {};
    return {
      cells: [
        obj.metadata.name ?? '',
        spec.ingressClassName ?? '<none>',
        formatHosts(spec.rules),
        loadBalancerAddresses(ingress.status?.loadBalancer?.ingress),
        (spec.tls ?? []).length !== 0 ? '80, 443' : '80',
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

interface IngressClass {
  spec?: { controller?: string; parameters?: { apiGroup?: string | null; kind?: string; name?: string } };
}

/** ingressClassPrinter: Name, Controller, Parameters (`Kind[.apiGroup]/name` or `<none>`), Age. */
export const ingressClassPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE,
  ],
  print(obj, ctx) {
    const spec = (obj as unknown as IngressClass).spec ?? {};
    let parameters = '<none>';
    if (spec.parameters) {
      parameters = spec.parameters.kind ?? '';
      if (spec.parameters.apiGroup !== undefined && spec.parameters.apiGroup !== null) {
        parameters = `${parameters}.${spec.parameters.apiGroup}`;
      }
      parameters = `${parameters}/${spec.parameters.name ?? ''}`;
    }
    return {
      cells: [
        obj.metadata.name ?? '',
        spec.controller ?? '',
        parameters,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** networkPolicyPrinter: Name, Pod-Selector (`<none>` for the empty selector), Age. */
export const networkPolicyPrinter: Printer = {
  columns: [NAME, column('Pod-Selector', 'string', d.NETPOL_POD_SELECTOR), AGE],
  print(obj, ctx) {
    const spec = (obj.spec as { podSelector?: LabelSelector } | undefined) ?? {};
    // podSelector is a struct (never nil) upstream: a missing one is the empty, match-all selector.
    return {
      cells: [
        obj.metadata.name ?? '',
        formatLabelSelector(spec.podSelector ?? {}),
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

interface EndpointSubset {
  addresses?: { ip?: string }[];
  ports?: { name?: string; port?: number }[];
}

/** formatEndpoints lists up to three `ip:port` pairs over all subsets, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(subsets: EndpointSubset[] | undefined): string {
  if (!subsets || subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: list the bare IPs.
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(address.ip ?? '');
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(address.ip ?? '', port.port ?? 0));
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

/** endpointsPrinter: Name, Endpoints, Age. */
export const endpointsPrinter: Printer = {
  columns: [NAME, column('Endpoints', 'string', d.ENDPOINTS_SUBSETS), AGE],
  print(obj, ctx) {
    return {
      cells: [
        obj.metadata.name ?? '',
        formatEndpoints(obj.subsets as EndpointSubset[] | undefined),
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** formatDiscoveryPorts lists up to three ports (number, else name, else `*`). */
function formatDiscoveryPorts(ports: { name?: string | null; port?: number | null }[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < max) {
      let text = '*';
      if (port.port !== undefined && port.port !== null) text = String(port.port);
      else if (port.name !== undefined && port.name !== null) text = port.name;
      list.push(text);
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMoreString(list, more, count, max);
}

/** formatDiscoveryEndpoints lists up to three endpoint addresses. */
function formatDiscoveryEndpoints(endpoints: { addresses?: string[] }[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const endpoint of endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMoreString(list, more, count, max);
}

/** endpointSlicePrinter: Name, AddressType, Ports, Endpoints, Age. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    column('AddressType', 'string', d.SLICE_ADDRESS_TYPE),
    column('Ports', 'string', d.SLICE_PORTS),
    column('Endpoints', 'string', d.SLICE_ENDPOINTS),
    AGE,
  ],
  print(obj, ctx) {
    return {
      cells: [
        obj.metadata.name ?? '',
        (obj.addressType as string | undefined) ?? '',
        formatDiscoveryPorts(obj.ports as { name?: string; port?: number }[] | undefined),
        formatDiscoveryEndpoints(obj.endpoints as { addresses?: string[] }[] | undefined),
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};
