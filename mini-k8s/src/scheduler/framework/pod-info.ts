/**
 * PodInfo is a pod plus everything the scheduler derives from it once (framework.PodInfo): requests,
 * host ports, priority and parsed pod (anti-)affinity terms. Plugins read these instead of re-parsing
 * the pod on every node, which keeps a scheduling cycle near O(nodes).
 */
import { labelSelectorFromMeta, type LabelSelector } from '../../machinery/labels';
import { podRequests, type Resources } from './resources';
import type { Pod, PodAffinityTerm } from './types';

/** AffinityTerm is a parsed PodAffinityTerm (framework.AffinityTerm). */
export interface AffinityTerm {
  topologyKey: string;
  selector: LabelSelector;
  /** namespaces is the explicit namespace set (the pod's own namespace when neither list nor selector is set). */
  namespaces: Set<string>;
  /** namespaceSelector selects namespaces by labels; undefined when unset. */
  namespaceSelector?: LabelSelector;
  weight: number;
}

/** HostPort is one requested host port. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: Pod;
  /** key is `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  priority: number;
  requests: Resources;
  nonZeroRequests: Resources;
  hostPorts: HostPort[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  /** pvcNames are the claim names of the pod's persistentVolumeClaim (and generic ephemeral) volumes. */
  pvcNames: string[];
}

function parseTerm(pod: Pod, term: PodAffinityTerm, weight: number): AffinityTerm {
  const namespace = pod.metadata.namespace ?? 'default';
  const namespaces = new Set(term.namespaces ?? []);
  let namespaceSelector: LabelSelector | undefined;
  if (term.namespaceSelector != null) namespaceSelector = labelSelectorFromMeta(term.namespaceSelector);
  // Why: with no namespaces and no namespaceSelector the term applies to the pod's own namespace only.
  if (namespaces.size === 0 && namespaceSelector === undefined) namespaces.add(namespace);
  return {
    topologyKey: term.topologyKey,
    selector: labelSelectorFromMeta(term.labelSelector),
    namespaces,
    namespaceSelector,
    weight,
  };
}

/** newPodInfo derives a PodInfo from a pod. */
export function newPodInfo(pod: Pod): PodInfo {
  const spec = pod.spec ?? {};
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const hostPorts: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  const aff = spec.affinity?.podAffinity;
  const anti = spec.affinity?.podAntiAffinity;
  const pvcNames: string[] = [];
  for (const v of spec.volumes ?? []) {
    if (v.persistentVolumeClaim) pvcNames.push(v.persistentVolumeClaim.claimName);
    // A generic ephemeral volume is backed by the PVC `<pod>-<volume>` created by the ephemeral controller.
    else if (v.ephemeral) pvcNames.push(`${name}-${v.name}`);
  }
  return {
    pod,
    key: `${namespace}/${name}`,
    namespace,
    name,
    uid: pod.metadata.uid ?? '',
    labels: pod.metadata.labels ?? {},
    priority: spec.priority ?? 0,
    requests: podRequests(spec),
    nonZeroRequests: podRequests(spec, true),
    hostPorts,
    requiredAffinity: (aff?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseTerm(pod, t, 1),
    ),
    requiredAntiAffinity: (anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseTerm(pod, t, 1),
    ),
    preferredAffinity: (aff?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
      parseTerm(pod, w.podAffinityTerm, w.weight),
    ),
    preferredAntiAffinity: (anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
      parseTerm(pod, w.podAffinityTerm, w.weight),
    ),
    pvcNames,
  };
}

/**
 * termMatchesPod tells whether an affinity term selects a pod: namespace in the term's set (or selected
 * by its namespaceSelector through nsLabels) and labels matching the selector.
 */
export function termMatchesPod(
  term: AffinityTerm,
  pod: PodInfo,
  nsLabels: (namespace: string) => Record<string, string> | undefined,
): boolean {
  const inNamespace =
    term.namespaces.has(pod.namespace) ||
    (term.namespaceSelector !== undefined && term.namespaceSelector.matches(nsLabels(pod.namespace)));
  return inNamespace && term.selector.matches(pod.labels);
}

/** hasAffinity tells whether a pod has any pod affinity or anti-affinity term. */
export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinity.length +
      p.requiredAntiAffinity.length +
      p.preferredAffinity.length +
      p.preferredAntiAffinity.length >
    0
  );
}
