/**
 * The bodies the scheduler writes about pods, built as pure functions (upstream: updatePod with
 * podutil.UpdatePodCondition, the Binding of DefaultBinder, and the DisruptionTarget condition set on
 * preemption victims before their deletion).
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../client/event-recorder';
import type { PodInfo } from './framework/pod-info';
import type { Pod, PodCondition } from './framework/types';

/**
 * unschedulableStatusPatch returns the strategic-merge patch of pods/status setting PodScheduled=False
 * with reason and message (and nominatedNodeName when given), or undefined when the pod already says
 * exactly that. lastTransitionTime only moves when the condition's status changes.
 */
export function unschedulableStatusPatch(
  pod: Pod,
  reason: string,
  message: string,
  nominated: string | undefined,
  now: Date,
): { status: Record<string, unknown> } | undefined {
  const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const sameCondition =
    existing?.status === 'False' && existing.reason === reason && existing.message === message;
  const sameNomination = nominated === undefined || pod.status?.nominatedNodeName === nominated;
  if (sameCondition && sameNomination) return undefined;
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime:
      existing?.status === 'False' && existing.lastTransitionTime
        ? existing.lastTransitionTime
        : rfc3339(now),
    reason,
    message,
  };
  const status: Record<string, unknown> = { conditions: [condition] };
  if (nominated !== undefined) status.nominatedNodeName = nominated;
  return { status };
}

/** bindingFor is the Binding POSTed to pods/<name>/binding. */
export function bindingFor(pod: PodInfo, node: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: node },
  };
}

/** disruptionTargetPatch marks a preemption victim before it is deleted (status subresource, strategic merge). */
export function disruptionTargetPatch(schedulerName: string, now: Date): { status: Record<string, unknown> } {
  return {
    status: {
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'PreemptionByScheduler',
          message: `${schedulerName}: preempting to accommodate a higher priority pod`,
          lastTransitionTime: rfc3339(now),
        },
      ],
    },
  };
}

/** preemptedMessage is the `Preempted` event text on a victim. */
export function preemptedMessage(preemptor: PodInfo, node: string): string {
  return `Preempted by pod ${preemptor.uid} on node ${node}`;
}
