/**
 * The Node objects `mini-k8s up` registers until kubelets register themselves: `controlplane` (tainted
 * NoSchedule, role label) then `node01`, `node02`, ... — the names the course uses — all Ready, with the
 * status fields `kubectl get nodes -o wide` and `describe node` print.
 */
import type { KubeObject } from '../api/object';

/** nodeNames returns the names of a cluster of `count` nodes: controlplane, node01, node02, ... */
export function nodeNames(count: number): string[] {
  if (count <= 0) return [];
  return [
    'controlplane',
    ...Array.from({ length: count - 1 }, (_, i) => `node${String(i + 1).padStart(2, '0')}`),
  ];
}

/** nodeAddress is the InternalIP of node `index` (0 = control plane). */
export function nodeAddress(index: number): string {
  return `172.30.0.${index + 2}`;
}

/** nodeObject builds node `index` (0 = control plane) as a kubelet would register it. */
export function nodeObject(name: string, index: number, now: Date): KubeObject {
  const controlPlane = index === 0;
  const timestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
  if (controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  const podCidr = `10.244.${index}.0/24`;
  const resources = {
    cpu: '2',
    'ephemeral-storage': '20Gi',
    'hugepages-2Mi': '0',
    memory: '4Gi',
    pods: '110',
  };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: timestamp,
    lastTransitionTime: timestamp,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: podCidr,
      podCIDRs: [podCidr],
      ...(controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: nodeAddress(index) },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '6.1.0-mini-k8s',
        osImage: 'mini-k8s simulated node',
        containerRuntimeVersion: 'simulated://1.0.0',
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
