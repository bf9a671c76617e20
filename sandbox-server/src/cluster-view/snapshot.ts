/**
 * buildSnapshot reads a sandbox's cluster through its API client into the cluster map's shape: nodes,
 * pods (with the scheduler's recorded decision in French), workloads, services and volumes.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findResource, type ResourceInfo } from '../../../mini-k8s/src/api/resources';
import type { Decision } from '../../../mini-k8s/src/scheduler/decisions';
import type { SandboxCluster } from '../sandboxes/cluster';

export interface SnapshotNode {
  name: string;
  ready: boolean;
  roles: string[];
  unschedulable: boolean;
  taints: string[];
  cpu: string;
  memory: string;
}
export interface SnapshotPod {
  namespace: string;
  name: string;
  node: string | null;
  phase: string;
  ready: boolean;
  reason: string | null;
  owner: { kind: string; name: string } | null;
  labels: Record<string, string>;
  scheduling: string | null;
}
export interface SnapshotWorkload {
  namespace: string;
  kind: string;
  name: string;
  replicas: number;
  readyReplicas: number;
}
export interface SnapshotService {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  selector: Record<string, string>;
  readyEndpoints: number;
}
export interface SnapshotVolume {
  namespace: string | null;
  name: string;
  kind: 'PersistentVolumeClaim' | 'PersistentVolume';
  phase: string;
  boundTo: string | null;
}
export interface ClusterSnapshot {
  nodes: SnapshotNode[];
  pods: SnapshotPod[];
  workloads: SnapshotWorkload[];
  services: SnapshotService[];
  volumes: SnapshotVolume[];
}

const resource = (group: string, version: string, name: string): ResourceInfo => {
  const info = findResource(group, version, name);
  if (!info) throw new Error(`resource ${group}/${version}/${name} not served`);
  return info;
};
const NODES = resource('', 'v1', 'nodes');
const PODS = resource('', 'v1', 'pods');
const SERVICES = resource('', 'v1', 'services');
const ENDPOINTS = resource('', 'v1', 'endpoints');
const PVCS = resource('', 'v1', 'persistentvolumeclaims');
const PVS = resource('', 'v1', 'persistentvolumes');
const WORKLOADS = [
  resource('apps', 'v1', 'deployments'),
  resource('apps', 'v1', 'statefulsets'),
  resource('apps', 'v1', 'daemonsets'),
  resource('apps', 'v1', 'replicasets'),
  resource('batch', 'v1', 'jobs'),
];

// Loose views of the fields read: objects come from the API as JSON.
type Obj = KubeObject & { spec?: Record<string, any>; status?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; reason?: string; message?: string };

export async function buildSnapshot(cluster: SandboxCluster): Promise<ClusterSnapshot> {
  const list = async (info: ResourceInfo) => (await cluster.client.list<Obj>(info, undefined)).items;
  const [nodes, pods, services, endpoints, pvcs, pvs, ...workloads] = await Promise.all([
    list(NODES),
    list(PODS),
    list(SERVICES),
    list(ENDPOINTS),
    list(PVCS),
    list(PVS),
    ...WORKLOADS.map(list),
  ]);
  const readyAddresses = new Map<string, number>();
  for (const e of endpoints) {
    const subsets = ((e as { subsets?: { addresses?: unknown[] }[] }).subsets ?? []) as {
      addresses?: unknown[];
    }[];
    readyAddresses.set(
      `${e.metadata.namespace}/${e.metadata.name}`,
      subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0),
    );
  }
  return {
    nodes: nodes.map(nodeView).sort(byName),
    pods: pods
      .map((p) => podView(p, cluster.schedulingDecision?.(p.metadata.namespace ?? '', p.metadata.name ?? '')))
      .sort(byNamespaceName),
    workloads: workloads
      .flat()
      // A ReplicaSet of a Deployment is shown through its Deployment.
      .filter((w) => !(w.kind === 'ReplicaSet' && controllerOf(w)?.kind === 'Deployment'))
      .map(workloadView)
      .sort(byNamespaceName),
    services: services
      .map((s) => ({
        namespace: s.metadata.namespace ?? '',
        name: s.metadata.name ?? '',
        type: s.spec?.type ?? 'ClusterIP',
        clusterIP: s.spec?.clusterIP ?? '',
        selector: s.spec?.selector ?? {},
        readyEndpoints: readyAddresses.get(`${s.metadata.namespace}/${s.metadata.name}`) ?? 0,
      }))
      .sort(byNamespaceName),
    volumes: [
      ...pvcs.map((c): SnapshotVolume => ({
        namespace: c.metadata.namespace ?? null,
        name: c.metadata.name ?? '',
        kind: 'PersistentVolumeClaim',
        phase: c.status?.phase ?? 'Pending',
        boundTo: c.spec?.volumeName || null,
      })),
      ...pvs.map((v): SnapshotVolume => ({
        namespace: null,
        name: v.metadata.name ?? '',
        kind: 'PersistentVolume',
        phase: v.status?.phase ?? 'Pending',
        boundTo: v.spec?.claimRef ? `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}` : null,
      })),
    ],
  };
}

function nodeView(n: Obj): SnapshotNode {
  const conditions = (n.status?.conditions ?? []) as Condition[];
  const resources = n.status?.allocatable ?? n.status?.capacity ?? {};
  return {
    name: n.metadata.name ?? '',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    roles: Object.keys(n.metadata.labels ?? {})
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length))
      .sort(),
    unschedulable: n.spec?.unschedulable === true,
    taints: ((n.spec?.taints ?? []) as { key: string; value?: string; effect: string }[]).map(
      (t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`,
    ),
    cpu: String(resources.cpu ?? ''),
    memory: String(resources.memory ?? ''),
  };
}

function podView(p: Obj, decision: Decision | undefined): SnapshotPod {
  const conditions = (p.status?.conditions ?? []) as Condition[];
  const owner = controllerOf(p);
  return {
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name ?? '',
    node: p.spec?.nodeName || null,
    phase: p.status?.phase ?? 'Pending',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    reason: podReason(p, conditions),
    owner: owner ? { kind: owner.kind, name: owner.name } : null,
    labels: (p.metadata.labels ?? {}) as Record<string, string>,
    scheduling: decision && decision.uid === p.metadata.uid ? explainDecision(decision) : null,
  };
}

/** podReason is what `kubectl get pods` shows in STATUS when it is not the phase. */
function podReason(p: Obj, conditions: Condition[]): string | null {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  if (p.status?.reason) return String(p.status.reason);
  const containers = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])] as {
    state?: { waiting?: { reason?: string }; terminated?: { reason?: string; exitCode?: number } };
  }[];
  for (const c of containers) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated?.reason && c.state.terminated.exitCode !== 0) return c.state.terminated.reason;
  }
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason) return scheduled.reason;
  return null;
}

