/**
 * Scheduler is mini-k8s' kube-scheduler: it watches the cluster through informers, keeps a Snapshot of
 * nodes and assigned pods, queues the pending pods that name it (`spec.schedulerName`, default
 * `default-scheduler`), and for each pod runs the default profile, then either
 * - assumes the pod on the chosen node, runs PreBind (volumes) and POSTs `pods/<name>/binding`, emitting a
 *   `Scheduled` event (`Successfully assigned <ns>/<name> to <node>`); or
 * - records `FailedScheduling` (Warning) with the FitError message, sets the `PodScheduled=False`
 *   condition (reason `Unschedulable`) through the status subresource, runs preemption (nominating a
 *   node and deleting victims when lower-priority pods are in the way) and parks the pod until a cluster
 *   event or the periodic flush retries it.
 * The last decision per pod is kept in memory for `explain`.
 */
import type { KubeObject } from '../api/object';
import type { ApiClient, ResourceRef } from '../client/client';
import { Informer, objectKey } from '../client/informer';
import { isStatusError } from '../machinery/errors';
import { type Decision, DecisionLog, nodeVerdicts } from './decisions';
import { EventRecorder, rfc3339 } from '../client/event-recorder';
import { formatFitError } from './failure-message';
import type { FrameworkHandle, Listers } from './framework/interface';
import { newPodInfo, type PodInfo } from './framework/pod-info';
import { Framework, type FrameworkOptions, type ScheduleResult } from './framework/runtime';
import { Snapshot } from './framework/snapshot';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from './framework/types';
import { bindingFor, disruptionTargetPatch, preemptedMessage, unschedulableStatusPatch } from './pod-writes';
import { defaultProfile, type DefaultProfileOptions } from './plugins/registry';
import { type QueuedPodInfo, type QueueOptions, SchedulingQueue } from './queue';

const core = (resource: string, namespaced: boolean): ResourceRef => ({
  group: '',
  version: 'v1',
  resource,
  namespaced,
});
const PODS = core('pods', true);
const NODES = core('nodes', false);
const PVCS = core('persistentvolumeclaims', true);
const PVS = core('persistentvolumes', false);
const NAMESPACES = core('namespaces', false);
const SERVICES = core('services', true);
const RCS = core('replicationcontrollers', true);
const STORAGE_CLASSES: ResourceRef = {
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  namespaced: false,
};
const REPLICA_SETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
const STATEFUL_SETS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  namespaced: true,
};

export interface SchedulerOptions {
  client: ApiClient;
  schedulerName?: string;
  now?: () => Date;
  /** onDecision observes every decision (the site streams them). */
  onDecision?: (decision: Decision) => void;
  /** onError observes failed API writes (events, status updates); the scheduler keeps going. */
  onError?: (err: unknown) => void;
  queue?: QueueOptions;
  framework?: FrameworkOptions;
  profile?: DefaultProfileOptions;
  /** decisionCapacity bounds the explain memory (default 1000 pods). */
  decisionCapacity?: number;
}

export class Scheduler {
  readonly schedulerName: string;
  private readonly client: ApiClient;
  private readonly now: () => Date;
  private readonly onDecision?: (d: Decision) => void;
  private readonly onError: (err: unknown) => void;
  private readonly snapshot = new Snapshot();
  private readonly queue: SchedulingQueue;
  private readonly framework: Framework;
  private readonly recorder: EventRecorder;
  private readonly decisions: DecisionLog;
  /** nominated maps pending pods' keys to their nominated node and PodInfo (after preemption). */
  private readonly nominated = new Map<string, { node: string; info: PodInfo }>();
  /** assumed maps pod keys to the node they were assumed on, until the informer confirms the binding. */
  private readonly assumed = new Map<string, string>();
  private readonly bindings = new Set<Promise<void>>();
  private readonly informers: Informer[] = [];
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly pvcs: Informer<PersistentVolumeClaim>;
  private readonly pvs: Informer<PersistentVolume>;
  private readonly storageClasses: Informer<StorageClass>;
  private readonly namespaces: Informer;
  private readonly services: Informer;
  private readonly rcs: Informer;
  private readonly replicaSets: Informer;
  private readonly statefulSets: Informer;
  private running = false;
  private loop?: Promise<void>;

