/**
 * DefaultPreemption (plugins/defaultpreemption + framework/preemption) runs when no node fits. It finds
 * nodes where evicting lower-priority pods would let the pod fit:
 * - nodes rejected as UnschedulableAndUnresolvable are skipped (`Preemption is not helpful for scheduling`);
 * - a node without lower-priority pods yields `No preemption victims found for incoming pod`;
 * - a node where the pod still does not fit after removing all of them yields the filter's reasons;
 * - otherwise the minimal victim set is kept (victims are re-added highest priority first when the
 *   pod still fits without them) and the best candidate is nominated.
 * With no candidate, the status message is a FitError over those per-node reasons, prefixed
 * `preemption: ` as the upstream plugin does.
 */
import type { NodeToStatus, PostFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { PodInfo } from '../../framework/pod-info';
import { Status, unresolvable, unschedulable } from '../../framework/status';
import { formatFitError } from '../../failure-message';

export const NAME = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

interface Candidate {
  node: string;
  victims: PodInfo[];
}

/** pickCandidate is pickOneNodeForPreemption without PDBs: lowest top victim priority, then lowest sum, then fewest. */
function pickCandidate(candidates: Candidate[]): Candidate {
  const top = (c: Candidate) => Math.max(...c.victims.map((v) => v.priority));
  const sum = (c: Candidate) => c.victims.reduce((a, v) => a + v.priority + 2 ** 31, 0);
  return candidates.reduce((best, c) => {
    if (top(c) !== top(best)) return top(c) < top(best) ? c : best;
    if (sum(c) !== sum(best)) return sum(c) < sum(best) ? c : best;
    if (c.victims.length !== best.victims.length) return c.victims.length < best.victims.length ? c : best;
    return best;
  });
}

export function defaultPreemption(): PostFilterPlugin {
  return {
    name: NAME,
    postFilter(state, pod, statuses, snapshot, runner) {
      const spec = pod.pod.spec ?? {};
      if (spec.preemptionPolicy === 'Never') {
        return { status: unschedulable('preemption: not eligible due to preemptionPolicy=Never.') };
      }
      const nominated = pod.pod.status?.nominatedNodeName;
      if (nominated) {
        const info = snapshot.get(nominated);
        const nominatedStatus = statuses.get(nominated);
        // A lower-priority victim still terminating on the nominated node: wait for it instead of preempting again.
        if (
          info &&
          nominatedStatus?.code !== 'UnschedulableAndUnresolvable' &&
          info.pods.some((p) => p.pod.metadata.deletionTimestamp && p.priority < pod.priority)
        ) {
          return {
            status: unschedulable('preemption: not eligible due to a terminating pod on the nominated node.'),
          };
        }
      }

      const all = snapshot.nodes();
      const out: NodeToStatus = new Map();
      const candidates: Candidate[] = [];
      for (const node of all) {
        const status = statuses.get(node.name);
        if (!status || status.code === 'UnschedulableAndUnresolvable') {
          out.set(node.name, unresolvable(NOT_HELPFUL));
          continue;
        }
        const victims = selectVictims(state, pod, node, runner);
        if (victims instanceof Status) out.set(node.name, victims);
        else candidates.push({ node: node.name, victims });
      }
      if (candidates.length === 0) {
        const message = formatFitError({ numAllNodes: all.length, statuses: out });
        return { status: unschedulable(`preemption: ${message}`) };
      }
      const best = pickCandidate(candidates);
      return { result: { nominatedNodeName: best.node, victims: best.victims }, status: undefined };
    },
  };
}

/** selectVictims is SelectVictimsOnNode: the minimal set of lower-priority pods to evict, or why none works. */
function selectVictims(
  baseState: Parameters<PostFilterPlugin['postFilter']>[0],
  pod: PodInfo,
  original: NodeInfo,
  runner: Parameters<PostFilterPlugin['postFilter']>[4],
): PodInfo[] | Status {
  const state = baseState.clone();
  const node = original.clone();
  const lower = node.pods.filter((p) => p.priority < pod.priority);
  if (lower.length === 0) return unresolvable(NO_VICTIMS);
  for (const p of lower) {
    node.removePod(p.key);
    runner.runPreFilterExtensionRemovePod(state, pod, p, node);
  }
  const fits = runner.runFilters(state, pod, node);
  if (fits !== undefined) return fits;
  // Reprieve as many as possible, most important first (priority desc, then older first).
  const ordered = [...lower].sort((a, b) => b.priority - a.priority || startOf(a) - startOf(b));
  const victims: PodInfo[] = [];
  for (const p of ordered) {
    node.addPod(p);
    runner.runPreFilterExtensionAddPod(state, pod, p, node);
    if (runner.runFilters(state, pod, node) !== undefined) {
      node.removePod(p.key);
      runner.runPreFilterExtensionRemovePod(state, pod, p, node);
      victims.push(p);
    }
  }
  return victims;
}

function startOf(p: PodInfo): number {
  const t = p.pod.status?.startTime ?? p.pod.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}
