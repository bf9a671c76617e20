/**
 * ClusterChangeFeed tells the live pages of a sandbox (cluster map, continuous checks) that its cluster
 * changed. One set of watches per sandbox, through the cluster's API client, shared by every open stream
 * of that sandbox and stopped when the last one leaves, so a page never leaks a watch. The feed follows
 * the sandbox's life: a reset or a wake brings a new cluster (watches re-attached), a sleep ends them.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findResource, type ResourceInfo } from '../../../mini-k8s/src/api/resources';
import type { ClientWatch } from '../../../mini-k8s/src/client/client';
import type { SandboxCluster } from '../sandboxes/cluster';
import type { SandboxEvent, SandboxManager } from '../sandboxes/manager';

/** WATCHED are the resources whose changes matter to the map and to the graders. */
const WATCHED: readonly ResourceInfo[] = [
  ['', 'v1', 'pods'],
  ['', 'v1', 'nodes'],
  ['', 'v1', 'services'],
  ['', 'v1', 'endpoints'],
  ['', 'v1', 'namespaces'],
  ['', 'v1', 'configmaps'],
  ['', 'v1', 'secrets'],
  ['', 'v1', 'persistentvolumeclaims'],
  ['', 'v1', 'persistentvolumes'],
  ['', 'v1', 'resourcequotas'],
  ['apps', 'v1', 'deployments'],
  ['apps', 'v1', 'replicasets'],
  ['apps', 'v1', 'statefulsets'],
  ['apps', 'v1', 'daemonsets'],
  ['batch', 'v1', 'jobs'],
  ['batch', 'v1', 'cronjobs'],
  ['autoscaling', 'v2', 'horizontalpodautoscalers'],
].map(([group, version, resource]) => {
  const info = findResource(group!, version!, resource!);
  if (!info) throw new Error(`resource ${group}/${version}/${resource} not served`);
  return info;
});

/** FeedListener is one open stream of a sandbox. */
export interface FeedListener {
  /** changed is called after any relevant change of the cluster (bursts: callers debounce). */
  changed(): void;
  /** sandbox is called on every state change of the sandbox. */
  sandbox?(event: SandboxEvent): void;
}

interface Feed {
  listeners: Set<FeedListener>;
  cluster?: SandboxCluster;
  watches: ClientWatch[];
  /** Node fingerprints without heartbeat times: a kubelet's periodic status update is not a change. */
  nodes: Map<string, string>;
}

/** RETRY_MS is the pause before re-opening a watch the server ended (time-out) while the cluster runs. */
const RETRY_MS = 500;

export class ClusterChangeFeed {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly sandboxes: SandboxManager) {}

  /** subscribe listens to a sandbox's cluster; returns the unsubscribe function (idempotent). */
  subscribe(sandboxId: string, listener: FeedListener): () => void {
    let feed = this.feeds.get(sandboxId);
    if (!feed) {
      feed = { listeners: new Set(), watches: [], nodes: new Map() };
      this.feeds.set(sandboxId, feed);
      this.attach(sandboxId, feed);
    }
    feed.listeners.add(listener);
    const current = feed;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && this.feeds.get(sandboxId) === current) {
        this.feeds.delete(sandboxId);
        this.detach(current);
      }
    };
  }

  /** sandboxChanged follows the sandbox's life: pass it every SandboxEvent. */
  sandboxChanged(event: SandboxEvent): void {
    const feed = this.feeds.get(event.sandboxId);
    if (!feed) return;
    if (event.state === 'ready') {
      if (this.sandboxes.running(event.sandboxId) !== feed.cluster) {
        this.detach(feed);
        this.attach(event.sandboxId, feed);
      }
    } else {
      this.detach(feed);
    }
    for (const listener of [...feed.listeners]) listener.sandbox?.(event);
    if (event.state === 'ready') this.notify(feed);
  }

  /** watchCount is the number of open watches of every feed (tests prove none leaks). */
  watchCount(): number {
    let n = 0;
    for (const feed of this.feeds.values()) n += feed.watches.length;
    return n;
  }

  /** feedCount is the number of sandboxes with at least one listener. */
  feedCount(): number {
    return this.feeds.size;
  }

  private attach(sandboxId: string, feed: Feed): void {
    const cluster = this.sandboxes.running(sandboxId);
    if (!cluster) return;
    feed.cluster = cluster;
    feed.nodes.clear();
    for (const info of WATCHED) void this.watch(feed, cluster, info);
  }

  private detach(feed: Feed): void {
    feed.cluster = undefined;
    for (const w of feed.watches.splice(0)) w.stop();
  }

  /** watch keeps one resource watched while the feed is attached to this cluster. */
  private async watch(feed: Feed, cluster: SandboxCluster, info: ResourceInfo): Promise<void> {
    let first = true;
    while (feed.cluster === cluster) {
      let handle: ClientWatch | undefined;
      try {
        // Start from the collection's current version: existing objects are not replayed as changes.
        const list = await cluster.client.list(info, undefined, { limit: 1 });
        if (feed.cluster !== cluster) return;
        if (!first) this.notify(feed);
        first = false;
        handle = await cluster.client.watch(
          info,
          undefined,
          { resourceVersion: list.metadata.resourceVersion ?? '', allowWatchBookmarks: false },
          (event) => {
            if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
            if (info.resource === 'nodes' && !this.nodeChanged(feed, event.type, event.object as KubeObject))
              return;
            this.notify(feed);
          },
        );
        if (feed.cluster !== cluster) {
          handle.stop();
          return;
        }
        feed.watches.push(handle);
        await handle.done;
      } catch {
        // The cluster is closing, or a transient failure: retried below while the feed is attached.
      } finally {
        if (handle) {
          const i = feed.watches.indexOf(handle);
          if (i >= 0) feed.watches.splice(i, 1);
        }
      }
      if (feed.cluster !== cluster) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private nodeChanged(feed: Feed, type: string, node: KubeObject): boolean {
    const name = node.metadata.name ?? '';
    if (type === 'DELETED') {
      feed.nodes.delete(name);
      return true;
    }
    const status = (node as { status?: { conditions?: Record<string, unknown>[] } }).status ?? {};
    const fingerprint = JSON.stringify({
      labels: node.metadata.labels,
      spec: (node as { spec?: unknown }).spec,
      status: {
        ...status,
        conditions: (status.conditions ?? []).map(
          ({ lastHeartbeatTime: _h, lastTransitionTime: _t, ...rest }) => rest,
        ),
      },
    });
    if (feed.nodes.get(name) === fingerprint) return false;
    feed.nodes.set(name, fingerprint);
    return true;
  }

  private notify(feed: Feed): void {
    for (const listener of [...feed.listeners]) listener.changed();
  }
}
