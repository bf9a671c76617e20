/**
 * startKubelet runs one node's kubelet against the API server: it registers (or adopts) its Node, renews
 * its Lease, posts node status, watches the pods bound to it (fieldSelector spec.nodeName) and drives them
 * through the ContainerRuntime with PodWorkers + PodSyncer, runs their probes, refreshes ConfigMap/Secret
 * volumes when those objects change, reports stats for metrics and serves logs/exec/attach/port-forward
 * through `api`. The runtime belongs to the caller (stop() does not close it).
 */
import type { KubeObject } from '../api/object';
import type { ApiClient, ResourceRef } from '../client/client';
import { EventRecorder } from '../client/event-recorder';
import { Informer } from '../client/informer';
import { isNotFound, isAlreadyExists } from '../machinery/errors';
import { jitterEvery } from '../machinery/wait';
import { KubeletServer } from './api';
import { PodIpAllocator } from './ipam';
import { renewLease } from './lease';
import {
  DEFAULT_CAPACITY,
  nodeLabels,
  nodeObject,
  nodeStatus,
  statusFingerprint,
  type NodeIdentity,
} from './node-status';
import { CONFIGMAPS, ClientObjectSource, SECRETS } from './object-source';
import { EventQueue } from './event-queue';
import { PodWorkers } from './pod-workers';
import { ProbeManager } from './prober/probe-manager';
import type { ContainerRuntime } from './runtime/runtime';
import { StatusManager, PODS } from './status-manager';
import { PodSyncer } from './sync-pod';
import { defaultTiming, type KubeletTiming } from './timing';
import type { Pod } from './types';
import { collectStats, type KubeletStats } from './stats';

const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

export interface KubeletOptions {
  client: ApiClient;
  nodeName: string;
  runtime: ContainerRuntime;
  now?: () => Date;
  /** speed scales back-offs, probe periods and grace periods (1 = realistic, 0 = tests). */
  speed?: number;
  /** nodeIndex orders nodes (0 = control plane); it seeds machine ids. */
  nodeIndex: number;
  podCidr: string;
  nodeIp: string;
  /** clusterDns is the cluster DNS Service IP (--cluster-dns); absent, pods keep the runtime's resolver. */
  clusterDns?: string;
  onError?: (err: unknown) => void;
  timing?: Partial<KubeletTiming>;
  /** labels/taints are used when the kubelet creates its Node (--node-labels, --register-with-taints). */
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  capacity?: Record<string, string>;
}

