/**
 * newDaemonSetController is the DaemonSet controller (pkg/controller/daemon): one pod per node that
 * should run it (nodeSelector, required node affinity, taints against the pod's and the default daemon
 * tolerations), each pinned to its node by a `metadata.name In [node]` affinity for the scheduler to bind;
 * extra pods, pods on nodes that no longer qualify and Failed pods are deleted (Failed ones under a per-node
 * back-off, 1 s doubling to 15 min, so a pod the kubelet keeps rejecting is not recreated in a hot loop).
 * RollingUpdate replaces old pods within maxUnavailable (deleting first) or maxSurge (new pod first, old one
 * deleted once the new is available); OnDelete waits for the user. Revisions are ControllerRevisions `<ds>-<hash>`, pods carry
 * `controller-revision-hash: <hash>` and `pod-template-generation`.
 */
import type { KubeObject } from '../../api/object';
import { objectKey } from '../../client/informer';
import { scaledValueFromIntOrPercent } from '../../machinery/intstr';
import type { IntOrString } from '../../machinery/intstr';
import { isNotFound } from '../../machinery/errors';
import { Controller, splitKey } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { Expectations } from '../workload-utils/expectations';
import { syncRevisions } from '../workload-utils/history';
import { managedController } from '../workload-utils/managed';
import {
  controllerRef,
  deepCopy,
  isPodAvailable,
  isPodReady,
  isPodTerminating,
  newControllerRef,
  podPhase,
} from '../workload-utils/pods';
import { REFS } from '../workload-utils/refs';
import { CONTROLLER_REVISION_HASH_LABEL, REVISION_HASH_LABEL } from '../workload-utils/revisions';
import { pinToNode, podNodeName, shouldRunOn } from './eligibility';
import { FailedPodsBackoff } from './failed-pods-backoff';
import { scaleBackoff } from '../timing';

interface DaemonSetSpec {
  selector?: unknown;
  template?: { metadata?: KubeObject['metadata']; spec?: Record<string, unknown> };
  updateStrategy?: {
    type?: 'RollingUpdate' | 'OnDelete';
    rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

export function newDaemonSetController(ctx: ControllerContext): ManagedController {
  const { client, now } = ctx;
  const recorder = ctx.recorder('daemonset-controller');
  const sets = ctx.informers.informerFor(REFS.daemonsets);
  const pods = ctx.informers.informerFor(REFS.pods);
  const nodes = ctx.informers.informerFor(REFS.nodes);
  const revisionsInformer = ctx.informers.informerFor(REFS.controllerrevisions);
  const expectations = new Expectations();
  // Upstream's NewBackOff(1 s, 15 min), scaled by the cluster speed.
  const scaledBackoff = scaleBackoff(ctx.speed, 1_000, 900_000);
  const failedPodsBackoff = new FailedPodsBackoff(scaledBackoff.initialMs, scaledBackoff.maxMs);
  const controller = new Controller({ name: 'daemonset-controller', reconcile, onError: ctx.onError });
  const enqueueAll = (): void => {
    for (const ds of sets.list()) controller.enqueue(objectKey(ds));
  };
  sets.addHandler({
    onAdd: (s) => controller.enqueue(objectKey(s)),
    onUpdate: (_o, s) => controller.enqueue(objectKey(s)),
    onDelete: (s) => {
      expectations.forget(objectKey(s));
      failedPodsBackoff.forgetPrefix(`${s.metadata.uid}/`);
    },
  });
  nodes.addHandler({
    onAdd: enqueueAll,
    onUpdate: (old, node) => {
      // Why: only placement-relevant changes (labels, taints, unschedulable) matter, not heartbeats.
      if (
        JSON.stringify([old.metadata.labels, old.spec]) !== JSON.stringify([node.metadata.labels, node.spec])
      )
        enqueueAll();
    },
    onDelete: enqueueAll,
  });
  const enqueueOwner = (pod: KubeObject): void => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'DaemonSet') controller.enqueue(`${pod.metadata.namespace}/${ref.name}`);
  };
  pods.addHandler({ onAdd: enqueueOwner, onUpdate: (_o, p) => enqueueOwner(p), onDelete: enqueueOwner });

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const ds = sets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const { namespace } = splitKey(key);
    const spec = ds.spec as DaemonSetSpec;
    const nowDate = now();
    const podSpec = (spec.template?.spec ?? {}) as Record<string, unknown>;
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const inCache = (name: string): boolean => pods.get(`${namespace}/${name}`) !== undefined;
    const pending = expectations.pendingCreations(key, inCache);
    const pendingDeletes = expectations.pendingDeletions(key, (name) => {
      const pod = pods.get(`${namespace}/${name}`);
      return pod !== undefined && !isPodTerminating(pod);
    });
    if (pending.length > 0 || pendingDeletes.length > 0) return; // wait for the cache to catch up

