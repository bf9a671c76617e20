/**
 * IPv4 helpers of the virtual network: dotted quads as numbers, CIDR membership, and the address plan of a
 * mini-k8s cluster (pod ranges per node, service range, LoadBalancer pool, the virtual CoreDNS pods).
 */

/** ipToNumber converts `a.b.c.d` to an unsigned 32-bit number; NaN for anything else. */
export function ipToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return NaN;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** numberToIp is the inverse of ipToNumber. */
export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** parseCidr returns the first address and size of `a.b.c.d/n`, or undefined when malformed. */
export function parseCidr(cidr: string): { base: number; size: number } | undefined {
  const [address, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const value = ipToNumber(address);
  if (Number.isNaN(value) || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return { base: value - (value % size), size };
}

/** cidrContains tells whether `ip` is inside `cidr` (false for malformed input). */
export function cidrContains(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr);
  const value = ipToNumber(ip);
  if (!range || Number.isNaN(value)) return false;
  return value >= range.base && value < range.base + range.size;
}

/** CLUSTER_DOMAIN is the DNS domain of every mini-k8s cluster (kubelet --cluster-domain). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** CLUSTER_DNS_IP is the kube-dns Service IP the kubelet writes in resolv.conf (kubelet --cluster-dns). */
export const CLUSTER_DNS_IP = '10.96.0.10';

/**
 * COREDNS_POD_IPS are the addresses of the two virtual CoreDNS pods behind the kube-dns Service. They come
 * from 10.244.255.0/24, a pod range no node receives, so they never collide with a real pod.
 */
export const COREDNS_POD_IPS = ['10.244.255.2', '10.244.255.3'] as const;

/** COREDNS_LABELS are the labels of the CoreDNS pods (what egress policies select to allow DNS). */
export const COREDNS_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };

/** INGRESS_CONTROLLER_IP is the pod address of the virtual ingress-nginx controller (same spare range). */
export const INGRESS_CONTROLLER_IP = '10.244.255.10';

/** INGRESS_CONTROLLER_LABELS are the labels of the ingress-nginx controller pod (for ingress policies). */
export const INGRESS_CONTROLLER_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
  'app.kubernetes.io/instance': 'ingress-nginx',
};

/** DEFAULT_LB_POOL is the LoadBalancer address pool: on the nodes' network, like MetalLB in L2 mode. */
export const DEFAULT_LB_POOL = '172.30.0.200-172.30.0.250';
