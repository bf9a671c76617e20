/**
 * isSignificantPodUpdate is pod-security-admission's test of whether a pod update must be evaluated again:
 * only a few pod fields can change after creation, and of those only images, the number of (init)
 * containers, ephemeral containers and the seccomp annotations matter to the policy. Anything else (labels,
 * annotations, activeDeadlineSeconds, tolerations added) is let through unevaluated, even in a namespace
 * whose level the pod already violates.
 */
import type { KubeObject } from '../../../api/object';

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

interface Container {
  name?: string;
  image?: string;
}

interface Spec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

function specOf(pod: KubeObject): Spec {
  return (pod.spec ?? {}) as Spec;
}

function containerChanged(
  next: Container,
  old: Container,
  annotations: Record<string, string>,
  oldAnnotations: Record<string, string>,
): boolean {
  if (next.image !== old.image) return true;
  const seccomp = `${SECCOMP_CONTAINER_PREFIX}${next.name ?? ''}`;
  return annotations[seccomp] !== oldAnnotations[seccomp];
}

export function isSignificantPodUpdate(next: KubeObject, old: KubeObject): boolean {
  const annotations = next.metadata.annotations ?? {};
  const oldAnnotations = old.metadata.annotations ?? {};
  if (annotations[SECCOMP_POD_ANNOTATION] !== oldAnnotations[SECCOMP_POD_ANNOTATION]) return true;
  const spec = specOf(next);
  const oldSpec = specOf(old);
  for (const field of ['containers', 'initContainers'] as const) {
    const list = spec[field] ?? [];
    const oldList = oldSpec[field] ?? [];
    if (list.length !== oldList.length) return true;
    if (list.some((c, i) => containerChanged(c, oldList[i], annotations, oldAnnotations))) return true;
  }
  for (const container of spec.ephemeralContainers ?? []) {
    const previous = (oldSpec.ephemeralContainers ?? []).find((c) => c.name === container.name);
    if (!previous || containerChanged(container, previous, annotations, oldAnnotations)) return true;
  }
  return false;
}
