/**
 * Indexed completion mode (pkg/controller/job/indexed_job_utils.go): each pod runs one completion index in
 * [0, completions), carried by the `batch.kubernetes.io/job-completion-index` annotation and label, the
 * `JOB_COMPLETION_INDEX` env var (downward API on that annotation) and the hostname `<job>-<index>`; the Job
 * reports finished indexes in `status.completedIndexes` as ranges ("0-2,4").
 */
import type { KubeObject } from '../../api/object';

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** podCompletionIndex reads a pod's index (annotation first, then label); undefined when absent or invalid. */
export function podCompletionIndex(pod: KubeObject): number | undefined {
  const raw =
    pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION] ??
    pod.metadata.labels?.[COMPLETION_INDEX_ANNOTATION];
  if (raw === undefined || !/^(0|[1-9][0-9]*)$/.test(raw)) return undefined;
  const index = Number(raw);
  return Number.isSafeInteger(index) ? index : undefined;
}

/** parseIndexes reads an interval list ("0-2,4") into a sorted set of indexes below `completions`. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const indexes = new Set<number>();
  if (!text) return indexes;
  for (const part of text.split(',')) {
    const [first, last] = part.split('-').map((n) => Number.parseInt(n, 10));
    if (Number.isNaN(first)) continue;
    const end = Math.min(Number.isNaN(last ?? Number.NaN) ? first : last, completions - 1);
    for (let i = first; i <= end; i++) indexes.add(i);
  }
  return indexes;
}

/** formatIndexes writes indexes as upstream's interval list: ascending, runs of 2+ as "a-b", comma-separated. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** pendingIndexes lists the first `count` indexes that are neither completed nor taken. */
export function pendingIndexes(
  completions: number,
  completed: Set<number>,
  taken: Set<number>,
  count: number,
): number[] {
  const result: number[] = [];
  for (let i = 0; i < completions && result.length < count; i++) {
    if (!completed.has(i) && !taken.has(i)) result.push(i);
  }
  return result;
}

interface ContainerLike {
  env?: { name: string }[];
}

/**
 * withCompletionIndex adds the index to a pod being created: annotation and label, hostname `<job>-<index>`
 * unless the template sets one, and JOB_COMPLETION_INDEX in every container and init container that does
 * not define it already.
 */
export function withCompletionIndex(pod: KubeObject, jobName: string, index: number): KubeObject {
  const value = String(index);
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX_ANNOTATION]: value };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX_ANNOTATION]: value };
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  if (!spec.hostname) spec.hostname = `${jobName}-${index}`;
  const env = {
    name: COMPLETION_INDEX_ENV,
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } },
  };
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list as ContainerLike[]) {
      if (container.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) continue;
      container.env = [...(container.env ?? []), env];
    }
  }
  pod.spec = spec;
  return pod;
}