    const owned = pods.list(
      (p) => p.metadata.namespace === namespace && controllerRef(p)?.uid === ds.metadata.uid,
    );
    const inUse = new Set<string>();
    const ownedRevisions = revisionsInformer.list(
      (r) => r.metadata.namespace === namespace && controllerRef(r)?.uid === ds.metadata.uid,
    );
    for (const r of ownedRevisions) {
      if (
        owned.some(
          (p) =>
            p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === r.metadata.labels?.[REVISION_HASH_LABEL],
        )
      )
        inUse.add(r.metadata.name!);
    }
    const { update } = await syncRevisions(
      client,
      ds,
      ownedRevisions,
      spec.template,
      spec.revisionHistoryLimit ?? 10,
      inUse,
    );
    const hash = update.metadata.labels![REVISION_HASH_LABEL];
    const isUpdated = (p: KubeObject): boolean =>
      p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;

    const byNode = new Map<string, KubeObject[]>();
    for (const pod of owned) {
      const node = podNodeName(pod);
      if (!node) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const allNodes = nodes.list();
    const eligible = allNodes.filter((n) => shouldRunOn(n, podSpec));
    const eligibleNames = new Set(eligible.map((n) => n.metadata.name!));
    const toCreate: string[] = [];
    const toDelete: KubeObject[] = [];

    let requeueAfterMs: number | undefined;
    const nowMs = nowDate.getTime();
    for (const node of eligible) {
      const name = node.metadata.name!;
      const onNode = byNode.get(name) ?? [];
      // As upstream: a node with any pod left (failed, or terminating) gets its new pod at a later pass.
      if (onNode.length === 0) {
        toCreate.push(name);
        continue;
      }
      const live = onNode.filter((p) => !isPodTerminating(p));
      const failed = live.filter((p) => podPhase(p) === 'Failed');
      for (const pod of failed) {
        // Why a back-off: a kubelet rejecting the pod again and again must not make us hot-loop.
        const backoffKey = `${ds.metadata.uid}/${name}`;
        if (failedPodsBackoff.inBackoff(backoffKey, nowMs)) {
          const wait = failedPodsBackoff.remainingMs(backoffKey, nowMs);
          requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, Math.max(1, wait));
          continue;
        }
        failedPodsBackoff.next(backoffKey, nowMs);
        await recorder.record(
          ds,
          'Warning',
          'FailedDaemonPod',
          `Found failed daemon pod ${namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
        );
        toDelete.push(pod);
      }
      const running = live.filter((p) => podPhase(p) !== 'Failed');
      if (running.length > 1) {
        // Keep the updated and oldest pod; with a surge in progress the rolling update decides instead.
        const sorted = [...running].sort(
          (a, b) =>
            Number(isUpdated(b)) - Number(isUpdated(a)) ||
            (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
        );
        const surge = running.some(isUpdated) && running.some((p) => !isUpdated(p));
        if (!surge) toDelete.push(...sorted.slice(1));
      }
    }
    for (const [name, list] of byNode) {
      if (!eligibleNames.has(name)) toDelete.push(...list.filter((p) => !isPodTerminating(p)));
    }

    // Rolling update.
    const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
    if (strategy === 'RollingUpdate') {
      const desired = eligible.length;
      const maxSurge = scaledValueFromIntOrPercent(
        spec.updateStrategy?.rollingUpdate?.maxSurge ?? 0,
        desired,
        true,
      );
      const maxUnavailable =
        maxSurge === 0
          ? Math.max(
              1,
              scaledValueFromIntOrPercent(
                spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1,
                desired,
                true,
              ),
            )
          : scaledValueFromIntOrPercent(
              spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 0,
              desired,
              true,
            );
      let unavailable = 0;
      const oldOnNodes: { node: string; old: KubeObject; fresh?: KubeObject }[] = [];
      for (const node of eligible) {
        const name = node.metadata.name!;
        const live = (byNode.get(name) ?? []).filter((p) => !isPodTerminating(p) && podPhase(p) !== 'Failed');
        const available = live.some((p) => isPodAvailable(p, minReadySeconds, nowDate));
        if (!available) unavailable++;
        const old = live.find((p) => !isUpdated(p));
        if (old) oldOnNodes.push({ node: name, old, fresh: live.find(isUpdated) });
      }
      if (maxSurge === 0) {
        let budget = maxUnavailable - unavailable;
        for (const { old } of oldOnNodes) {
          if (toDelete.includes(old)) continue;
          const oldAvailable = isPodAvailable(old, minReadySeconds, nowDate);
          // Replacing an unavailable old pod costs nothing; an available one uses the budget.
          if (!oldAvailable) toDelete.push(old);
          else if (budget > 0) {
            toDelete.push(old);
            budget--;
          }
        }
      } else {
        let surging = oldOnNodes.filter((o) => o.fresh).length;
        for (const { node, old, fresh } of oldOnNodes) {
          if (fresh) {
            if (isPodAvailable(fresh, minReadySeconds, nowDate)) toDelete.push(old);
          } else if (surging < maxSurge) {
            toCreate.push(node);
            surging++;
          }
        }
      }
    }

    for (const node of toCreate) await createPod(key, ds, node, hash);
    for (const pod of toDelete) await deletePod(key, ds, pod);

    // Status (from the cache as it was at the start of the pass, like upstream's single pass).
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of allNodes) {
      const name = node.metadata.name!;
      const live = (byNode.get(name) ?? []).filter((p) => !isPodTerminating(p));
      if (live.length === 0) continue;
      if (!eligibleNames.has(name)) {
        misscheduled++;
        continue;
      }
      current++;
      const pod = live.find(isUpdated) ?? live[0];
      if (isPodReady(pod)) ready++;
      if (isPodAvailable(pod, minReadySeconds, nowDate)) available++;
      if (live.some(isUpdated)) updated++;
    }
    const status = {
      ...((ds.status as Record<string, unknown> | undefined) ?? {}),
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: eligible.length,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: eligible.length - available,
    };
    if (status.numberAvailable === 0) delete (status as Record<string, unknown>).numberAvailable;
    if (status.numberUnavailable === 0) delete (status as Record<string, unknown>).numberUnavailable;
    if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
      await client.updateStatus(REFS.daemonsets, namespace, { ...ds, status });
    }
    if (minReadySeconds > 0 && available < ready) {
      requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, minReadySeconds * 1000);
    }
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  async function createPod(key: string, ds: KubeObject, node: string, hashLabel: string): Promise<void> {
    const spec = ds.spec as DaemonSetSpec;
    const template = deepCopy(spec.template ?? {});
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          [CONTROLLER_REVISION_HASH_LABEL]: hashLabel,
          'pod-template-generation': String(ds.metadata.generation ?? 1),
        },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [newControllerRef(ds)],
      },
      spec: pinToNode(template.spec ?? {}, node),
    };
    try {
      const created = await client.create(REFS.pods, ds.metadata.namespace, pod);
      expectations.expectCreation(key, created.metadata.name!);
      await recorder.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      await recorder.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  async function deletePod(key: string, ds: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await client.delete(REFS.pods, pod.metadata.namespace, pod.metadata.name!);
      expectations.expectDeletion(key, pod.metadata.name!);
      await recorder.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  return managedController(controller, [sets, pods, nodes, revisionsInformer]);
}
