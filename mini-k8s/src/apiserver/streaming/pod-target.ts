/**
 * Pod and container resolution shared by the streaming subresources, with the apiserver's and kubelet's
 * exact error texts: container defaulting and validation (pkg/registry/core/pod/strategy.go
 * validateContainer), "no host assigned" (streamLocation), the kubelet's log-status checks
 * (validateContainerLogStatus) and its exec/attach check (`container not found ("x")`).
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import { StatusError, errors } from '../../machinery/errors';
import type { Registry, UserInfo } from '../registry/interface';
import type { MetricsProvider } from './metrics';
import type { KubeletApi, NodeConnector } from './node-connector';

/** StreamingDeps are what the streaming handlers need from the server. */
export interface StreamingDeps {
  registry: Registry;
  now: () => Date;
  nodeConnector?: NodeConnector;
  metricsProvider?: MetricsProvider;
}

/** UpgradeTextError is a refusal answered as plain text, as the kubelet answers (kubectl prints `unable to upgrade connection: <text>`). */
export class UpgradeTextError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'UpgradeTextError';
  }
}

interface ContainerSpec {
  name: string;
  ports?: { containerPort?: number; name?: string }[];
  stdin?: boolean;
  tty?: boolean;
}

interface ContainerStateView {
  waiting?: { reason?: string };
  running?: Record<string, unknown>;
  terminated?: { containerID?: string };
}

interface ContainerStatusView {
  name: string;
  containerID?: string;
  state?: ContainerStateView;
  lastState?: ContainerStateView;
}

/** PodView is the part of a Pod the streaming handlers read. */
export interface PodView extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: ContainerSpec[];
    initContainers?: ContainerSpec[];
    ephemeralContainers?: ContainerSpec[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: ContainerStatusView[];
    initContainerStatuses?: ContainerStatusView[];
    ephemeralContainerStatuses?: ContainerStatusView[];
  };
}

const PODS = findResource('', 'v1', 'pods');

/** getPod reads a pod through the registry (404 `pods "x" not found`). */
export async function getPod(
  deps: StreamingDeps,
  user: UserInfo,
  namespace: string,
  name: string,
): Promise<PodView> {
  if (!PODS) throw new Error('the resource catalogue has no pods');
  const ctx = { user, dryRun: false, fieldValidation: 'Ignore' as const, warnings: [], now: deps.now };
  return (await deps.registry.get(PODS, namespace, name, ctx)) as PodView;
}

/** allContainers lists init, regular and ephemeral containers in the order podutil.VisitContainers uses. */
function allContainers(pod: PodView): ContainerSpec[] {
  const spec = pod.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** findContainer returns the spec of a container of any kind. */
export function findContainer(pod: PodView, name: string): ContainerSpec | undefined {
  return allContainers(pod).find((c) => c.name === name);
}

/** resolveContainer defaults the container when the pod has exactly one and validates a given name. */
export function resolveContainer(pod: PodView, container: string | null | undefined): string {
  const podName = pod.metadata.name ?? '';
  const containers = pod.spec?.containers ?? [];
  if (!container) {
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0)
      throw errors.badRequest(`a container name must be specified for pod ${podName}`);
    const names = allContainers(pod).map((c) => c.name);
    throw errors.badRequest(
      `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`,
    );
  }
  if (!findContainer(pod, container))
    throw errors.badRequest(`container ${container} is not valid for pod ${podName}`);
  return container;
}

/** requireHost returns the pod's node, or the 400 streamLocation answers for an unscheduled pod. */
export function requireHost(pod: PodView): string {
  const node = pod.spec?.nodeName;
  if (!node) throw errors.badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  return node;
}

/** kubeletFor finds the node's kubelet; a node without one answers as an unreachable kubelet would. */
export function kubeletFor(deps: StreamingDeps, nodeName: string): KubeletApi {
  const kubelet = deps.nodeConnector?.kubeletFor(nodeName);
  if (!kubelet) {
    throw new StatusError(
      500,
      'InternalError',
      `error dialing backend: no kubelet is serving node "${nodeName}"`,
    );
  }
  return kubelet;
}

/** containerStatus finds the status of a container of any kind. */
function containerStatus(pod: PodView, name: string): ContainerStatusView | undefined {
  const status = pod.status ?? {};
  return [
    ...(status.containerStatuses ?? []),
    ...(status.initContainerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === name);
}

/**
 * checkLogStatus applies the kubelet's validateContainerLogStatus to the pod's reported status: logs exist
 * only for a container that ran (or, with `previous`, one that restarted). Errors are 400 BadRequest.
 */
export function checkLogStatus(pod: PodView, container: string, previous: boolean): void {
  const podName = pod.metadata.name ?? '';
  const status = containerStatus(pod, container);
  const fail = (message: string) => errors.badRequest(message);
  if (!status) throw fail(`container "${container}" in pod "${podName}" is not available`);
  const state = status.state ?? {};
  const last = status.lastState ?? {};
  if (previous) {
    if (!last.terminated?.containerID)
      throw fail(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (state.running) return;
  if (state.terminated) {
    if (state.terminated.containerID || last.terminated?.containerID) return;
    throw fail(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (last.terminated) {
    if (last.terminated.containerID) return;
    throw fail(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (state.waiting) {
    const reason = state.waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw fail(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') {
      throw fail(
        `container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
      );
    }
    throw fail(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  throw fail(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** checkRunning is the kubelet's exec/attach check: only a running container can be entered. */
export function checkRunning(pod: PodView, container: string): void {
  if (!containerStatus(pod, container)?.state?.running) {
    throw new UpgradeTextError(500, `container not found (${JSON.stringify(container)})`);
  }
}

/** parseBool reads a query flag as Go's strconv.ParseBool; absent is false. */
export function parseBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw errors.badRequest(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}
