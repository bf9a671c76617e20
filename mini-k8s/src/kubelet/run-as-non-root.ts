/**
 * verifyRunAsNonRoot is the kubelet's check before it creates a container (kuberuntime's
 * verifyRunAsNonRoot): with `runAsNonRoot: true` in the effective security context (the container's,
 * else the pod's), the process must not run as uid 0. An explicit `runAsUser` decides; otherwise the
 * image's user as the runtime reports it: no user or uid 0 is root, a user name cannot be verified.
 * A refusal leaves the container waiting in CreateContainerConfigError with upstream's message.
 */
import type { ImageInfo } from './runtime/runtime';
import type { Container, Pod } from './types';
import { podRef } from './types';

/** UserContext is the part of a pod or container securityContext that decides the process's user. */
interface UserContext {
  runAsUser?: number | null;
  runAsNonRoot?: boolean | null;
}

function userContext(owner: unknown): UserContext {
  const sc = (owner as { securityContext?: unknown } | undefined)?.securityContext;
  return typeof sc === 'object' && sc !== null ? (sc as UserContext) : {};
}

/** verifyRunAsNonRoot returns why the container may not start, or undefined when it may. */
export function verifyRunAsNonRoot(
  pod: Pod,
  container: Container,
  image: Pick<ImageInfo, 'uid' | 'username'> | undefined,
): string | undefined {
  const podContext = userContext(pod.spec);
  const own = userContext(container);
  const runAsNonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
  if (runAsNonRoot !== true) return undefined;
  const where = `(pod: ${JSON.stringify(podRef(pod))}, container: ${container.name})`;
  const runAsUser = own.runAsUser ?? podContext.runAsUser;
  if (runAsUser !== undefined && runAsUser !== null) {
    return runAsUser === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  }
  const uid = image?.uid ?? (image?.username ? undefined : 0);
  if (uid === 0) return `container has runAsNonRoot and image will run as root ${where}`;
  if (uid === undefined && image?.username) {
    return `container has runAsNonRoot and image has non-numeric user (${image.username}), cannot verify user is non-root ${where}`;
  }
  return undefined;
}