export interface Kubelet {
  readonly nodeName: string;
  /** api serves logs/exec/attach/port-forward for the API server's streaming subresources. */
  readonly api: KubeletServer;
  /** stats reports node and pod usage for metrics.k8s.io. */
  stats(): Promise<KubeletStats>;
  /** idle resolves once no pod sync is running (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function referencedNames(pod: Pod, kind: 'configMap' | 'secret'): Set<string> {
  const names = new Set<string>();
  for (const v of pod.spec.volumes ?? []) {
    if (kind === 'configMap' && v.configMap) names.add(v.configMap.name);
    if (kind === 'secret' && v.secret) names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (kind === 'configMap' && s.configMap) names.add(s.configMap.name);
      if (kind === 'secret' && s.secret) names.add(s.secret.name);
    }
  }
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      if (kind === 'configMap' && e.valueFrom?.configMapKeyRef) names.add(e.valueFrom.configMapKeyRef.name);
      if (kind === 'secret' && e.valueFrom?.secretKeyRef) names.add(e.valueFrom.secretKeyRef.name);
    }
    for (const f of c.envFrom ?? []) {
      if (kind === 'configMap' && f.configMapRef) names.add(f.configMapRef.name);
      if (kind === 'secret' && f.secretRef) names.add(f.secretRef.name);
    }
  }
  return names;
}

/** startKubelet registers the node and starts every loop; see the file comment. */
export async function startKubelet(options: KubeletOptions): Promise<Kubelet> {
  const { client, nodeName, runtime } = options;
  const now = options.now ?? (() => new Date());
  const speed = options.speed ?? 1;
  const onError = options.onError ?? (() => undefined);
  const timing = defaultTiming(speed, options.timing);
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const identity: NodeIdentity = {
    nodeName,
    nodeIp: options.nodeIp,
    podCidr: options.podCidr,
    capacity,
    allocatable: capacity,
    labels: nodeLabels(nodeName, options.labels),
    taints: options.taints ?? [],
    runtimeName: runtime.runtimeName,
    runtimeVersion: runtime.runtimeVersion,
    machineId: hex(0x6d696e69 + options.nodeIndex),
    bootId: hex(0xb0070000 + options.nodeIndex),
  };

  // Registration: create the Node, or adopt the one that exists (cmd/nodes.ts pre-registers nodes).
  let node: KubeObject;
  try {
    node = await client.get(NODES, undefined, nodeName);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      node = await client.create(NODES, undefined, nodeObject(identity));
    } catch (createErr) {
      if (!isAlreadyExists(createErr)) throw createErr;
      node = await client.get(NODES, undefined, nodeName);
    }
  }
  // As upstream's kubelet: the status is computed every nodeStatusMs but PATCHed only when it changed or
  // nodeStatusReportMs passed since the last report; the Lease is the heartbeat. (Why: a heartbeat-only
  // write every 10 s per node was most of a classroom's writes, 600 nodes giving 60 fsyncs a second.)
  let reported = { fingerprint: '', at: 0 };
  const postStatus = async () => {
    const previous = (node.status as { conditions?: never } | undefined)?.conditions;
    const at = now();
    const status = nodeStatus(identity, await runtime.listImages(), previous, at);
    const fingerprint = statusFingerprint(status);
    if (fingerprint === reported.fingerprint && at.getTime() - reported.at < timing.nodeStatusReportMs)
      return;
    node = await client.patch(NODES, undefined, nodeName, 'merge', { status }, { subresource: 'status' });
    reported = { fingerprint, at: at.getTime() };
  };
  await postStatus();
  await renewLease(client, node, now());

