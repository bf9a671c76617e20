/**
 * The pod's resolv.conf as the kubelet computes it (pkg/kubelet/network/dns): dnsPolicy ClusterFirst (the
 * default; Default for hostNetwork pods) points at the cluster DNS with the namespace's search domains and
 * ndots:5; ClusterFirstWithHostNet does the same for hostNetwork pods; Default uses the node's resolver;
 * None starts empty. spec.dnsConfig is then merged: nameservers and searches appended (no duplicates),
 * options replaced by name.
 */
import type { DnsConfig } from './runtime/runtime';
import { CLUSTER_DOMAIN } from '../network/addresses';

/** NODE_RESOLVER is the node's own nameserver (its /etc/resolv.conf), used by dnsPolicy Default. */
export const NODE_RESOLVER = '172.30.0.1';

interface PodDnsSpec {
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: {
    nameservers?: string[];
    searches?: string[];
    options?: { name: string; value?: string }[];
  };
}

/** podDnsConfig returns the DNS configuration of a pod in `namespace`, `clusterDns` being --cluster-dns. */
export function podDnsConfig(namespace: string, spec: PodDnsSpec, clusterDns: string): DnsConfig {
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const cluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  let config: DnsConfig;
  if (policy === 'None') config = { servers: [], searches: [], options: [] };
  else if (cluster)
    config = {
      servers: [clusterDns],
      searches: [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
      options: ['ndots:5'],
    };
  else config = { servers: [NODE_RESOLVER], searches: [], options: [] };
  const extra = spec.dnsConfig;
  if (!extra) return config;
  for (const server of extra.nameservers ?? [])
    if (!config.servers.includes(server)) config.servers.push(server);
  for (const search of extra.searches ?? [])
    if (!config.searches.includes(search)) config.searches.push(search);
  for (const option of extra.options ?? []) {
    const text = option.value !== undefined ? `${option.name}:${option.value}` : option.name;
    const index = config.options.findIndex((o) => o.split(':')[0] === option.name);
    if (index >= 0) config.options[index] = text;
    else config.options.push(text);
  }
  return config;
}
