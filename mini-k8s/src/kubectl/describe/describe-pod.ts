/**
 * describePod is kubectl's pod describer: identity, node and start time, status and IPs, controller,
 * containers with their states, conditions, volumes, QoS class, node selectors, tolerations and events.
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from '../../apiserver/tables/age';
import { DescribeWriter } from './describe-writer';
import type { DescribeContext } from './describers';
import { eventsFor, rfc1123z } from './describers';
import {
  type Container,
  describeContainerBasics,
  describeContainerCommand,
  describeEnv,
  describeEnvFrom,
  describeMounts,
  describeProbes,
  describeResources,
  describeTolerations,
  describeVolumes,
  type Toleration,
  type Volume,
} from './pod-template';

/** ContainerState is a core/v1 ContainerState. */
interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string };
  terminated?: {
    reason?: string;
    message?: string;
    exitCode?: number;
    signal?: number;
    startedAt?: string;
    finishedAt?: string;
  };
}

interface ContainerStatus {
  name: string;
  containerID?: string;
  imageID?: string;
  state?: ContainerState;
  lastState?: ContainerState;
  ready?: boolean;
  restartCount?: number;
}

interface Pod extends KubeObject {
  spec?: {
    priority?: number;
    priorityClassName?: string;
    runtimeClassName?: string;
    serviceAccountName?: string;
    nodeName?: string;
    initContainers?: Container[];
    containers?: Container[];
    ephemeralContainers?: Container[];
    volumes?: Volume[];
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    hostIP?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    nominatedNodeName?: string;
    qosClass?: string;
    conditions?: { type: string; status: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
}

export async function describePod(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const pod = obj as Pod;
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  // Pod events are matched without their kind (describe clears ref.Kind for pods).
  const events = await eventsFor(ctx, obj, false);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  w.labels('Labels', pod.metadata.labels);
  w.annotations('Annotations', pod.metadata.annotations);
  const deletion = pod.metadata.deletionTimestamp;
  if (deletion && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(deletion, ctx.now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs || status.podIPs.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controller = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers && spec.initContainers.length > 0) {
    describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses ?? [], pod);
  }
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], pod);
  // Ephemeral containers read as containers (their targetContainerName is not printed).
  if (spec.ephemeralContainers && spec.ephemeralContainers.length > 0) {
    const statuses = status.ephemeralContainerStatuses ?? [];
    describeContainers(w, 'Ephemeral Containers', spec.ephemeralContainers, statuses, pod);
  }
  if (status.conditions && status.conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes ?? [], '');
  w.write(0, `QoS Class:\t${status.qosClass ?? ''}\n`);
  w.labels('Node-Selectors', spec.nodeSelector);
  describeTolerations(w, 'Tolerations', spec.tolerations ?? []);
  if (events) w.events(events);
  return w.toString();
}

/** describeContainers is the pod form: basics, command, state, resources, probes, env and mounts. */
function describeContainers(
  w: DescribeWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[],
  pod: Pod,
): void {
  w.write(0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses.find((s) => s.name === c.name);
    describeContainerBasics(w, c, '', status);
    describeContainerCommand(w, c);
    if (status) {
      describeState(w, 'State', status.state ?? {});
      if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources, 2);
    describeProbes(w, c);
    if (c.envFrom && c.envFrom.length > 0) describeEnvFrom(w, c);
    describeEnv(w, c, (path) => fieldValue(pod, path));
    describeMounts(w, c);
  }
}

function describeState(w: DescribeWriter, title: string, state: ContainerState): void {
  if (state.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${title}:\tWaiting\n`);
}

/** fieldValue resolves the downward-API field paths describe shows next to fieldRef variables. */
function fieldValue(pod: Pod, path: string): string {
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelMatch) return pod.metadata[labelMatch[1] as 'labels' | 'annotations']?.[labelMatch[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    default:
      return '';
  }
}
