import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import {
  COMPLETION_INDEX_ANNOTATION,
  formatIndexes,
  parseIndexes,
  pendingIndexes,
  podCompletionIndex,
  withCompletionIndex,
} from './indexed';

describe('completed indexes', () => {
  it.each<[number[], string]>([
    [[], ''],
    [[0], '0'],
    [[0, 1, 2, 4], '0-2,4'],
    [[4, 2, 1, 0, 2], '0-2,4'],
    [[1, 3, 5, 6], '1,3,5-6'],
  ])('formats %j as "%s"', (indexes, text) => {
    expect(formatIndexes(indexes)).toBe(text);
  });

  it('parses ranges back, dropping indexes at or past completions', () => {
    expect([...parseIndexes('0-2,4,7-9', 8)].sort()).toEqual([0, 1, 2, 4, 7]);
    expect(parseIndexes(undefined, 3).size).toBe(0);
  });

  it('picks the lowest free indexes', () => {
    expect(pendingIndexes(5, new Set([0, 2]), new Set([1]), 2)).toEqual([3, 4]);
    expect(pendingIndexes(3, new Set([0, 1, 2]), new Set(), 2)).toEqual([]);
  });
});

describe('pod completion index', () => {
  const pod = (annotations?: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations, labels },
  });

  it('reads the annotation, then the label; rejects malformed values', () => {
    expect(podCompletionIndex(pod({ [COMPLETION_INDEX_ANNOTATION]: '3' }))).toBe(3);
    expect(podCompletionIndex(pod(undefined, { [COMPLETION_INDEX_ANNOTATION]: '0' }))).toBe(0);
    expect(podCompletionIndex(pod({ [COMPLETION_INDEX_ANNOTATION]: '03' }))).toBeUndefined();
    expect(podCompletionIndex(pod({ [COMPLETION_INDEX_ANNOTATION]: '-1' }))).toBeUndefined();
    expect(podCompletionIndex(pod())).toBeUndefined();
  });

  it('stamps annotation, label, hostname and JOB_COMPLETION_INDEX on every container', () => {
    const stamped = withCompletionIndex(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: 'sum-2-' },
        spec: {
          initContainers: [{ name: 'init', image: 'busybox' }],
          containers: [
            { name: 'main', image: 'busybox', env: [{ name: 'A', value: '1' }] },
            { name: 'own', image: 'busybox', env: [{ name: 'JOB_COMPLETION_INDEX', value: 'x' }] },
          ],
        },
      },
      'sum',
      2,
    );
    expect(stamped.metadata.annotations).toEqual({ [COMPLETION_INDEX_ANNOTATION]: '2' });
    expect(stamped.metadata.labels).toEqual({ [COMPLETION_INDEX_ANNOTATION]: '2' });
    const spec = stamped.spec as {
      hostname: string;
      containers: { env: unknown[] }[];
      initContainers: { env: unknown[] }[];
    };
    expect(spec.hostname).toBe('sum-2');
    const env = {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    };
    expect(spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, env]);
    expect(spec.containers[1].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', value: 'x' }]);
    expect(spec.initContainers[0].env).toEqual([env]);
  });
});
