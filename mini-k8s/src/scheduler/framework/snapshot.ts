/**
 * Snapshot is the cluster view one scheduling cycle reads (the scheduler cache + snapshot upstream):
 * NodeInfos by name, built from the informers' node and pod caches and then kept up to date
 * incrementally (pod added, assumed, removed; node added, updated, removed).
 *
 * Invariant: a scheduling cycle (PreFilter → Score → Reserve) is synchronous, so nothing mutates the
 * snapshot while plugins read it; the scheduler applies informer events and assumed pods between cycles.
 */
import { newPodInfo, type PodInfo } from './pod-info';
import { NodeInfo } from './node-info';
import type { Node, Pod } from './types';

export class Snapshot {
  private readonly infos = new Map<string, NodeInfo>();
  /** podNode maps a pod key to the node it is accounted on. */
  private readonly podNode = new Map<string, string>();
  private listCache?: NodeInfo[];
  private affinityCache?: NodeInfo[];
  private antiAffinityCache?: NodeInfo[];

  /** build creates a snapshot from nodes and pods (pods without spec.nodeName are ignored). */
  static build(nodes: readonly Node[], pods: readonly Pod[]): Snapshot {
    const s = new Snapshot();
    for (const n of nodes) s.upsertNode(n);
    for (const p of pods) if (p.spec?.nodeName) s.addPod(newPodInfo(p), p.spec.nodeName);
    return s;
  }

  /** nodes lists the NodeInfos that have a Node object (pods may reference nodes not yet seen). */
  nodes(): NodeInfo[] {
    if (!this.listCache) this.listCache = [...this.infos.values()].filter((i) => i.node !== undefined);
    return this.listCache;
  }

  /** havePodsWithAffinity lists nodes with at least one pod having (anti-)affinity terms. */
  havePodsWithAffinity(): NodeInfo[] {
    if (!this.affinityCache) this.affinityCache = this.nodes().filter((i) => i.podsWithAffinity.length > 0);
    return this.affinityCache;
  }

  /** havePodsWithRequiredAntiAffinity lists nodes with at least one pod having required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): NodeInfo[] {
    if (!this.antiAffinityCache)
      this.antiAffinityCache = this.nodes().filter((i) => i.podsWithRequiredAntiAffinity.length > 0);
    return this.antiAffinityCache;
  }

  get(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  /** nodeOfPod returns the node a pod is accounted on. */
  nodeOfPod(key: string): string | undefined {
    return this.podNode.get(key);
  }

  /** podInfo returns the accounted PodInfo of a pod. */
  podInfo(key: string): PodInfo | undefined {
    const node = this.podNode.get(key);
    return node === undefined ? undefined : this.infos.get(node)?.pods.find((p) => p.key === key);
  }

  upsertNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const existing = this.infos.get(name);
    if (existing) existing.setNode(node);
    else this.infos.set(name, new NodeInfo(name, node));
    this.invalidate();
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    // Pods may still point at a deleted node until they are deleted; keep them accounted on a node-less info.
    if (info.pods.length > 0) info.node = undefined;
    else this.infos.delete(name);
    this.invalidate();
  }

  /** addPod accounts a pod on a node (replacing an earlier accounting of the same pod). */
  addPod(p: PodInfo, nodeName: string): void {
    this.removePod(p.key);
    let info = this.infos.get(nodeName);
    if (!info) {
      info = new NodeInfo(nodeName);
      this.infos.set(nodeName, info);
    }
    info.addPod(p);
    this.podNode.set(p.key, nodeName);
    this.invalidateAffinity();
  }

  /** removePod forgets a pod wherever it is accounted. */
  removePod(key: string): void {
    const node = this.podNode.get(key);
    if (node === undefined) return;
    this.podNode.delete(key);
    const info = this.infos.get(node);
    if (!info) return;
    info.removePod(key);
    if (!info.node && info.pods.length === 0) this.infos.delete(node);
    this.invalidateAffinity();
  }

  private invalidate(): void {
    this.listCache = undefined;
    this.invalidateAffinity();
  }

  private invalidateAffinity(): void {
    this.affinityCache = undefined;
    this.antiAffinityCache = undefined;
  }
}
