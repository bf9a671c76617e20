/**
 * The cluster DNS add-on as kubeadm installs it: the `kube-dns` Service in kube-system (10.96.0.10, ports
 * dns/UDP 53, dns-tcp/TCP 53, metrics/TCP 9153) in front of two CoreDNS pods. The pods are virtual (the
 * zone is answered in process by ClusterNetwork and, optionally, by a real UDP/TCP server), so the Service
 * has no selector and its Endpoints/EndpointSlice are written here.
 */
import type { ApiClient } from '../client/client';
import { CLUSTER_DNS_IP, COREDNS_LABELS, COREDNS_POD_IPS } from '../network/addresses';
import { ensureVirtualService } from '../network/system-objects';

/** COREDNS_POD_NAMES name the virtual CoreDNS pods (as a Deployment's pods would be named). */
export const COREDNS_POD_NAMES = ['coredns-668d6bf9bc-4xkq7', 'coredns-668d6bf9bc-9zt2m'];

/** installClusterDns creates what is missing of the kube-dns Service and its endpoints. */
export async function installClusterDns(client: ApiClient): Promise<void> {
  await ensureVirtualService(client, {
    namespace: 'kube-system',
    name: 'kube-dns',
    labels: {
      ...COREDNS_LABELS,
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'CoreDNS',
    },
    spec: { type: 'ClusterIP', clusterIP: CLUSTER_DNS_IP, clusterIPs: [CLUSTER_DNS_IP] },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ],
    pods: COREDNS_POD_IPS.map((ip, i) => ({ name: COREDNS_POD_NAMES[i], ip })),
  });
}
