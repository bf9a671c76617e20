/**
 * installNetworkAddons creates the API objects of the cluster's network add-ons when missing: the kube-dns
 * Service of CoreDNS and the ingress-nginx install. createCluster runs it at start; a sandbox seed runs it
 * too, so that a seeded cluster file already holds them.
 */
import type { ApiClient } from '../client/client';
import { installClusterDns } from '../dns/cluster-dns';
import { installIngressNginx } from '../ingress/install';

export async function installNetworkAddons(client: ApiClient): Promise<void> {
  await installClusterDns(client);
  await installIngressNginx(client);
}
