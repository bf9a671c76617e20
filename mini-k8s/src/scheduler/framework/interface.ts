/**
 * The scheduling framework's extension points (pkg/scheduler/framework/interface.go), reduced to what
 * mini-k8s needs. A plugin implements any subset; the runtime calls them in this order for one pod:
 * PreFilter → Filter (per node) → [PostFilter when no node fits] → PreScore → Score (per node) →
 * NormalizeScore → Reserve → PreBind → bind. Every method except PreBind is synchronous.
 * Plugin methods return `undefined` for success (Go's nil status) and a Status otherwise.
 */
import type { ApiClient } from '../../client/client';
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import type { PluginStatus, Status } from './status';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './types';
import type { KubeObject } from '../../api/object';

/** MAX_NODE_SCORE is framework.MaxNodeScore: every normalised plugin score lies in [0, 100]. */
export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** preFilter computes per-cycle state; SKIP disables this plugin's Filter for the pod. */
  preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): PluginStatus;
  /**
   * addPod / removePod are PreFilterExtensions: they update the plugin's cycle state when the
   * preemption dry run adds or removes a pod on a node.
   */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): PluginStatus;
}

/** NodeToStatus holds the failing status of every node that was filtered out. */
export type NodeToStatus = Map<string, Status>;

/** PostFilterResult nominates a node after victims are chosen (preemption). */
export interface PostFilterResult {
  nominatedNodeName: string;
  victims: PodInfo[];
}

export interface PostFilterPlugin extends Plugin {
  /** postFilter runs when no node fits; statuses hold the filter (or PreFilter) status of every node. */
  postFilter(
    state: CycleState,
    pod: PodInfo,
    statuses: NodeToStatus,
    snapshot: Snapshot,
    runner: FilterRunner,
  ): { result?: PostFilterResult; status: Status | undefined };
}

export interface PreScorePlugin extends Plugin {
  /** preScore sees the nodes that passed Filter (and the whole snapshot); SKIP disables this plugin's Score. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): PluginStatus;
}

/** NodeScore is one node's score from one plugin. */
export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** normalizeScore rescales the raw scores of all feasible nodes into [0, MAX_NODE_SCORE] in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): PluginStatus;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PreBindPlugin extends Plugin {
  /** preBind runs API writes needed before binding (e.g. volume provisioning hints). */
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<PluginStatus>;
}

/**
 * FilterRunner lets PostFilter re-run the profile's filters on a modified node (preemption dry runs),
 * like framework.Handle.RunFilterPluginsWithNominatedPods.
 */
export interface FilterRunner {
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
}

/**
 * Listers give plugins read access to the other objects they need, from the scheduler's informer
 * caches (or fixed lists in tests and benchmarks).
 */
export interface Listers {
  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined;
  pv(name: string): PersistentVolume | undefined;
  pvs(): PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /** selectingOwners lists Services, ReplicationControllers, ReplicaSets and StatefulSets of a namespace. */
  services(namespace: string): KubeObject[];
  replicationControllers(namespace: string): KubeObject[];
  replicaSets(namespace: string): KubeObject[];
  statefulSets(namespace: string): KubeObject[];
}

/** FrameworkHandle is what plugin factories receive (framework.Handle). */
export interface FrameworkHandle {
  listers: Listers;
  /** client is present in a running scheduler (PreBind writes); absent in benchmarks and unit tests. */
  client?: ApiClient;
  /** waitForPvcBound resolves when a PVC becomes Bound, or rejects after the timeout. */
  waitForPvcBound?(namespace: string, name: string, timeoutMs: number): Promise<void>;
}

/** PluginFactory builds one plugin instance for a profile. */
export type PluginFactory = (handle: FrameworkHandle) => Plugin;

/** EMPTY_LISTERS is a Listers with no objects (benchmarks, tests without volumes or owners). */
export const EMPTY_LISTERS: Listers = {
  pvc: () => undefined,
  pv: () => undefined,
  pvs: () => [],
  storageClass: () => undefined,
  namespaceLabels: () => undefined,
  services: () => [],
  replicationControllers: () => [],
  replicaSets: () => [],
  statefulSets: () => [],
};

/** isPreFilter etc. are type guards on optional extension points. */
export const isPreFilter = (p: Plugin): p is PreFilterPlugin =>
  typeof (p as PreFilterPlugin).preFilter === 'function';
export const isFilter = (p: Plugin): p is FilterPlugin => typeof (p as FilterPlugin).filter === 'function';
export const isPostFilter = (p: Plugin): p is PostFilterPlugin =>
  typeof (p as PostFilterPlugin).postFilter === 'function';
export const isPreScore = (p: Plugin): p is PreScorePlugin =>
  typeof (p as PreScorePlugin).preScore === 'function';
export const isScore = (p: Plugin): p is ScorePlugin => typeof (p as ScorePlugin).score === 'function';
export const isReserve = (p: Plugin): p is ReservePlugin =>
  typeof (p as ReservePlugin).reserve === 'function';
export const isPreBind = (p: Plugin): p is PreBindPlugin =>
  typeof (p as PreBindPlugin).preBind === 'function';
