/**
 * Docker labels the runtime puts on every container and network it creates. They are the runtime's only
 * durable state: after a server restart `DockerRuntime.adopt()` rebuilds everything from them, and cleanup
 * finds what a sandbox left by filtering on `atelier.sandbox`.
 */

/** LABELS are the label keys; values are plain strings. */
export const LABELS = {
  /** sandbox is the learner sandbox (cluster) id: the isolation and cleanup unit. */
  sandbox: 'atelier.sandbox',
  /** node is the kubelet node that owns the container. */
  node: 'atelier.node',
  /** role is `sandbox` for the pause-like container holding a pod's namespaces, `container` otherwise. */
  role: 'atelier.role',
  podNamespace: 'atelier.pod.namespace',
  podName: 'atelier.pod.name',
  podUid: 'atelier.pod.uid',
  podHostname: 'atelier.pod.hostname',
  /** podIp is the pod address the runtime gave a pause container itself (`DOCKER_POD_NETWORK=direct`). */
  podIp: 'atelier.pod.ip',
  /** podAttempt counts sandbox re-creations for the same pod (CRI attempt). */
  podAttempt: 'atelier.pod.attempt',
  /** podSandbox is the pod sandbox id (pause container id) an app container belongs to. */
  podSandbox: 'atelier.pod.sandbox',
  container: 'atelier.container',
  /** attempt is the container's restart count. */
  attempt: 'atelier.container.attempt',
  /** image is the image as the pod spec names it (before alias resolution). */
  image: 'atelier.image',
  /** memory is the memory limit charged to the sandbox budget, in bytes. */
  memory: 'atelier.memory',
} as const;

/** SANDBOX_ROLE / CONTAINER_ROLE are the values of `atelier.role`. */
export const SANDBOX_ROLE = 'sandbox';
export const CONTAINER_ROLE = 'container';

/** sandboxFilter is the Docker `filters` value selecting everything of one learner sandbox. */
export function sandboxFilter(sandboxId: string, extra: string[] = []): { label: string[] } {
  return { label: [`${LABELS.sandbox}=${sandboxId}`, ...extra] };
}

/**
 * dockerName builds a readable, daemon-unique container name such as
 * `atelier_s1_default_web_nginx_0_3f2a`. Docker names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; Kubernetes names
 * already fit, anything else is replaced by `-`.
 */
export function dockerName(parts: (string | number)[], random: string): string {
  const clean = parts.map((p) => String(p).replace(/[^a-zA-Z0-9_.-]/g, '-'));
  return ['atelier', ...clean, random].join('_');
}

/** labelNumber reads a numeric label, with a fallback for containers created without it. */
export function labelNumber(labels: Record<string, string> | undefined, key: string, fallback = 0): number {
  const value = Number(labels?.[key]);
  return Number.isFinite(value) ? value : fallback;
}