function workloadView(w: Obj): SnapshotWorkload {
  const daemon = w.kind === 'DaemonSet';
  const job = w.kind === 'Job';
  return {
    namespace: w.metadata.namespace ?? '',
    kind: w.kind,
    name: w.metadata.name ?? '',
    replicas: Number(
      daemon
        ? (w.status?.desiredNumberScheduled ?? 0)
        : job
          ? (w.spec?.parallelism ?? 1)
          : (w.spec?.replicas ?? 1),
    ),
    readyReplicas: Number(
      daemon ? (w.status?.numberReady ?? 0) : job ? (w.status?.ready ?? 0) : (w.status?.readyReplicas ?? 0),
    ),
  };
}

function controllerOf(o: KubeObject): { kind: string; name: string } | undefined {
  const refs = (o.metadata.ownerReferences ?? []) as { kind: string; name: string; controller?: boolean }[];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/**
 * explainDecision says in French where the scheduler put the pod and why (the nodes set aside and the
 * plugin that set each aside, the winning score), or why it could not place it.
 */
export function explainDecision(d: Decision): string {
  const rejected = d.nodes.filter((n) => n.filteredBy);
  const feasible = d.nodes.filter((n) => !n.filteredBy);
  const asides = rejected.map(
    (n) => `${n.node} écarté par ${n.filteredBy} (${(n.reasons ?? []).join(', ')})`,
  );
  if (d.outcome === 'Scheduled') {
    const chosen = feasible.find((n) => n.node === d.node);
    const among =
      feasible.length > 1 && chosen?.total !== undefined
        ? `meilleur score (${chosen.total}) parmi ${feasible.length} nœuds possibles`
        : feasible.length === 1
          ? 'seul nœud possible'
          : `${feasible.length} nœuds possibles`;
    return `Placé sur ${d.node} : ${among}${asides.length > 0 ? ` ; ${asides.join(' ; ')}` : ''}.`;
  }
  const nominated = d.preemption
    ? ` Préemption : ${d.preemption.nominatedNode} libéré en évinçant ${d.preemption.victims.join(', ')}.`
    : '';
  return `Non placé (${d.outcome === 'Error' ? 'erreur' : 'aucun nœud ne convient'}) : ${d.message}${nominated}`;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byNamespaceName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  a.namespace === b.namespace ? byName(a, b) : a.namespace < b.namespace ? -1 : 1;
