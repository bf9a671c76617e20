/**
 * Framework runs one scheduling profile for one pod (frameworkImpl + schedulePod upstream): PreFilter,
 * Filter over the nodes (starting where the previous cycle stopped, stopping once enough feasible nodes
 * are found), PreScore, Score, NormalizeScore, weights, and host selection (highest total, random among
 * ties). It also exposes the PostFilter, Reserve and PreBind phases the scheduler drives.
 */
import { CycleState } from './cycle-state';
import {
  type FilterPlugin,
  type FilterRunner,
  isFilter,
  isPostFilter,
  isPreBind,
  isPreFilter,
  isPreScore,
  isReserve,
  isScore,
  type NodeScore,
  type NodeToStatus,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from './interface';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import { asError, type Status } from './status';

/** ProfileEntry is one enabled plugin with its score weight. */
export interface ProfileEntry {
  plugin: Plugin;
  weight?: number;
}

export interface FrameworkOptions {
  /** percentageOfNodesToScore: 0 (default) is the adaptive upstream rule (all nodes below 100). */
  percentageOfNodesToScore?: number;
  /** random picks among equally scored nodes; defaults to Math.random. */
  random?: () => number;
  /**
   * nominatedPods lists the pods nominated to a node by an earlier preemption (and not bound yet); they
   * are accounted when filtering pods of lower or equal priority, so the room freed for them is kept.
   */
  nominatedPods?: (nodeName: string) => readonly PodInfo[];
}

/** PluginScores holds one plugin's weighted, normalised scores, aligned with ScheduleResult.feasible. */
export interface PluginScores {
  plugin: string;
  weight: number;
  values: number[];
}

/** ScheduleResult is the outcome of one scheduling cycle up to host selection. */
export interface ScheduleResult {
  state: CycleState;
  numAllNodes: number;
  /** node is the selected host, when at least one node fits. */
  node?: string;
  /** preFilterStatus is set when a PreFilter rejected the pod (all nodes share it). */
  preFilterStatus?: Status;
  /** statuses holds the failure of every filtered-out node. */
  statuses: NodeToStatus;
  /** feasible lists the nodes that passed every filter, in evaluation order. */
  feasible: NodeInfo[];
  /** scores per plugin (empty when a single node was feasible: upstream skips scoring then). */
  scores: PluginScores[];
  /** totals aligned with feasible. */
  totals: number[];
  /** error is set for internal errors (code Error): the pod is retried with back-off. */
  error?: Status;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODE_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind is Scheduler.numFeasibleNodesToFind. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODE_PERCENTAGE_TO_FIND, 50 - Math.floor(numAllNodes / 125));
  const n = Math.floor((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export class Framework implements FilterRunner {
  readonly preFilters: PreFilterPlugin[];
  readonly filters: FilterPlugin[];
  readonly postFilters: PostFilterPlugin[];
  readonly preScores: PreScorePlugin[];
  readonly scorers: { plugin: ScorePlugin; weight: number }[];
  readonly reservers: ReservePlugin[];
  readonly preBinders: PreBindPlugin[];
  private nextStartNodeIndex = 0;
  private readonly percentage: number;
  private readonly random: () => number;
  private readonly nominatedPods?: (nodeName: string) => readonly PodInfo[];

  constructor(profile: readonly ProfileEntry[], options: FrameworkOptions = {}) {
    const plugins = profile.map((e) => e.plugin);
    this.preFilters = plugins.filter(isPreFilter);
    this.filters = plugins.filter(isFilter);
    this.postFilters = plugins.filter(isPostFilter);
    this.preScores = plugins.filter(isPreScore);
    this.scorers = profile
      .filter((e) => isScore(e.plugin))
      .map((e) => ({ plugin: e.plugin as ScorePlugin, weight: e.weight ?? 1 }));
    this.reservers = plugins.filter(isReserve);
    this.preBinders = plugins.filter(isPreBind);
    this.percentage = options.percentageOfNodesToScore ?? 0;
    this.random = options.random ?? Math.random;
    this.nominatedPods = options.nominatedPods;
  }

  /** schedule runs PreFilter, Filter, PreScore, Score and selects a host. */
  schedule(pod: PodInfo, snapshot: Snapshot): ScheduleResult {
    const state = new CycleState();
    const all = snapshot.nodes();
    const result: ScheduleResult = {
      state,
      numAllNodes: all.length,
      statuses: new Map(),
      feasible: [],
      scores: [],
      totals: [],
    };
    if (all.length === 0) {
      result.error = asError('no nodes available to schedule pods');
      return result;
    }
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod, snapshot);
      if (s === undefined) continue;
      if (s.code === 'Skip') {
        state.skipFilter.add(p.name);
        continue;
      }
      s.withPlugin(p.name);
      if (s.code === 'Error') {
        result.error = s;
        return result;
      }
      // Every node shares the PreFilter rejection, so preemption sees them all as filtered.
      result.preFilterStatus = s;
      for (const n of all) result.statuses.set(n.name, s);
      return result;
    }

    const toFind = numFeasibleNodesToFind(this.percentage, all.length);
    let processed = 0;
    for (let i = 0; i < all.length && result.feasible.length < toFind; i++) {
      const node = all[(this.nextStartNodeIndex + i) % all.length];
      processed++;
      const s = this.runFiltersWithNominatedPods(state, pod, node);
      if (s === undefined) result.feasible.push(node);
      else if (s.code === 'Error') {
        result.error = s;
        return result;
      } else result.statuses.set(node.name, s);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    if (result.feasible.length === 0) return result;
    if (result.feasible.length === 1) {
      result.node = result.feasible[0].name;
      return result;
    }
    this.score(state, pod, result, snapshot);
    result.node = this.selectHost(result);
    return result;
  }

  /** runFilters runs every filter on one node and returns the first failure (RunFilterPlugins). */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    for (const f of this.filters) {
      if (state.skipFilter.has(f.name)) continue;
      const s = f.filter(state, pod, node);
      if (s !== undefined) return s.withPlugin(f.name);
    }
    return undefined;
  }

  /**
   * runFiltersWithNominatedPods is RunFilterPluginsWithNominatedPods: when pods of higher or equal
   * priority are nominated to the node, the filters must pass both with them (on a copy of the node and
   * state) and without them (affinity to them must not count, since they may never land).
   */
  runFiltersWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const nominated =
      this.nominatedPods?.(node.name).filter((p) => p.key !== pod.key && p.priority >= pod.priority) ?? [];
    if (nominated.length > 0) {
      const withState = state.clone();
      const withNode = node.clone();
      for (const p of nominated) {
        withNode.addPod(p);
        this.runPreFilterExtensionAddPod(withState, pod, p, withNode);
      }
      const s = this.runFilters(withState, pod, withNode);
      if (s !== undefined) return s;
    }
    return this.runFilters(state, pod, node);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    for (const p of this.preFilters) if (!state.skipFilter.has(p.name)) p.addPod?.(state, pod, added, node);
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    for (const p of this.preFilters)
      if (!state.skipFilter.has(p.name)) p.removePod?.(state, pod, removed, node);
  }

  private score(state: CycleState, pod: PodInfo, result: ScheduleResult, snapshot: Snapshot): void {
    const nodes = result.feasible;
    for (const p of this.preScores) {
      const s = p.preScore(state, pod, nodes, snapshot);
      if (s?.code === 'Skip') state.skipScore.add(p.name);
    }
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.scorers) {
      if (state.skipScore.has(plugin.name)) continue;
      const list: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
      plugin.normalizeScore?.(state, pod, list);
      const values = list.map((x) => x.score * weight);
      for (let i = 0; i < values.length; i++) totals[i] += values[i];
      result.scores.push({ plugin: plugin.name, weight, values });
    }
    result.totals = totals;
  }

  /** selectHost picks the highest total, choosing uniformly among ties (reservoir sampling, as upstream). */
  private selectHost(result: ScheduleResult): string {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < result.totals.length; i++) {
      if (result.totals[i] > result.totals[best]) {
        best = i;
        ties = 1;
      } else if (result.totals[i] === result.totals[best]) {
        ties++;
        if (this.random() * ties < 1) best = i;
      }
    }
    return result.feasible[best].name;
  }

  /** runPostFilter runs PostFilter plugins until one succeeds (RunPostFilterPlugins). */
  runPostFilter(
    state: CycleState,
    pod: PodInfo,
    statuses: NodeToStatus,
    snapshot: Snapshot,
  ): { result?: PostFilterResult; status?: Status } {
    let last: Status | undefined;
    for (const p of this.postFilters) {
      const out = p.postFilter(state, pod, statuses, snapshot, this);
      if (out.status === undefined) return { result: out.result };
      last = out.status.withPlugin(p.name);
      if (out.status.code !== 'Unschedulable') return { status: last };
    }
    return { status: last };
  }

  /** reserve runs Reserve plugins; on failure the already reserved ones are unreserved. */
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | undefined {
    for (let i = 0; i < this.reservers.length; i++) {
      const s = this.reservers[i].reserve(state, pod, nodeName);
      if (s !== undefined) {
        this.unreserve(state, pod, nodeName);
        return s.withPlugin(this.reservers[i].name);
      }
    }
    return undefined;
  }

  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservers.length - 1; i >= 0; i--) this.reservers[i].unreserve(state, pod, nodeName);
  }

  /** preBind runs PreBind plugins in order; the first failure stops binding. */
  async preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | undefined> {
    for (const p of this.preBinders) {
      const s = await p.preBind(state, pod, nodeName);
      if (s !== undefined) return s.withPlugin(p.name);
    }
    return undefined;
  }
}
