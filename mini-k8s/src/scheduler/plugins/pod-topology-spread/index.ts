/**
 * PodTopologySpread (plugins/podtopologyspread).
 * - Filter (DoNotSchedule constraints): placing the pod must keep `count(domain) + self - min(domains)`
 *   within maxSkew (`node(s) didn't match pod topology spread constraints`); nodes lacking a topology
 *   key are unresolvable (`... (missing required label)`).
 * - Score (ScheduleAnyway constraints, or the system defaults when the pod has none): fewer matching
 *   pods in the node's domain is better. System defaults spread pods selected by the same Service,
 *   ReplicationController, ReplicaSet or StatefulSet: maxSkew 3 over `kubernetes.io/hostname` and
 *   maxSkew 5 over `topology.kubernetes.io/zone`.
 * Only pods of the same namespace, not terminating, on nodes accepted by the pod's node affinity count.
 */
import type { KubeObject } from '../../../api/object';
import {
  type LabelSelector,
  labelSelectorFromMeta,
  makeSelector,
  type Requirement,
} from '../../../machinery/labels';
import type {
  FilterPlugin,
  FrameworkHandle,
  NodeScore,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { PodInfo } from '../../framework/pod-info';
import { SKIP, unresolvable, unschedulable } from '../../framework/status';
import type { TopologySpreadConstraint } from '../../framework/types';
import { requiredNodeAffinityMatches } from '../node-affinity';

export const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
export const HOSTNAME_KEY = 'kubernetes.io/hostname';
export const ZONE_KEY = 'topology.kubernetes.io/zone';
const SCORE_KEY = `${NAME}/score`;

/** Constraint is a parsed TopologySpreadConstraint. */
interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  selector: LabelSelector;
}

const pair = (key: string, value: string): string => `${key}\u0000${value}`;

function parseConstraints(
  pod: PodInfo,
  list: readonly TopologySpreadConstraint[],
  when: string,
): Constraint[] {
  return list
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => {
      let selector = labelSelectorFromMeta(c.labelSelector);
      // matchLabelKeys: the pod's own values for those keys are ANDed into the selector.
      const extra: Requirement[] = (c.matchLabelKeys ?? [])
        .filter((k) => pod.labels[k] !== undefined)
        .map((k) => ({ key: k, operator: 'in', values: [pod.labels[k]] }));
      if (extra.length > 0) selector = makeSelector([...selector.requirements, ...extra]);
      return { maxSkew: c.maxSkew, topologyKey: c.topologyKey, minDomains: c.minDomains ?? 1, selector };
    });
}

/** defaultSelector is helper.DefaultSelector: the AND of the selectors of the objects selecting the pod. */
export function defaultSelector(pod: PodInfo, handle: FrameworkHandle): LabelSelector | undefined {
  const reqs: Requirement[] = [];
  const ns = pod.namespace;
  const fromSet = (sel: Record<string, string> | undefined) => {
    if (!sel || Object.keys(sel).length === 0) return;
    const s = makeSelector(Object.entries(sel).map(([key, v]) => ({ key, operator: '=', values: [v] })));
    if (s.matches(pod.labels)) reqs.push(...s.requirements);
  };
  const fromMeta = (obj: KubeObject) => {
    const meta = (obj.spec as { selector?: Parameters<typeof labelSelectorFromMeta>[0] } | undefined)
      ?.selector;
    if (meta == null) return;
    const s = labelSelectorFromMeta(meta);
    if (!s.empty() && s.matches(pod.labels)) reqs.push(...s.requirements);
  };
  for (const svc of handle.listers.services(ns))
    fromSet((svc.spec as { selector?: Record<string, string> })?.selector);
  for (const rc of handle.listers.replicationControllers(ns))
    fromSet((rc.spec as { selector?: Record<string, string> })?.selector);
  for (const rs of handle.listers.replicaSets(ns)) fromMeta(rs);
  for (const ss of handle.listers.statefulSets(ns)) fromMeta(ss);
  return reqs.length === 0 ? undefined : makeSelector(reqs);
}

function countsOn(node: NodeInfo, c: Constraint, namespace: string): number {
  let n = 0;
  for (const p of node.pods) {
    if (p.namespace === namespace && !p.pod.metadata.deletionTimestamp && c.selector.matches(p.labels)) n++;
  }
  return n;
}

interface FilterState {
  constraints: Constraint[];
  /** counts per constraint: matching pods per topology value (every eligible domain present, maybe 0). */
  counts: Map<string, number>[];
  clone(): FilterState;
}

function newFilterState(constraints: Constraint[], counts: Map<string, number>[]): FilterState {
  return {
    constraints,
    counts,
    clone: () =>
      newFilterState(
        constraints,
        counts.map((m) => new Map(m)),
      ),
  };
}

interface ScoreState {
  constraints: Constraint[];
  weights: number[];
  ignored: Set<string>;
  counts: Map<string, number>;
}

