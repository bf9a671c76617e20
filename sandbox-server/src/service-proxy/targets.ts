/**
 * Where a service-proxy URL leads, as a laptop next to a real cluster would reach it:
 * - `nodeport/<port>`: a NodePort (30000–32767) on a worker's InternalIP (any node answers NodePorts);
 * - `lb/<ip>/<port>`: a LoadBalancer IP of the service-lb pool;
 * - `ingress/<host>`: the ingress-nginx controller's published address, port 80, with `Host: <host>`.
 * The cluster is read through its API client only.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';

const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true };

/** NODE_PORT_RANGE is kube-apiserver's default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** ProxyTarget is the address, port and Host header of one proxied request. */
export interface ProxyTarget {
  ip: string;
  port: number;
  host: string;
  /** base is the proxy URL prefix that maps to `/` on the target (to rewrite redirects). */
  base: string;
}

/** TargetError is a request the proxy cannot forward: HTTP status and French explanation. */
export class TargetError extends Error {
  constructor(
    readonly status: 400 | 404 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

function portOf(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function internalIp(node: KubeObject): string | undefined {
  const addresses = (node.status as { addresses?: { type?: string; address?: string }[] } | undefined)
    ?.addresses;
  return addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** nodePortTarget is a worker's InternalIP (the control plane only when there is no worker). */
export async function nodePortTarget(
  client: ApiClient,
  portText: string,
  base: string,
): Promise<ProxyTarget> {
  const port = portOf(portText);
  if (port === undefined || port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max)
    throw new TargetError(
      400,
      `« ${portText} » n'est pas un NodePort : un NodePort est un port entre ${NODE_PORT_RANGE.min} et ${NODE_PORT_RANGE.max} (colonne PORT(S) de « kubectl get svc », après les deux-points).`,
    );
  const nodes = (await client.list(NODES)).items
    .filter((n) => internalIp(n))
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const worker = nodes.find((n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})));
  const node = worker ?? nodes[0];
  if (!node)
    throw new TargetError(503, "Le cluster n'a aucun nœud avec une adresse : rien ne peut répondre.");
  const ip = internalIp(node)!;
  return { ip, port, host: `${ip}:${port}`, base };
}

/** loadBalancerTarget checks the address and port; the cluster network decides whether anything answers. */
export function loadBalancerTarget(ipText: string, portText: string, base: string): ProxyTarget {
  if (!IPV4.test(ipText))
    throw new TargetError(
      400,
      `« ${ipText} » n'est pas une adresse IPv4 (colonne EXTERNAL-IP de « kubectl get svc »).`,
    );
  const port = portOf(portText);
  if (port === undefined)
    throw new TargetError(400, `« ${portText} » n'est pas un numéro de port (1 à 65535).`);
  return { ip: ipText, port, host: port === 80 ? ipText : `${ipText}:${port}`, base };
}

/** ingressTarget is the ingress-nginx controller Service's LoadBalancer address, port 80. */
export async function ingressTarget(client: ApiClient, hostText: string, base: string): Promise<ProxyTarget> {
  const host = hostText.toLowerCase();
  if (!HOSTNAME.test(host))
    throw new TargetError(
      400,
      `« ${hostText} » n'est pas un nom d'hôte valide (champ host d'une règle d'Ingress).`,
    );
  let controller: KubeObject | undefined;
  try {
    controller = await client.get(SERVICES, 'ingress-nginx', 'ingress-nginx-controller');
  } catch {
    controller = undefined;
  }
  const ip = (
    controller?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined
  )?.loadBalancer?.ingress?.find((i) => i.ip)?.ip;
  if (!ip)
    throw new TargetError(
      503,
      "Le contrôleur d'Ingress n'a pas d'adresse : le Service ingress-nginx-controller (namespace ingress-nginx) manque ou n'a pas encore d'EXTERNAL-IP.",
    );
  return { ip, port: 80, host, base };
}
