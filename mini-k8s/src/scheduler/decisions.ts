/**
 * Decisions keep, in memory only, the last scheduling decision per pod so the site can explain it:
 * for every node, which plugin filtered it out and why, or the weighted score of each plugin, and the
 * chosen (or nominated) node. Nothing here is written into API objects (that would change kubectl output).
 */
import type { Code } from './framework/status';
import type { ScheduleResult } from './framework/runtime';

/** NodeVerdict is one node's part of a decision. */
export interface NodeVerdict {
  node: string;
  /** filteredBy is the plugin that rejected the node (absent for feasible nodes). */
  filteredBy?: string;
  code?: Code;
  reasons?: string[];
  /** scores are the weighted, normalised scores per plugin (feasible nodes, when scoring ran). */
  scores?: Record<string, number>;
  total?: number;
}

/** Decision is one scheduling attempt's explanation. */
export interface Decision {
  namespace: string;
  name: string;
  uid: string;
  time: string;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  /** node is the chosen node (Scheduled) or the nominated one (after preemption). */
  node?: string;
  /** message is the event message (FailedScheduling text or Scheduled text). */
  message: string;
  /** preFilter is set when a PreFilter plugin rejected the pod before any node was looked at. */
  preFilter?: { plugin: string; reasons: string[] };
  nodes: NodeVerdict[];
  preemption?: { nominatedNode: string; victims: string[] };
}

/** nodeVerdicts turns a ScheduleResult into per-node verdicts. */
export function nodeVerdicts(result: ScheduleResult): NodeVerdict[] {
  const verdicts: NodeVerdict[] = [];
  result.feasible.forEach((n, i) => {
    const v: NodeVerdict = { node: n.name };
    if (result.scores.length > 0) {
      v.scores = Object.fromEntries(result.scores.map((s) => [s.plugin, s.values[i]]));
      v.total = result.totals[i];
    }
    verdicts.push(v);
  });
  for (const [node, s] of result.statuses) {
    verdicts.push({ node, filteredBy: s.plugin, code: s.code, reasons: [...s.reasons] });
  }
  return verdicts.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/** DecisionLog is a bounded map `namespace/name` → last Decision (oldest evicted first). */
export class DecisionLog {
  private readonly entries = new Map<string, Decision>();

  constructor(private readonly capacity = 1000) {}

  add(d: Decision): void {
    const key = `${d.namespace}/${d.name}`;
    this.entries.delete(key);
    this.entries.set(key, d);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get(namespace: string, name: string): Decision | undefined {
    return this.entries.get(`${namespace}/${name}`);
  }

  size(): number {
    return this.entries.size;
  }
}
