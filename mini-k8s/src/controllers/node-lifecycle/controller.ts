/**
 * newNodeLifecycleController is the node lifecycle controller plus the taint-eviction controller:
 * - a node whose kubelet renewed neither its Lease (kube-node-lease) nor its Ready heartbeat for
 *   `gracePeriodMs` gets every condition set to Unknown (`NodeStatusUnknown`, `Kubelet stopped posting node
 *   status.`) and its pods marked Ready=False;
 * - Ready=Unknown nodes carry `node.kubernetes.io/unreachable` NoSchedule+NoExecute, Ready=False nodes
 *   `node.kubernetes.io/not-ready`; the taints go when the node is Ready again;
 * - pods on NoExecute-tainted nodes are deleted after their tolerationSeconds (event TaintManagerEviction).
 * - a node whose kubelet never posted a status (no Ready condition) is left alone for
 *   `startupGracePeriodMs`, then gets Unknown conditions (`NodeStatusNeverUpdated`, `Kubelet never posted
 *   node status.`) and the unreachable taints.
 * Only run it with kubelets: a node without any heartbeat becomes unreachable after the grace period.
 */
import type { KubeObject } from '../../api/object';
import { rfc3339 } from '../../client/event-recorder';
import { isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { managedController } from '../workload-utils/managed';
import { type PodCondition, podPhase } from '../workload-utils/pods';
import { REFS } from '../workload-utils/refs';
import { nodeTaints, type Taint, type Toleration } from '../workload-utils/taints';
import { evictionTime } from './taint-eviction';

export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

export interface NodeLifecycleOptions {
  /** nodeMonitorGracePeriod (classroom default 40 s). */
  gracePeriodMs?: number;
  /** nodeStartupGracePeriod: how long a node whose kubelet never posted a status stays untouched (60 s). */
  startupGracePeriodMs?: number;
}

export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';
/** NEVER_POSTED_CONDITIONS are the conditions upstream fills in as Unknown for a never-updated node. */
const NEVER_POSTED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface NodeCondition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export function newNodeLifecycleController(
  ctx: ControllerContext,
  options: NodeLifecycleOptions = {},
): ManagedController {
  const { client, now } = ctx;
  const grace = options.gracePeriodMs ?? 40_000;
  const startupGrace = options.startupGracePeriodMs ?? 60_000;
  const evictionRecorder = ctx.recorder('taint-eviction-controller');
  const nodes = ctx.informers.informerFor(REFS.nodes);
  const leases = ctx.informers.informerFor(REFS.leases, { namespace: 'kube-node-lease' });
  const pods = ctx.informers.informerFor(REFS.pods);
  /** Last time this controller saw a heartbeat (lease renewal or Ready heartbeat) per node, local clock. */
  const observed = new Map<string, { probe: string; at: number }>();
  const controller = new Controller({ name: 'node-lifecycle-controller', reconcile, onError: ctx.onError });

  nodes.addHandler({
    onAdd: (n) => controller.enqueue(n.metadata.name!),
    onUpdate: (_o, n) => controller.enqueue(n.metadata.name!),
  });
  leases.addHandler({
    onAdd: (l) => controller.enqueue(l.metadata.name!),
    onUpdate: (_o, l) => controller.enqueue(l.metadata.name!),
  });
  const enqueuePodNode = (pod: KubeObject): void => {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (node) controller.enqueue(node);
  };
  pods.addHandler({ onAdd: enqueuePodNode, onUpdate: (_o, p) => enqueuePodNode(p) });

  function heartbeat(node: KubeObject): number {
    const name = node.metadata.name!;
    const lease = leases.get(`kube-node-lease/${name}`);
    const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime ?? '';
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    const probe = `${renew}|${ready?.lastHeartbeatTime ?? ''}|${ready?.status ?? ''}`;
    const seen = observed.get(name);
    if (!seen || seen.probe !== probe) {
      observed.set(name, { probe, at: now().getTime() });
      return now().getTime();
    }
    return seen.at;
  }

  async function reconcile(name: string): Promise<{ requeueAfterMs?: number } | void> {
    let node = nodes.get(name);
    if (!node) {
      observed.delete(name);
      return;
    }
    const nowMs = now().getTime();
    const last = heartbeat(node);
    let requeue = Math.max(1, last + grace - nowMs);
    const conditions = conditionsOf(node);
    const ready = conditions.find((c) => c.type === 'Ready');

    // 0. A kubelet that never posted a status (a Node created by hand, or a kubelet between registration
    // and its first status): as upstream, no verdict before nodeStartupGracePeriod from the node's creation,
    // then the missing conditions become Unknown/NodeStatusNeverUpdated.
    if (!ready) {
      const created = Date.parse(node.metadata.creationTimestamp ?? '');
      const due = (Number.isNaN(created) ? nowMs : created) + startupGrace;
      if (nowMs < due) return { requeueAfterMs: due - nowMs };
      const at = rfc3339(now());
      const missing = NEVER_POSTED_CONDITIONS.filter((type) => !conditions.some((c) => c.type === type));
      node = await client.updateStatus(REFS.nodes, undefined, {
        ...node,
        status: {
          ...(node.status as object),
          conditions: [
            ...conditions,
            ...missing.map((type) => ({
              type,
              status: 'Unknown',
              reason: 'NodeStatusNeverUpdated',
              message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
              lastHeartbeatTime: node?.metadata.creationTimestamp,
              lastTransitionTime: at,
            })),
          ],
        },
      });
      await markPodsNotReady(name);
      requeue = grace;
    }
    // 1. Stale heartbeat: every condition becomes Unknown, pods not ready.
    else if (nowMs - last >= grace && ready.status !== 'Unknown') {
      const at = rfc3339(now());
      const next = conditions.map((c) => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: NODE_STATUS_UNKNOWN_MESSAGE,
        lastTransitionTime: c.status === 'Unknown' ? c.lastTransitionTime : at,
      }));
      node = await client.updateStatus(REFS.nodes, undefined, {
        ...node,
        status: { ...(node.status as object), conditions: next },
      });
      await markPodsNotReady(name);
      requeue = grace;
    }

    // 2. Taints follow the Ready condition.
    const readyNow = conditionsOf(node).find((c) => c.type === 'Ready')?.status ?? 'Unknown';
    const wantKey =
      readyNow === 'Unknown' ? UNREACHABLE_TAINT : readyNow === 'False' ? NOT_READY_TAINT : undefined;
    const taints = nodeTaints(node);
    const kept = taints.filter((t) => t.key !== UNREACHABLE_TAINT && t.key !== NOT_READY_TAINT);
    const managed = taints.filter((t) => t.key === wantKey);
    const wanted: Taint[] = wantKey
      ? [
          managed.find((t) => t.effect === 'NoSchedule') ?? { key: wantKey, effect: 'NoSchedule' },
          managed.find((t) => t.effect === 'NoExecute') ?? {
            key: wantKey,
            effect: 'NoExecute',
            timeAdded: rfc3339(now()),
          },
        ]
      : [];
    const nextTaints = [...kept, ...wanted];
    if (JSON.stringify(nextTaints) !== JSON.stringify(taints)) {
      node = await client.patch(REFS.nodes, undefined, name, 'merge', {
        spec: { taints: nextTaints.length > 0 ? nextTaints : null },
      });
    }

    // 3. Taint-based eviction.
    const effective = nodeTaints(node);
    for (const pod of pods.list((p) => (p.spec as { nodeName?: string }).nodeName === name)) {
      if (pod.metadata.deletionTimestamp || podPhase(pod) === 'Succeeded' || podPhase(pod) === 'Failed')
        continue;
      const tolerations = ((pod.spec as { tolerations?: Toleration[] }).tolerations ?? []) as Toleration[];
      const at = evictionTime(effective, tolerations, nowMs);
      if (at === undefined) continue;
      if (at <= nowMs) await evict(pod);
      else requeue = Math.min(requeue, at - nowMs);
    }
    return { requeueAfterMs: requeue };
  }

  async function markPodsNotReady(nodeName: string): Promise<void> {
    for (const pod of pods.list((p) => (p.spec as { nodeName?: string }).nodeName === nodeName)) {
      const conditions = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ??
        []) as PodCondition[];
      if (!conditions.some((c) => c.type === 'Ready' && c.status !== 'False')) continue;
      const at = rfc3339(now());
      const next = conditions.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: at } : c,
      );
      try {
        await client.updateStatus(REFS.pods, pod.metadata.namespace, {
          ...pod,
          status: { ...(pod.status as object), conditions: next },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  async function evict(pod: KubeObject): Promise<void> {
    await evictionRecorder.record(
      pod,
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
    );
    try {
      const conditions = (
        (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []
      ).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: rfc3339(now()),
      });
      await client.updateStatus(REFS.pods, pod.metadata.namespace, {
        ...pod,
        status: { ...(pod.status as object), conditions },
      });
      await client.delete(REFS.pods, pod.metadata.namespace, pod.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  return managedController(controller, [nodes, leases, pods]);
}

function conditionsOf(node: KubeObject): NodeCondition[] {
  return ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []) as NodeCondition[];
}