  constructor(options: SchedulerOptions) {
    this.client = options.client;
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.now = options.now ?? (() => new Date());
    this.onDecision = options.onDecision;
    this.onError = options.onError ?? (() => undefined);
    this.queue = new SchedulingQueue({ now: () => this.now().getTime(), ...options.queue });
    this.recorder = new EventRecorder(this.client, this.schedulerName, this.now, undefined, this.onError);
    this.decisions = new DecisionLog(options.decisionCapacity);
    const make = <T extends KubeObject>(ref: ResourceRef) => {
      const inf = new Informer<T>(this.client, ref, { onError: this.onError });
      this.informers.push(inf as unknown as Informer);
      return inf;
    };
    this.pods = make<Pod>(PODS);
    this.nodes = make<Node>(NODES);
    this.pvcs = make<PersistentVolumeClaim>(PVCS);
    this.pvs = make<PersistentVolume>(PVS);
    this.storageClasses = make<StorageClass>(STORAGE_CLASSES);
    this.namespaces = make(NAMESPACES);
    this.services = make(SERVICES);
    this.rcs = make(RCS);
    this.replicaSets = make(REPLICA_SETS);
    this.statefulSets = make(STATEFUL_SETS);
    const handle: FrameworkHandle = {
      listers: this.listers(),
      client: this.client,
      waitForPvcBound: (ns, name, timeoutMs) => this.waitForPvcBound(ns, name, timeoutMs),
    };
    this.framework = new Framework(defaultProfile(handle, options.profile), {
      ...options.framework,
      nominatedPods: (node) =>
        this.nominated.size === 0
          ? []
          : [...this.nominated.values()].filter((n) => n.node === node).map((n) => n.info),
    });
    this.wireHandlers();
  }

  /** start syncs the informers and begins scheduling; resolves once the caches are filled. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const inf of this.informers) inf.start();
    await Promise.all(this.informers.map((inf) => inf.waitForSync()));
    this.loop = this.run();
  }

  /** stop ends scheduling, waits for in-flight bindings and stops the informers. */
  async stop(): Promise<void> {
    this.running = false;
    this.queue.close();
    await this.loop;
    await Promise.allSettled([...this.bindings]);
    await Promise.all(this.informers.map((inf) => inf.stop()));
  }

  /** explain returns the last decision taken for a pod (kept in memory, bounded). */
  explain(namespace: string, name: string): Decision | undefined {
    return this.decisions.get(namespace, name);
  }

  /** pending reports the scheduling queue's content (for tests and the site). */
  pending(): ReturnType<SchedulingQueue['pending']> {
    return this.queue.pending();
  }

