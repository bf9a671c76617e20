/**
 * InterPodAffinity (plugins/interpodaffinity).
 * Filter, in upstream order:
 * 1. the pod's required affinity terms must each find a matching pod in the node's topology domain
 *    (`node(s) didn't match pod affinity rules`, unresolvable); the first pod of a group that matches
 *    its own terms may go anywhere;
 * 2. the pod's required anti-affinity terms must find no matching pod in the domain
 *    (`node(s) didn't match pod anti-affinity rules`);
 * 3. existing pods' required anti-affinity must not match the pod in the domain
 *    (`node(s) didn't satisfy existing pods anti-affinity rules`).
 * Score sums preferred terms' weights (both directions) per topology domain, min-max normalised.
 */
import type {
  FilterPlugin,
  FrameworkHandle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { type AffinityTerm, type PodInfo, termMatchesPod } from '../../framework/pod-info';
import { SKIP, unresolvable, unschedulable } from '../../framework/status';

export const NAME = 'InterPodAffinity';
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
const SCORE_KEY = `${NAME}/score`;

/** TopologyCounts counts matches per `key=value` topology pair. */
type TopologyCounts = Map<string, number>;
const pair = (key: string, value: string): string => `${key}\u0000${value}`;

function bump(counts: TopologyCounts, key: string, value: string, delta: number): void {
  const k = pair(key, value);
  const n = (counts.get(k) ?? 0) + delta;
  if (n === 0) counts.delete(k);
  else counts.set(k, n);
}

interface FilterState {
  existingAnti: TopologyCounts;
  /** affinity[i] counts pods matching the pod's required affinity term i, per pair of its topology key. */
  affinity: TopologyCounts[];
  anti: TopologyCounts[];
  clone(): FilterState;
}

function newFilterState(
  existingAnti: TopologyCounts,
  affinity: TopologyCounts[],
  anti: TopologyCounts[],
): FilterState {
  return {
    existingAnti,
    affinity,
    anti,
    clone: () =>
      newFilterState(
        new Map(existingAnti),
        affinity.map((m) => new Map(m)),
        anti.map((m) => new Map(m)),
      ),
  };
}

export function interPodAffinity(
  handle: FrameworkHandle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const nsLabels = (ns: string) => handle.listers.namespaceLabels(ns);

  /** account adds (delta 1) or removes (-1) one existing pod's contribution to the filter state. */
  function account(s: FilterState, pod: PodInfo, existing: PodInfo, node: NodeInfo, delta: number): void {
    if (existing.key === pod.key) return;
    for (const term of existing.requiredAntiAffinity) {
      const v = node.labels[term.topologyKey];
      if (v !== undefined && termMatchesPod(term, pod, nsLabels))
        bump(s.existingAnti, term.topologyKey, v, delta);
    }
    pod.requiredAffinity.forEach((term, i) => {
      const v = node.labels[term.topologyKey];
      if (v !== undefined && termMatchesPod(term, existing, nsLabels))
        bump(s.affinity[i], term.topologyKey, v, delta);
    });
    pod.requiredAntiAffinity.forEach((term, i) => {
      const v = node.labels[term.topologyKey];
      if (v !== undefined && termMatchesPod(term, existing, nsLabels))
        bump(s.anti[i], term.topologyKey, v, delta);
    });
  }

  function satisfies(
    terms: readonly AffinityTerm[],
    counts: TopologyCounts[],
    node: NodeInfo,
    wantMatch: boolean,
  ): boolean {
    for (let i = 0; i < terms.length; i++) {
      const v = node.labels[terms[i].topologyKey];
      const found = v !== undefined && (counts[i].get(pair(terms[i].topologyKey, v)) ?? 0) > 0;
      if (wantMatch ? !found : found) return false;
    }
    return true;
  }

  return {
    name: NAME,
    preFilter(state, pod, snapshot) {
      const ownTerms = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
      const withAnti = snapshot.havePodsWithRequiredAntiAffinity();
      if (!ownTerms && withAnti.length === 0) return SKIP;
      const s = newFilterState(
        new Map(),
        pod.requiredAffinity.map(() => new Map()),
        pod.requiredAntiAffinity.map(() => new Map()),
      );
      // Why: only pods with required anti-affinity can reject us, unless we have our own terms (then all pods count).
      if (ownTerms) {
        for (const node of snapshot.nodes())
          for (const existing of node.pods) account(s, pod, existing, node, 1);
      } else {
        for (const node of withAnti)
          for (const existing of node.podsWithRequiredAntiAffinity) account(s, pod, existing, node, 1);
      }
      state.write(NAME, s);
      return undefined;
    },
    addPod(state, pod, added, node) {
      const s = state.read<FilterState>(NAME);
      if (s) account(s, pod, added, node, 1);
    },
    removePod(state, pod, removed, node) {
      const s = state.read<FilterState>(NAME);
      if (s) account(s, pod, removed, node, -1);
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>(NAME);
      if (!s) return undefined;
      if (!satisfies(pod.requiredAffinity, s.affinity, node, true)) {
        // The first pod of a group may land anywhere if nothing matches yet and it matches its own terms.
        const noneAnywhere = s.affinity.every((m) => m.size === 0);
        const selfMatch = pod.requiredAffinity.every((t) => termMatchesPod(t, pod, nsLabels));
        const hasKeys = pod.requiredAffinity.every((t) => node.labels[t.topologyKey] !== undefined);
        if (!(noneAnywhere && selfMatch && hasKeys)) return unresolvable(ERR_REASON_AFFINITY);
      }
      if (!satisfies(pod.requiredAntiAffinity, s.anti, node, false))
        return unschedulable(ERR_REASON_ANTI_AFFINITY);
      for (const [key, value] of Object.entries(node.labels)) {
        if ((s.existingAnti.get(pair(key, value)) ?? 0) > 0)
          return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
      }
      return undefined;
    },
    preScore(state, pod, nodes) {
      const ownPreferred = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
      const scores: TopologyCounts = new Map();
      const add = (term: AffinityTerm, node: NodeInfo, target: PodInfo, weight: number) => {
        const v = node.labels[term.topologyKey];
        if (v !== undefined && termMatchesPod(term, target, nsLabels))
          bump(scores, term.topologyKey, v, weight);
      };
      // Every node's pods matter when we have preferences; otherwise only pods with terms of their own.
      const sourceNodes = ownPreferred ? nodes : nodes.filter((n) => n.podsWithAffinity.length > 0);
      for (const node of sourceNodes) {
        for (const existing of ownPreferred ? node.pods : node.podsWithAffinity) {
          for (const t of pod.preferredAffinity) add(t, node, existing, t.weight);
          for (const t of pod.preferredAntiAffinity) add(t, node, existing, -t.weight);
          for (const t of existing.preferredAffinity) add(t, node, pod, t.weight);
          for (const t of existing.preferredAntiAffinity) add(t, node, pod, -t.weight);
          // hardPodAffinityWeight (1): an existing pod's required affinity to us attracts us too.
          for (const t of existing.requiredAffinity) add(t, node, pod, 1);
        }
      }
      if (scores.size === 0) return SKIP;
      state.write(SCORE_KEY, scores);
      return undefined;
    },
    score(state, _pod, node) {
      const scores = state.read<TopologyCounts>(SCORE_KEY);
      if (!scores) return 0;
      let total = 0;
      for (const [key, value] of Object.entries(node.labels)) total += scores.get(pair(key, value)) ?? 0;
      return total;
    },
    normalizeScore(_state, _pod, list) {
      if (list.length === 0) return;
      let min = Infinity;
      let max = -Infinity;
      for (const s of list) {
        min = Math.min(min, s.score);
        max = Math.max(max, s.score);
      }
      const diff = max - min;
      for (const s of list) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
    },
  };
}
