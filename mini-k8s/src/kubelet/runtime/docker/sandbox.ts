/**
 * The pause-like sandbox container of a pod: a static busybox `sleep` holding the pod's network and IPC
 * namespaces on the learner sandbox's network, with the pod's hostname, DNS settings and host aliases.
 * App containers join it (`NetworkMode: container:<id>`), so they share localhost, /etc/hosts and
 * /etc/resolv.conf. It alone gets NET_ADMIN, only to install a blackhole route to the cloud metadata
 * address (defence in depth when a sandbox network allows outbound traffic) and the Service and node ranges' routes
 * before exec'ing `sleep`; learner processes never hold that capability.
 */
import type Docker from 'dockerode';
import type { PodSandboxConfig, PodSandboxStatus } from '../runtime';
import { dockerName, LABELS, labelNumber, SANDBOX_ROLE } from './labels';
import type { SandboxNetwork } from './network';
import { cidrContains } from './network';
import { NODE_NETWORK_CIDR, SERVICE_CIDR } from './service-rules';
import type { BindMount } from './volumes';

/** METADATA_ADDRESS is the cloud instance metadata endpoint, unreachable from every pod. */
export const METADATA_ADDRESS = '169.254.169.254';

/**
 * pauseCommand blackholes the metadata address, routes the Service range and the nodes' network (NodePorts,
 * LoadBalancer IPs) through the network's gateway
 * (where the host's DNAT rules of `service-rules.ts` wait: an internal network may have no default route),
 * then sleeps forever as PID 1 (SIGKILL stops it).
 */
export function pauseCommand(gateway: string): string[] {
  const route = gateway
    ? [SERVICE_CIDR, NODE_NETWORK_CIDR]
        .map((cidr) => `ip route add ${cidr} via ${gateway} 2>/dev/null; `)
        .join('')
    : '';
  return [
    'sh',
    '-c',
    `ip route add blackhole ${METADATA_ADDRESS}/32 2>/dev/null; ${route}exec sleep 2147483647`,
  ];
}

/** SandboxCreateInput is what `sandboxCreateOptions` needs. */
export interface SandboxCreateInput {
  config: PodSandboxConfig;
  sandboxId: string;
  nodeName: string;
  network: SandboxNetwork;
  pauseImage: string;
  random: string;
  /**
   * directIp: the direct pod network (`direct-network.ts`): no Docker networking at all (`NetworkDisabled`:
   * a plain empty network namespace, no libnetwork sandbox), the runtime plugs the pod in after the start
   * with this address, recorded in a label. The pause then needs no NET_ADMIN (the runtime sets the routes)
   * and gets `etcMounts`, the pod's hosts and resolv.conf the runtime wrote (`pod-etc-files.ts`), since the
   * daemon writes none without networking.
   */
  directIp?: string;
  etcMounts?: BindMount[];
}

/** sandboxCreateOptions builds the daemon request for a pod's sandbox container. */
export function sandboxCreateOptions(input: SandboxCreateInput): Docker.ContainerCreateOptions {
  const { config, network, directIp } = input;
  // Why: the kubelet allocates IPs from its own pod CIDR; they are used only when they fit this network.
  const ip =
    config.podIp && network.subnet && cidrContains(network.subnet, config.podIp) ? config.podIp : undefined;
  return {
    name: dockerName(
      [input.sandboxId, config.namespace, config.name, 'POD', config.attempt ?? 0],
      input.random,
    ),
    Image: input.pauseImage,
    Cmd: directIp ? ['sleep', '2147483647'] : pauseCommand(network.gateway),
    Hostname: config.hostname.slice(0, 63),
    Labels: {
      [LABELS.sandbox]: input.sandboxId,
      [LABELS.node]: input.nodeName,
      [LABELS.role]: SANDBOX_ROLE,
      [LABELS.podNamespace]: config.namespace,
      [LABELS.podName]: config.name,
      [LABELS.podUid]: config.uid,
      [LABELS.podHostname]: config.hostname,
      [LABELS.podAttempt]: String(config.attempt ?? 0),
      ...(directIp ? { [LABELS.podIp]: directIp } : {}),
    },
    // Why: without libnetwork (no endpoint, no setkey hook re-executing dockerd) the start takes about
    // 100 ms instead of 200–280 (measured on Docker 20.10; README "Direct pod network").
    ...(directIp ? { NetworkDisabled: true } : {}),
    HostConfig: {
      NetworkMode: directIp ? 'none' : network.name,
      IpcMode: 'shareable',
      ...(directIp
        ? { Mounts: input.etcMounts ?? [] }
        : {
            Dns: config.dnsConfig?.servers ?? [],
            DnsSearch: config.dnsConfig?.searches ?? [],
            DnsOptions: config.dnsConfig?.options ?? [],
            ExtraHosts: (config.hostAliases ?? []).flatMap((alias) =>
              alias.hostnames.map((h) => `${h}:${alias.ip}`),
            ),
          }),
      CapDrop: ['ALL'],
      CapAdd: directIp ? [] : ['NET_ADMIN'],
      SecurityOpt: ['no-new-privileges'],
      Memory: 16 * 1024 * 1024,
      MemorySwap: 16 * 1024 * 1024,
      PidsLimit: 8,
      RestartPolicy: { Name: 'no' },
    },
    ...(directIp
      ? {}
      : {
          NetworkingConfig: {
            EndpointsConfig: { [network.name]: ip ? { IPAMConfig: { IPv4Address: ip } } : {} },
          },
        }),
  };
}

/** sandboxStatusFromInspect maps the pause container's inspection to the CRI status. */
export function sandboxStatusFromInspect(info: Docker.ContainerInspectInfo, ip: string): PodSandboxStatus {
  const labels = info.Config.Labels ?? {};
  return {
    id: info.Id,
    name: labels[LABELS.podName] ?? '',
    namespace: labels[LABELS.podNamespace] ?? '',
    uid: labels[LABELS.podUid] ?? '',
    attempt: labelNumber(labels, LABELS.podAttempt),
    state: info.State.Running ? 'ready' : 'notready',
    createdAt: new Date(info.Created),
    ip,
    hostname: labels[LABELS.podHostname] ?? info.Config.Hostname,
  };
}

/** sandboxIp reads the pod IP from an inspection (empty once the sandbox stopped). */
export function sandboxIp(info: Docker.ContainerInspectInfo, networkName: string): string {
  return info.NetworkSettings.Networks?.[networkName]?.IPAddress || info.Config.Labels?.[LABELS.podIp] || '';
}
