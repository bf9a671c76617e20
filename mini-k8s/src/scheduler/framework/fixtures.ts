/**
 * Builders of Node and Pod objects for scheduler tests and the benchmark (like upstream's
 * st.MakeNode()/st.MakePod() wrappers): small, explicit, JSON-shaped.
 */
import { CycleState } from './cycle-state';
import { isFilter, isPreFilter, isPreScore, isScore, type NodeScore, type Plugin } from './interface';
import { newPodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import type { Container, Node, Pod, PodSpec, Taint } from './types';

export interface NodeSpecInput {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  extra?: Record<string, string>;
}

/** makeNode builds a Node with allocatable resources and the hostname label. */
export function makeNode(name: string, input: NodeSpecInput = {}): Node {
  const allocatable = {
    cpu: input.cpu ?? '4',
    memory: input.memory ?? '8Gi',
    pods: input.pods ?? '110',
    ...input.extra,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...input.labels } },
    spec: { taints: input.taints, unschedulable: input.unschedulable },
    status: { allocatable, capacity: allocatable },
  };
}

/** container builds a container with optional requests. */
export function container(
  name: string,
  requests?: Record<string, string>,
  extra: Partial<Container> = {},
): Container {
  return { name, image: 'nginx', ...(requests ? { resources: { requests } } : {}), ...extra };
}

export interface PodInput extends Partial<PodSpec> {
  namespace?: string;
  labels?: Record<string, string>;
  requests?: Record<string, string>;
  deleting?: boolean;
}

/** makePod builds a Pod; `requests` gives its single container's requests. */
export function makePod(name: string, input: PodInput = {}): Pod {
  const { namespace, labels, requests, deleting, ...spec } = input;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: namespace ?? 'default',
      uid: `uid-${name}`,
      labels,
      ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [container('c', requests)], ...spec },
  };
}

/** Outcome is a compact view of a plugin result for table tests: 'Success', 'Skip' or `code: reasons`. */
export type Outcome = string;

/**
 * filterOutcome runs a plugin's PreFilter (when it has one) and Filter for pod on one node of the
 * snapshot, as the runtime does, and summarises the result.
 */
export function filterOutcome(plugin: Plugin, pod: Pod, nodeName: string, snapshot: Snapshot): Outcome {
  const state = new CycleState();
  const info = newPodInfo(pod);
  if (isPreFilter(plugin)) {
    const s = plugin.preFilter(state, info, snapshot);
    if (s?.code === 'Skip') return 'Skip';
    if (s) return `${s.code}: ${s.message()}`;
  }
  if (!isFilter(plugin)) return 'Success';
  const s = plugin.filter(state, info, snapshot.get(nodeName)!);
  return s ? `${s.code}: ${s.message()}` : 'Success';
}

/**
 * scoreOutcome runs PreScore, Score and NormalizeScore of a plugin over every node of the snapshot and
 * returns the final scores by node name ('Skip' when PreScore skipped).
 */
export function scoreOutcome(plugin: Plugin, pod: Pod, snapshot: Snapshot): Record<string, number> | 'Skip' {
  const state = new CycleState();
  const info = newPodInfo(pod);
  const nodes = snapshot.nodes();
  if (isPreScore(plugin) && plugin.preScore(state, info, nodes, snapshot)?.code === 'Skip') return 'Skip';
  if (!isScore(plugin)) throw new Error(`${plugin.name} is not a score plugin`);
  const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, info, n) }));
  plugin.normalizeScore?.(state, info, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}