export function podTopologySpread(
  handle: FrameworkHandle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const hasAllKeys = (node: NodeInfo, cs: readonly Constraint[]) =>
    cs.every((c) => node.labels[c.topologyKey] !== undefined);

  function update(s: FilterState, pod: PodInfo, other: PodInfo, node: NodeInfo, delta: number): void {
    if (other.namespace !== pod.namespace || !hasAllKeys(node, s.constraints)) return;
    s.constraints.forEach((c, i) => {
      if (!c.selector.matches(other.labels)) return;
      const v = node.labels[c.topologyKey];
      s.counts[i].set(v, (s.counts[i].get(v) ?? 0) + delta);
    });
  }

  return {
    name: NAME,
    preFilter(state, pod, snapshot) {
      const constraints = parseConstraints(
        pod,
        pod.pod.spec?.topologySpreadConstraints ?? [],
        'DoNotSchedule',
      );
      if (constraints.length === 0) return SKIP;
      const counts = constraints.map(() => new Map<string, number>());
      for (const node of snapshot.nodes()) {
        if (!hasAllKeys(node, constraints) || !requiredNodeAffinityMatches(pod, node)) continue;
        constraints.forEach((c, i) => {
          const v = node.labels[c.topologyKey];
          counts[i].set(v, (counts[i].get(v) ?? 0) + countsOn(node, c, pod.namespace));
        });
      }
      state.write(NAME, newFilterState(constraints, counts));
      return undefined;
    },
    addPod(state, pod, added, node) {
      const s = state.read<FilterState>(NAME);
      if (s) update(s, pod, added, node, 1);
    },
    removePod(state, pod, removed, node) {
      const s = state.read<FilterState>(NAME);
      if (s) update(s, pod, removed, node, -1);
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>(NAME);
      if (!s) return undefined;
      if (!hasAllKeys(node, s.constraints)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i];
        const counts = s.counts[i];
        // Fewer domains than minDomains: the global minimum is treated as 0.
        let min = counts.size < c.minDomains ? 0 : Infinity;
        for (const n of counts.values()) if (n < min) min = n;
        if (min === Infinity) min = 0;
        const self = c.selector.matches(pod.labels) ? 1 : 0;
        const skew = (counts.get(node.labels[c.topologyKey]) ?? 0) + self - min;
        if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      }
      return undefined;
    },
    preScore(state, pod, nodes, snapshot) {
      const own = pod.pod.spec?.topologySpreadConstraints ?? [];
      let constraints: Constraint[];
      const systemDefaulted = own.length === 0;
      if (systemDefaulted) {
        const selector = defaultSelector(pod, handle);
        if (!selector) return SKIP;
        constraints = [
          { maxSkew: 3, topologyKey: HOSTNAME_KEY, minDomains: 1, selector },
          { maxSkew: 5, topologyKey: ZONE_KEY, minDomains: 1, selector },
        ];
      } else {
        constraints = parseConstraints(pod, own, 'ScheduleAnyway');
        if (constraints.length === 0) return SKIP;
      }
      const ignored = new Set<string>();
      const domains = constraints.map(() => new Set<string>());
      for (const node of nodes) {
        // Pods with their own constraints ignore nodes lacking a key; system defaults just skip that key.
        if (!systemDefaulted && !hasAllKeys(node, constraints)) {
          ignored.add(node.name);
          continue;
        }
        constraints.forEach((c, i) => {
          const v = node.labels[c.topologyKey];
          if (v !== undefined) domains[i].add(v);
        });
      }
      const counts = new Map<string, number>();
      for (const node of snapshot.nodes()) {
        if (!requiredNodeAffinityMatches(pod, node)) continue;
        if (!systemDefaulted && !hasAllKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          const v = node.labels[c.topologyKey];
          if (v === undefined || c.topologyKey === HOSTNAME_KEY || !domains[i].has(v)) return;
          const k = pair(c.topologyKey, v);
          counts.set(k, (counts.get(k) ?? 0) + countsOn(node, c, pod.namespace));
        });
      }
      const weights = domains.map((d) => Math.log(d.size + 2));
      const s: ScoreState = { constraints, weights, ignored, counts };
      state.write(SCORE_KEY, s);
      return undefined;
    },
    score(state, pod, node) {
      const s = state.read<ScoreState>(SCORE_KEY);
      if (!s || s.ignored.has(node.name)) return 0;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const v = node.labels[c.topologyKey];
        if (v === undefined) return;
        const count =
          c.topologyKey === HOSTNAME_KEY
            ? countsOn(node, c, pod.namespace)
            : (s.counts.get(pair(c.topologyKey, v)) ?? 0);
        score += count * s.weights[i] + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalizeScore(state, _pod, scores: NodeScore[]) {
      const s = state.read<ScoreState>(SCORE_KEY);
      if (!s) return;
      let min = Infinity;
      let max = 0;
      for (const x of scores) {
        if (s.ignored.has(x.name)) continue;
        min = Math.min(min, x.score);
        max = Math.max(max, x.score);
      }
      for (const x of scores) {
        if (s.ignored.has(x.name)) x.score = 0;
        else if (max === 0) x.score = MAX_NODE_SCORE;
        else x.score = Math.trunc((MAX_NODE_SCORE * (max + min - x.score)) / max);
      }
    },
  };
}
