/**
 * NodeInfo is the per-node aggregate the filters and scores read (framework.NodeInfo): the node, its pods,
 * the sum of their requests (exact and non-zero), allocatable resources, used host ports, the
 * ReadWriteOncePod claims in use and the images present. It is updated incrementally as pods come and go.
 */
import { hasAffinity, type HostPort, type PodInfo } from './pod-info';
import {
  addResources,
  allowedPodNumber,
  cloneResources,
  emptyResources,
  resourceListToResources,
  type Resources,
} from './resources';
import type { Node, Taint } from './types';

/** portConflicts is HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP for the same protocol and port. */
function portConflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

export class NodeInfo {
  node?: Node;
  name: string;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Resources = emptyResources();
  allowedPods = 0;
  /** images maps every image name of the node's status to its size. */
  images = new Map<string, number>();
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: Resources = emptyResources();
  nonZeroRequested: Resources = emptyResources();
  usedPorts: HostPort[] = [];
  /** pvcRefCounts counts pods of this node using each `namespace/claim`. */
  readonly pvcRefCounts = new Map<string, number>();

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  /** setNode replaces the node object (labels, taints, allocatable, images). */
  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? this.name;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    const allocatable = node.status?.allocatable ?? node.status?.capacity;
    this.allocatable = resourceListToResources(allocatable);
    this.allowedPods = allowedPodNumber(allocatable);
    this.images = new Map();
    for (const image of node.status?.images ?? []) {
      for (const n of image.names ?? []) this.images.set(n, image.sizeBytes ?? 0);
    }
  }

  /** addPod accounts for a pod placed on this node. */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (hasAffinity(p)) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    this.account(p, 1);
  }

  /** removePod forgets a pod by key; returns false when it was not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const [p] = this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, key);
    removeFrom(this.podsWithRequiredAntiAffinity, key);
    this.account(p, -1);
    return true;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    addResources(this.requested, p.requests, sign);
    addResources(this.nonZeroRequested, p.nonZeroRequests, sign);
    if (sign > 0) this.usedPorts.push(...p.hostPorts);
    else {
      for (const hp of p.hostPorts) {
        const j = this.usedPorts.findIndex(
          (u) => u.ip === hp.ip && u.protocol === hp.protocol && u.port === hp.port,
        );
        if (j >= 0) this.usedPorts.splice(j, 1);
      }
    }
    for (const claim of p.pvcNames) {
      const k = `${p.namespace}/${claim}`;
      const n = (this.pvcRefCounts.get(k) ?? 0) + sign;
      if (n <= 0) this.pvcRefCounts.delete(k);
      else this.pvcRefCounts.set(k, n);
    }
  }

  /** portsConflict tells whether any of the wanted host ports is already used on this node. */
  portsConflict(wanted: readonly HostPort[]): boolean {
    for (const w of wanted) {
      for (const u of this.usedPorts) if (portConflicts(w, u)) return true;
    }
    return false;
  }

  /** clone copies the node info for a dry run (preemption); pods are shared, lists and sums are copied. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.allowedPods = this.allowedPods;
    c.images = this.images;
    c.pods.push(...this.pods);
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    c.requested = cloneResources(this.requested);
    c.nonZeroRequested = cloneResources(this.nonZeroRequested);
    c.usedPorts = [...this.usedPorts];
    for (const [k, v] of this.pvcRefCounts) c.pvcRefCounts.set(k, v);
    return c;
  }
}

function removeFrom(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}
