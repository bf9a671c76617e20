/**
 * The kubelet-managed `/etc/hosts` of a pod, shared by the runtimes that write it themselves (the simulated
 * runtime's file system, the Docker runtime's direct pod network).
 */
import { CLUSTER_DOMAIN } from '../../network/addresses';
import type { PodSandboxConfig } from './runtime';

/** hostsFileContent is the kubelet's managed hosts file of a pod (`pkg/kubelet/kubelet_pods.go`). */
export function hostsFileContent(config: PodSandboxConfig, ip: string): string {
  const hostname = config.hostname.slice(0, 63);
  const names = config.subdomain
    ? `${hostname}.${config.subdomain}.${config.namespace}.svc.${CLUSTER_DOMAIN}\t${hostname}`
    : hostname;
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    `${ip}\t${names}`,
  ];
  if (config.hostAliases?.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const alias of config.hostAliases) lines.push(`${alias.ip}\t${alias.hostnames.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}
