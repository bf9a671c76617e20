/**
 * applyDefaults is the API server's defaulting step (the scheme's generated defaulters calling the
 * SetDefaults_* functions of every API group), applied to a decoded object before validation.
 */
import type { KubeObject } from '../object';
import {
  defaultEndpoints,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultResourceQuota,
  defaultSecret,
  defaultService,
} from './core';
import {
  defaultEndpointSlice,
  defaultHpaV1,
  defaultHpaV2,
  defaultNetworkPolicy,
  defaultPriorityClass,
  defaultRoleBinding,
  defaultStorageClass,
} from './others';
import { defaultPod, type PodAdmissionOptions } from './pod';
import type { JsonObject } from './util';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultPodTemplate,
  defaultReplicaSet,
  defaultReplicationController,
  defaultStatefulSet,
} from './workloads';

export { computeQosClass, imagePullPolicyFor, type PodAdmissionOptions } from './pod';
export { generateJobSelector } from './workloads';

/** DefaultsOptions tunes defaulting steps that Kubernetes performs in admission rather than defaulting. */
export interface DefaultsOptions {
  /**
   * podAdmission: what the ServiceAccount and Priority admission plugins add to a Pod on create
   * (serviceAccountName `default`, priority 0, preemptionPolicy). Both default to enabled; pass
   * `{ serviceAccount: false, priority: false }` to get pure defaulting (e.g. for updates).
   */
  podAdmission?: PodAdmissionOptions;
}

type Defaulter = (obj: JsonObject, options: DefaultsOptions) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/v1/Pod': (obj, options) => defaultPod(obj, options.podAdmission),
  '/v1/PodTemplate': defaultPodTemplate,
  '/v1/ReplicationController': defaultReplicationController,
  '/v1/Service': defaultService,
  '/v1/Namespace': defaultNamespace,
  '/v1/Node': defaultNode,
  '/v1/PersistentVolume': defaultPersistentVolume,
  '/v1/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/v1/Secret': defaultSecret,
  '/v1/Endpoints': defaultEndpoints,
  '/v1/LimitRange': defaultLimitRange,
  '/v1/ResourceQuota': defaultResourceQuota,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHpaV2,
  'autoscaling/v1/HorizontalPodAutoscaler': defaultHpaV1,
  'networking.k8s.io/v1/NetworkPolicy': defaultNetworkPolicy,
  'storage.k8s.io/v1/StorageClass': defaultStorageClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': defaultRoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': defaultRoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': defaultPriorityClass,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
};

/** hasDefaults tells whether a kind has kind-specific defaults (others are returned as plain copies). */
export function hasDefaults(group: string, version: string, kind: string): boolean {
  return `${group}/${version}/${kind}` in DEFAULTERS;
}

/**
 * applyDefaults returns a defaulted deep copy of `obj` (the input is not modified). Kinds without
 * defaults (ConfigMap, ServiceAccount, Role, Ingress, Event, ...) come back as an unchanged copy.
 */
export function applyDefaults(
  group: string,
  version: string,
  kind: string,
  obj: KubeObject,
  options: DefaultsOptions = {},
): KubeObject {
  const copy = structuredClone(obj);
  DEFAULTERS[`${group}/${version}/${kind}`]?.(copy as JsonObject, options);
  return copy;
}
