/**
 * Node registration content (pkg/kubelet/kubelet_node_status.go + nodestatus upstream): the Node object a
 * kubelet registers and the status it posts — capacity, allocatable, the five conditions with upstream
 * reasons, addresses, daemon endpoints, nodeInfo and the images present on the node.
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../client/event-recorder';
import type { ImageInfo } from './runtime/runtime';

/** NodeIdentity describes the node a kubelet runs. */
export interface NodeIdentity {
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  runtimeName: string;
  runtimeVersion: string;
  /** machineId/bootId are stable per node (nodeInfo). */
  machineId: string;
  bootId: string;
}

/** KUBELET_VERSION is the version the simulated kubelet reports. */
export const KUBELET_VERSION = 'v1.32.4';

/** DEFAULT_CAPACITY is a simulated node's capacity (allocatable subtracts nothing). */
export const DEFAULT_CAPACITY: Record<string, string> = {
  cpu: '2',
  'ephemeral-storage': '20Gi',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '4Gi',
  pods: '110',
};

/** MAX_IMAGES bounds node.status.images (upstream nodeStatusMaxImages = 50). */
const MAX_IMAGES = 50;

/** nodeLabels are the well-known labels a kubelet sets on its Node. */
export function nodeLabels(nodeName: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
    ...extra,
  };
}

/** nodeObject is the Node a kubelet creates when it registers. */
export function nodeObject(id: NodeIdentity): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: id.labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: id.podCidr,
      podCIDRs: [id.podCidr],
      ...(id.taints.length > 0 ? { taints: id.taints } : {}),
    },
  };
}

interface Condition {
  type: string;
  status: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** imageList is node.status.images: largest first, names = digests then tags. */
export function imageList(images: ImageInfo[]): { names: string[]; sizeBytes: number }[] {
  return [...images]
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, MAX_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.sizeBytes }));
}

/** statusFingerprint identifies a node status without its heartbeat times (changes worth reporting). */
export function statusFingerprint(status: Record<string, unknown>): string {
  const conditions = (status.conditions as Condition[] | undefined)?.map(
    ({ lastHeartbeatTime: _heartbeat, ...rest }) => rest,
  );
  return JSON.stringify({ ...status, conditions });
}

/**
 * nodeStatus builds the status to post; conditions keep their lastTransitionTime from `previous` when
 * their status did not change, while lastHeartbeatTime is always now.
 */
export function nodeStatus(
  id: NodeIdentity,
  images: ImageInfo[],
  previous: Condition[] | undefined,
  now: Date,
): Record<string, unknown> {
  const stamp = rfc3339(now);
  const condition = (type: string, status: string, reason: string, message: string): Condition => {
    const old = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: stamp,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : stamp,
      reason,
      message,
    };
  };
  return {
    capacity: id.capacity,
    allocatable: id.allocatable,
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
      { type: 'InternalIP', address: id.nodeIp },
      { type: 'Hostname', address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id.machineId,
      systemUUID: id.machineId,
      bootID: id.bootId,
      kernelVersion: '6.8.0-mini-k8s',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: `${id.runtimeName}://${id.runtimeVersion}`,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: imageList(images),
  };
}