  const recorder = new EventRecorder(client, 'kubelet', now, nodeName, onError);
  const events = new EventQueue();
  const event = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) =>
    events.push(() => recorder.record(pod, type, reason, message));
  const pods = new Map<string, Pod>();
  const podInformer = new Informer<Pod>(client, PODS, {
    fieldSelector: `spec.nodeName=${nodeName}`,
    onError,
  });
  const configMaps = new Informer(client, CONFIGMAPS, { onError });
  const secrets = new Informer(client, SECRETS, { onError });
  const objects = new ClientObjectSource(client, { configMaps, secrets }, now);
  const status = new StatusManager(client, onError);

  // Why: the probe manager's callbacks need the workers and syncer, which need the probe manager.
  const late: { workers?: PodWorkers; syncer?: PodSyncer } = {};
  const probes = new ProbeManager({
    runtime,
    timing,
    event,
    onChange: (uid) => late.workers?.update(uid),
    onKill: (pod, name, id, type) => {
      void late.syncer?.killForProbe(pod, name, id, type).catch(onError);
    },
  });
  const podSyncer = new PodSyncer({
    client,
    runtime,
    objects,
    status,
    probes,
    timing,
    ipam: new PodIpAllocator(options.podCidr),
    now,
    nodeName,
    nodeIp: options.nodeIp,
    clusterDns: options.clusterDns,
    allocatable: identity.allocatable,
    graceScale: speed,
    event,
  });
  late.syncer = podSyncer;
  const podWorkers = new PodWorkers(
    async (uid) => {
      const pod = pods.get(uid);
      if (!pod) {
        await podSyncer.cleanup(uid);
        return undefined;
      }
      const others = [...pods.values()].filter((p) => {
        if (p.metadata.uid === uid) return false;
        const state = podSyncer.states.get(p.metadata.uid ?? '');
        return !!state?.startTime && !state.rejected && !state.terminating;
      });
      return podSyncer.sync(pod, others);
    },
    (_uid, err) => onError(err),
    timing.retryMs,
  );
  late.workers = podWorkers;

  podInformer.addHandler({
    onAdd: (pod) => {
      pods.set(pod.metadata.uid ?? '', pod);
      podWorkers.update(pod.metadata.uid ?? '');
    },
    onUpdate: (_old, pod) => {
      pods.set(pod.metadata.uid ?? '', pod);
      podWorkers.update(pod.metadata.uid ?? '');
    },
    onDelete: (pod) => {
      pods.delete(pod.metadata.uid ?? '');
      objects.tokens.forgetPod(pod.metadata.uid ?? '');
      podWorkers.update(pod.metadata.uid ?? '');
    },
  });
  const onConfigChange = (kind: 'configMap' | 'secret') => (obj: KubeObject) => {
    for (const pod of pods.values()) {
      if (
        pod.metadata.namespace === obj.metadata.namespace &&
        referencedNames(pod, kind).has(obj.metadata.name!)
      ) {
        podWorkers.update(pod.metadata.uid ?? '');
      }
    }
  };
  configMaps.addHandler({
    onAdd: onConfigChange('configMap'),
    onUpdate: (_o, n) => onConfigChange('configMap')(n),
  });
  secrets.addHandler({ onAdd: onConfigChange('secret'), onUpdate: (_o, n) => onConfigChange('secret')(n) });
  const unsubscribe = runtime.onContainerEvent((e) => {
    const uid = podSyncer.findBySandbox(e.podSandboxId);
    if (uid) podWorkers.update(uid);
  });
  // A wholePod runtime probes, kills and pulls for the pod itself: its events are the pod's.
  const unsubscribePodEvents = runtime.onPodEvent?.((e) => {
    const uid = podSyncer.findBySandbox(e.podSandboxId);
    const pod = uid ? pods.get(uid) : undefined;
    if (pod) event(pod, e.type, e.reason, e.message);
  });
  configMaps.start();
  secrets.start();
  await Promise.all([configMaps.waitForSync(), secrets.waitForSync()]);
  podInformer.start();
  await podInformer.waitForSync();

  // Jittered: the kubelets of many clusters started together must not renew their leases in unison.
  const loops = [
    jitterEvery(() => void renewLease(client, node, now()).catch(onError), timing.leaseRenewMs),
    jitterEvery(() => void postStatus().catch(onError), timing.nodeStatusMs),
    jitterEvery(() => {
      for (const uid of pods.keys()) podWorkers.update(uid);
    }, timing.resyncMs),
  ];

  const api = new KubeletServer(nodeName, runtime, (namespace, name) => {
    const pod = [...pods.values()].find(
      (p) => p.metadata.namespace === namespace && p.metadata.name === name,
    );
    const state = pod ? podSyncer.states.get(pod.metadata.uid ?? '') : undefined;
    // The first regular container is the default; init and ephemeral containers can be named too.
    const names = [
      ...(pod?.spec.containers ?? []),
      ...(pod?.spec.initContainers ?? []),
      ...(pod?.spec.ephemeralContainers ?? []),
    ].map((c) => c.name);
    return pod && state ? { state, containers: names } : undefined;
  });

  return {
    nodeName,
    api,
    stats: () => collectStats(runtime, podSyncer.states, pods, now()),
    async idle() {
      await podWorkers.idle();
      await events.drain();
    },
    async stop() {
      for (const loop of loops) loop.stop();
      unsubscribe();
      unsubscribePodEvents?.();
      await Promise.all([podInformer.stop(), configMaps.stop(), secrets.stop()]);
      await podWorkers.stop();
      probes.stop();
      await events.drain();
    },
  };
}
