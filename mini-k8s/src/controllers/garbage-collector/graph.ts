/**
 * OwnershipGraph is the garbage collector's view of ownerReferences (GraphBuilder upstream): every
 * monitored object by uid, and for each owner uid the uids of its dependents. It is fed by informer
 * events and never talks to the API.
 */
import type { KubeObject, OwnerReference } from '../../api/object';
import type { ResourceRef } from '../../client/client';

/** GraphNode is one monitored object. */
export interface GraphNode {
  uid: string;
  ref: ResourceRef;
  obj: KubeObject;
}

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  /** upsert records an object (add or update) and returns the previous node, if any. */
  upsert(ref: ResourceRef, obj: KubeObject): GraphNode | undefined {
    const uid = obj.metadata.uid!;
    const previous = this.nodes.get(uid);
    if (previous) this.unlinkOwners(uid, previous.obj.metadata.ownerReferences ?? []);
    this.nodes.set(uid, { uid, ref, obj });
    for (const owner of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (!set) this.dependents.set(owner.uid, (set = new Set()));
      set.add(uid);
    }
    return previous;
  }

  /** remove forgets an object (its dependents' links to it stay until they are updated or removed). */
  remove(obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const node = this.nodes.get(uid);
    if (!node) return;
    this.unlinkOwners(uid, node.obj.metadata.ownerReferences ?? []);
    this.nodes.delete(uid);
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** dependentsOf returns the monitored objects that list `uid` among their owners. */
  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n) => n !== undefined);
  }

  private unlinkOwners(uid: string, owners: OwnerReference[]): void {
    for (const owner of owners) {
      const set = this.dependents.get(owner.uid);
      if (!set) continue;
      set.delete(uid);
      if (set.size === 0) this.dependents.delete(owner.uid);
    }
  }
}
