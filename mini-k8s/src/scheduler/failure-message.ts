/**
 * failure-message formats FailedScheduling messages exactly like FitError.Error() upstream:
 * `0/<n> nodes are available: <histogram>.` where the histogram counts each reason over all nodes
 * (a node contributes every reason of its status), printed as `<count> <reason>` and sorted as plain
 * strings (Go's sort.Strings, so "10 x" sorts before "2 y"). A PreFilter rejection replaces the
 * histogram by its own message (followed by "."); a PostFilter (preemption) message is appended after a
 * space as is: it brings its own final period (a nested FitError or an eligibility sentence).
 */
import type { NodeToStatus } from './framework/interface';

export interface FitErrorInput {
  numAllNodes: number;
  /** statuses of filtered-out nodes (ignored when preFilterMessage is set). */
  statuses: NodeToStatus;
  preFilterMessage?: string;
  postFilterMessage?: string;
}

/** reasonHistogram returns the sorted `<count> <reason>` entries. */
export function reasonHistogram(statuses: NodeToStatus): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses.values()) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const entries = [...counts].map(([reason, n]) => `${n} ${reason}`);
  // Byte-wise comparison, like Go's sort.Strings (not localeCompare).
  return entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** formatFitError is FitError.Error(). */
export function formatFitError(input: FitErrorInput): string {
  let message = `0/${input.numAllNodes} nodes are available:`;
  if (input.preFilterMessage) {
    message += ` ${input.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(input.statuses);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (input.postFilterMessage) message += ` ${input.postFilterMessage}`;
  return message;
}