  /** idle resolves when no binding is in flight (tests). */
  async idle(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  private listers(): Listers {
    const inNs = (inf: Informer, ns: string) => inf.list((o) => o.metadata.namespace === ns);
    return {
      pvc: (ns, name) => this.pvcs.get(`${ns}/${name}`),
      pv: (name) => this.pvs.get(name),
      pvs: () => this.pvs.list(),
      storageClass: (name) => this.storageClasses.get(name),
      namespaceLabels: (ns) => this.namespaces.get(ns)?.metadata.labels,
      services: (ns) => inNs(this.services, ns),
      replicationControllers: (ns) => inNs(this.rcs, ns),
      replicaSets: (ns) => inNs(this.replicaSets, ns),
      statefulSets: (ns) => inNs(this.statefulSets, ns),
    };
  }

  private wireHandlers(): void {
    const move = () => this.queue.moveAllToActiveOrBackoff();
    this.pods.addHandler({
      onAdd: (pod) => this.onPod(pod),
      onUpdate: (old, pod) => this.onPod(pod, old),
      onDelete: (pod) => {
        const key = objectKey(pod);
        this.queue.delete(key);
        this.nominated.delete(key);
        if (this.snapshot.nodeOfPod(key) !== undefined) {
          this.snapshot.removePod(key);
          this.assumed.delete(key);
          move();
        }
      },
    });
    this.nodes.addHandler({
      onAdd: (node) => {
        this.snapshot.upsertNode(node);
        move();
      },
      onUpdate: (_old, node) => {
        this.snapshot.upsertNode(node);
        move();
      },
      onDelete: (node) => this.snapshot.removeNode(node.metadata.name!),
    });
    for (const inf of [this.pvcs, this.pvs, this.storageClasses] as Informer[]) {
      inf.addHandler({ onAdd: move, onUpdate: move });
    }
  }

  /** onPod routes a pod: assigned pods feed the snapshot, pending pods of this scheduler the queue. */
  private onPod(pod: Pod, old?: Pod): void {
    const key = objectKey(pod);
    const nodeName = pod.spec?.nodeName;
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (nodeName) {
      this.queue.delete(key);
      this.assumed.delete(key);
      this.nominated.delete(key);
      if (terminal) {
        // Finished pods free their resources, as the upstream informer's phase field selector makes them vanish.
        if (this.snapshot.nodeOfPod(key) !== undefined) {
          this.snapshot.removePod(key);
          this.queue.moveAllToActiveOrBackoff();
        }
        return;
      }
      const known = this.snapshot.podInfo(key);
      this.snapshot.addPod(newPodInfo(pod), nodeName);
      if (!known || known.pod.metadata.resourceVersion !== pod.metadata.resourceVersion)
        this.queue.moveAllToActiveOrBackoff();
      return;
    }
    if (this.assumed.has(key)) return;
    const nominatedNode = pod.status?.nominatedNodeName;
    if (nominatedNode) this.nominated.set(key, { node: nominatedNode, info: newPodInfo(pod) });
    else this.nominated.delete(key);
    if ((pod.spec?.schedulerName ?? 'default-scheduler') !== this.schedulerName) return;
    if (pod.metadata.deletionTimestamp || terminal || (pod.spec?.schedulingGates ?? []).length > 0) {
      this.queue.delete(key);
      return;
    }
    // Our own status writes (conditions, nominatedNodeName) must not retry the pod at once.
    this.queue.add(newPodInfo(pod), old === undefined || specOrLabelsChanged(old, pod));
  }

  private async run(): Promise<void> {
    while (this.running) {
      const q = await this.queue.pop();
      if (!q) return;
      try {
        this.scheduleOne(q);
      } catch (err) {
        this.onError(err);
        this.queue.requeueUnschedulable(q, true);
      }
    }
  }

  /** scheduleOne runs the synchronous scheduling cycle, then starts the asynchronous binding cycle. */
  private scheduleOne(q: QueuedPodInfo): void {
    const key = q.info.key;
    const current = this.pods.get(key);
    if (
      !current ||
      current.spec?.nodeName ||
      current.metadata.deletionTimestamp ||
      this.queue.isDeleted(key)
    ) {
      this.queue.done(key);
      return;
    }
    const info = current === q.info.pod ? q.info : newPodInfo(current);
    const result = this.framework.schedule(info, this.snapshot);
    if (result.error) {
      this.fail(q, info, result, result.error.message(), 'SchedulerError', true);
      return;
    }
    if (!result.node) {
      const post = this.framework.runPostFilter(result.state, info, result.statuses, this.snapshot);
      const message = formatFitError({
        numAllNodes: result.numAllNodes,
        statuses: result.statuses,
        preFilterMessage: result.preFilterStatus?.message(),
        postFilterMessage: post.status?.message(),
      });
      this.fail(q, info, result, message, 'Unschedulable', false, post.result);
      return;
    }
    const node = result.node;
    const reserveStatus = this.framework.reserve(result.state, info, node);
    if (reserveStatus) {
      this.fail(q, info, result, reserveStatus.message(), 'SchedulerError', true);
      return;
    }
    // Assume: account the pod on the node now so the next cycle sees it, before the API confirms.
    this.nominated.delete(key);
    this.snapshot.addPod(info, node);
    this.assumed.set(key, node);
    const message = `Successfully assigned ${info.namespace}/${info.name} to ${node}`;
    this.record({ info, result, outcome: 'Scheduled', node, message });
    this.track(this.bind(q, info, result, node, message));
  }

  private async bind(
    q: QueuedPodInfo,
    info: PodInfo,
    result: ScheduleResult,
    node: string,
    message: string,
  ): Promise<void> {
    const key = info.key;
    let failure: string | undefined;
    try {
      const preBind = await this.framework.preBind(result.state, info, node);
      if (preBind) failure = preBind.message();
      else {
        await this.client.createSubresource(
          PODS,
          info.namespace,
          info.name,
          'binding',
          bindingFor(info, node),
        );
      }
    } catch (err) {
      failure = `binding rejected: ${(err as Error).message}`;
    }
    if (failure === undefined) {
      this.queue.done(key);
      await this.safe(this.recorder.record(info.pod, 'Normal', 'Scheduled', message));
      return;
    }
    this.framework.unreserve(result.state, info, node);
    if (this.assumed.get(key) === node) {
      this.assumed.delete(key);
      this.snapshot.removePod(key);
    }
    this.fail(q, info, result, failure, 'SchedulerError', true);
  }

  /** fail records an unsuccessful attempt: decision, event, pod condition, preemption, requeue. */
  private fail(
    q: QueuedPodInfo,
    info: PodInfo,
    result: ScheduleResult,
    message: string,
    reason: 'Unschedulable' | 'SchedulerError',
    error: boolean,
    nomination?: { nominatedNodeName: string; victims: PodInfo[] },
  ): void {
    this.record({
      info,
      result,
      outcome: error ? 'Error' : 'Unschedulable',
      node: nomination?.nominatedNodeName,
      message,
      nomination,
    });
    this.queue.requeueUnschedulable(q, error);
    this.track(
      (async () => {
        if (nomination) await this.preempt(info, nomination.nominatedNodeName, nomination.victims);
        await this.safe(this.recorder.record(info.pod, 'Warning', 'FailedScheduling', message));
        await this.safe(this.updateCondition(info.pod, reason, message, nomination?.nominatedNodeName));
      })(),
    );
  }

  /** preempt marks each victim DisruptionTarget, deletes it and reports it with a `Preempted` event. */
  private async preempt(preemptor: PodInfo, node: string, victims: PodInfo[]): Promise<void> {
    for (const v of victims) {
      const patch = disruptionTargetPatch(this.schedulerName, this.now());
      await this.safe(
        this.client.patch(PODS, v.namespace, v.name, 'strategic', patch, { subresource: 'status' }),
      );
      await this.safe(this.client.delete(PODS, v.namespace, v.name));
      await this.safe(this.recorder.record(v.pod, 'Normal', 'Preempted', preemptedMessage(preemptor, node)));
    }
  }

  /** updateCondition writes PodScheduled=False (and nominatedNodeName) unless already identical. */
  private async updateCondition(
    pod: Pod,
    reason: string,
    message: string,
    nominated?: string,
  ): Promise<void> {
    const latest = this.pods.get(objectKey(pod)) ?? pod;
    const patch = unschedulableStatusPatch(latest, reason, message, nominated, this.now());
    if (!patch) return;
    try {
      await this.client.patch(PODS, latest.metadata.namespace, latest.metadata.name!, 'strategic', patch, {
        subresource: 'status',
      });
    } catch (err) {
      // A pod deleted meanwhile needs no condition.
      if (!(isStatusError(err) && err.code === 404)) throw err;
    }
  }

  private record(args: {
    info: PodInfo;
    result: ScheduleResult;
    outcome: Decision['outcome'];
    node?: string;
    message: string;
    nomination?: { nominatedNodeName: string; victims: PodInfo[] };
  }): void {
    const { info, result } = args;
    const decision: Decision = {
      namespace: info.namespace,
      name: info.name,
      uid: info.uid,
      time: rfc3339(this.now()),
      outcome: args.outcome,
      node: args.node,
      message: args.message,
      nodes: result.preFilterStatus ? [] : nodeVerdicts(result),
    };
    if (result.preFilterStatus) {
      decision.preFilter = {
        plugin: result.preFilterStatus.plugin,
        reasons: [...result.preFilterStatus.reasons],
      };
    }
    if (args.nomination) {
      decision.preemption = {
        nominatedNode: args.nomination.nominatedNodeName,
        victims: args.nomination.victims.map((v) => v.key),
      };
    }
    this.decisions.add(decision);
    this.onDecision?.(decision);
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err) => this.onError(err)).finally(() => this.bindings.delete(tracked));
    this.bindings.add(tracked);
  }

  private async safe(p: Promise<unknown>): Promise<void> {
    try {
      await p;
    } catch (err) {
      this.onError(err);
    }
  }

  /** waitForPvcBound polls the PVC cache until the claim is Bound. */
  private async waitForPvcBound(namespace: string, name: string, timeoutMs: number): Promise<void> {
    const deadline = this.now().getTime() + timeoutMs;
    for (;;) {
      const pvc = this.pvcs.get(`${namespace}/${name}`);
      if (pvc?.status?.phase === 'Bound') return;
      if (!this.running) throw new Error('scheduler stopped');
      if (this.now().getTime() >= deadline)
        throw new Error(`timed out waiting for PersistentVolumeClaim ${namespace}/${name} to be bound`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** specOrLabelsChanged is isPodUpdated upstream: true unless only status and bookkeeping metadata changed. */
function specOrLabelsChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...meta } = p.metadata;
    return JSON.stringify([meta, p.spec]);
  };
  return strip(a) !== strip(b);
}
