/**
 * Describers render one object as `kubectl describe` does, per kind (kubectl's describerMap). Each gets
 * the object and a DescribeContext to read related objects (events, quotas, replica sets, pods).
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient, ResourceRef } from '../../client/client';
import type { EventObject } from './describe-writer';
import { describeDaemonSet, describeStatefulSet } from './describe-apps';
import { describeCronJob, describeJob } from './describe-batch';
import { describeConfigMap, describeSecret, describeServiceAccount } from './describe-config';
import { describeLimitRange, describeNamespace, describeResourceQuota } from './describe-namespace';
import {
  describeEndpointSlice,
  describeEndpoints,
  describeIngress,
  describeIngressClass,
  describeNetworkPolicy,
} from './describe-network';
import { describeCSR } from './describe-csr';
import { describeNode } from './describe-node';
import { describePod } from './describe-pod';
import { describeHPA, describePDB, describePriorityClass } from './describe-policy';
import { describeBinding, describeRole } from './describe-rbac';
import { describeService } from './describe-service';
import {
  describePersistentVolume,
  describePersistentVolumeClaim,
  describeStorageClass,
} from './describe-storage';
import { describeDeployment, describeReplicaSet } from './describe-workloads';

/** DescribeContext gives describers the client, the clock and the event lookup. */
export interface DescribeContext {
  client: ApiClient;
  now: Date;
  /** Whether to list events (`--show-events`, default true). */
  showEvents: boolean;
}

/** Describer renders one object (the text ends with a newline). */
export type Describer = (obj: KubeObject, ctx: DescribeContext) => Promise<string>;

const core = (resource: string, namespaced = true): ResourceRef => ({
  group: '',
  version: 'v1',
  resource,
  namespaced,
});

/** eventsFor lists the events whose involvedObject is `obj` (by uid, name and kind), like searchEvents. */
export async function eventsFor(
  ctx: DescribeContext,
  obj: KubeObject,
  matchKind = true,
): Promise<EventObject[] | undefined> {
  if (!ctx.showEvents) return undefined;
  const ns = obj.metadata.namespace;
  const list = await ctx.client.list<EventObject>(core('events'), ns);
  return list.items.filter((e) => {
    const io = e.involvedObject ?? {};
    if (io.name !== obj.metadata.name) return false;
    if (ns && io.namespace !== ns) return false;
    if (obj.metadata.uid && io.uid !== obj.metadata.uid) return false;
    return !matchKind || io.kind === obj.kind;
  });
}

/** DESCRIBERS maps `group/Kind` to its describer. */
export const DESCRIBERS: Record<string, Describer> = {
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/ServiceAccount': describeServiceAccount,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  '/Secret': describeSecret,
  '/Node': describeNode,
  '/Pod': describePod,
  '/Service': describeService,
  '/Endpoints': describeEndpoints,
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'autoscaling/HorizontalPodAutoscaler': describeHPA,
  'policy/PodDisruptionBudget': describePDB,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'certificates.k8s.io/CertificateSigningRequest': describeCSR,
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeRole,
  'rbac.authorization.k8s.io/RoleBinding': describeBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeBinding,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/DaemonSet': describeDaemonSet,
  'apps/StatefulSet': describeStatefulSet,
};

/** rfc1123z formats a timestamp as Go's time.RFC1123Z in UTC (`Mon, 02 Jan 2006 15:04:05 +0000`). */
export function rfc1123z(ts: string | undefined | null): string {
  const d = new Date(ts ?? 0);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** compare is Go's byte-order string comparison. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
