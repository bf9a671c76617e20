/**
 * Pod and PodTemplate printers (printers.go `printPod`, `printPodTemplate`): the READY / STATUS /
 * RESTARTS logic users read all day in `kubectl get pods`.
 */
import type { KubeObject } from '../../api/object';
import { parseTimestamp, translateTimestampSince } from './age';
import * as d from './descriptions';
import { formatLabels, layoutContainerCells } from './format';
import type { Container } from './format';
import { column } from './types';
import type { PrintContext, PrintedRow, Printer, TableRowCondition } from './types';

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}

/** Pod is the part of a core/v1 Pod the printer reads. */
interface Pod {
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    nodeName?: string;
    readinessGates?: { conditionType?: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    nominatedNodeName?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

/** NODE_UNREACHABLE_POD_REASON is the reason the node lifecycle controller sets on pods of a lost node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const SUCCEEDED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** podPrinter renders pods: Name, Ready, Status, Restarts, Age, IP, Node, Nominated Node, Readiness Gates. */
export const podPrinter: Printer = {
  columns: [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP),
    column('IP', 'string', d.POD_IP, { priority: 1 }),
    column('Node', 'string', d.POD_NODE_NAME, { priority: 1 }),
    column('Nominated Node', 'string', d.POD_NOMINATED_NODE_NAME, { priority: 1 }),
    column('Readiness Gates', 'string', d.POD_READINESS_GATES, { priority: 1 }),
  ],
  print: printPod,
};

/** LastRestart tracks the latest `lastState.terminated.finishedAt` seen, as epoch ms and original text. */
interface LastRestart {
  ms: number;
  text?: string;
}

function noteRestart(last: LastRestart, status: ContainerStatus): LastRestart {
  const terminated = status.lastState?.terminated;
  if (!terminated) return last;
  const ms = parseTimestamp(terminated.finishedAt);
  // metav1.Time.Before: a zero (missing) finishedAt never moves the date forward.
  if (ms === undefined || !(last.ms < ms)) return last;
  return { ms, text: terminated.finishedAt };
}

function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(conditions: Condition[] | undefined, type: string): boolean {
  const condition = (conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

function printPod(obj: KubeObject, ctx: PrintContext): PrintedRow {
  const pod = obj as unknown as Pod;
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: LastRestart = { ms: -Infinity };
  let lastRestartableInitRestart: LastRestart = { ms: -Infinity };

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;

  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated')
      reason = 'SchedulingGated';
  }

  let conditions: TableRowCondition[] | undefined;
  if (podPhase === 'Succeeded') conditions = SUCCEEDED_CONDITIONS;
  else if (podPhase === 'Failed') conditions = FAILED_CONDITIONS;

  const initByName = new Map<string, Container>();
  for (const container of initContainers) {
    initByName.set(container.name ?? '', container);
    // Sidecars (restartable init containers) count as regular containers in READY.
    if (isRestartableInitContainer(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] ?? {};
    const restartable = isRestartableInitContainer(initByName.get(container.name ?? ''));
    restarts += container.restartCount ?? 0;
    lastRestart = noteRestart(lastRestart, container);
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitRestart = noteRestart(lastRestartableInitRestart, container);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = restartableInitContainerRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Upstream walks the statuses backwards, so the first container's state wins the reason.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] ?? {};
      restarts += container.restartCount ?? 0;
      lastRestart = noteRestart(lastRestart, container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose first container completed while another still runs is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (obj.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (obj.metadata.deletionTimestamp && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart.text !== undefined) {
    restartsText = `${restarts} (${translateTimestampSince(lastRestart.text, ctx.now)} ago)`;
  }

  // The pod IP column reads status.podIPs[0]; podIP is its mirror, used when podIPs was not filled.
  const podIP = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  const row: PrintedRow = {
    cells: [
      obj.metadata.name ?? '',
      `${readyContainers}/${totalContainers}`,
      reason,
      restartsText,
      translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      podIP,
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates(pod),
    ],
  };
  if (conditions) row.conditions = conditions;
  return row;
}

/** readinessGates renders `true/total` for the pod's readiness gates, `<none>` without gates. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType);
    if (condition?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

/** PodTemplate is the part of a core/v1 PodTemplate the printer reads. */
interface PodTemplate {
  template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[] } };
}

/** podTemplatePrinter renders pod templates: Name, Containers, Images, Pod Labels. */
export const podTemplatePrinter: Printer = {
  columns: [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  print(obj) {
    const template = (obj as unknown as PodTemplate).template;
    const { names, images } = layoutContainerCells(template?.spec?.containers);
    return { cells: [obj.metadata.name ?? '', names, images, formatLabels(template?.metadata?.labels)] };
  },
};
