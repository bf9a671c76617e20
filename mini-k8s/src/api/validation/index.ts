/**
 * validateObject is the API server's validation step (the registry strategies' Validate and
 * ValidateUpdate), returning field errors with Kubernetes' exact paths and details so that
 * `errors.invalid(group, kind, name, errs)` renders the same 422 message as a real cluster.
 * Objects must be defaulted first (applyDefaults), as in Kubernetes.
 */
import type { FieldError } from '../../machinery/errors';
import { nameIsDnsLabel, nameIsDnsSubdomain, nameIsPathSegment } from '../../machinery/names';
import type { KubeObject } from '../object';
import { findKind } from '../resources';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import {
  validateHpa,
  validateIngress,
  validateNetworkPolicy,
  validatePodDisruptionBudget,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
} from './others';
import { validatePod, validatePodCreate, validatePodTemplateSpec } from './pod';
import { validatePodUpdate } from './pod-update';
import { validateService, validateServiceUpdate } from './service';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validateSecret,
  validateSecretUpdate,
} from './storage-config';
import { validateCronJob, validateJob, validateJobUpdate } from './batch';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateReplicationController,
  validateSelectorImmutable,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads';

export { nodePortAllocatedError, nodePortRangeError } from './service';
export { POD_UPDATE_FORBIDDEN } from './pod-update';

type CreateValidator = (obj: KubeObject) => FieldError[];
type UpdateValidator = (next: KubeObject, old: KubeObject) => FieldError[];

const RBAC = 'rbac.authorization.k8s.io';

/** CREATE maps `group/kind` to its create validation (every served version shares it). */
const CREATE: Record<string, CreateValidator> = {
  '/Pod': validatePodCreate,
  '/PodTemplate': (o) => [
    ...validateObjectMeta(o.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
    ...validatePodTemplateSpec(o.template, 'template'),
  ],
  '/Service': validateService,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  '/PersistentVolumeClaim': validatePersistentVolumeClaim,
  '/PersistentVolume': validatePersistentVolume,
  '/ReplicationController': validateReplicationController,
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/DaemonSet': validateDaemonSet,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHpa,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'policy/PodDisruptionBudget': validatePodDisruptionBudget,
  [`${RBAC}/Role`]: (o) => validateRole(o, true),
  [`${RBAC}/ClusterRole`]: (o) => validateRole(o, false),
  [`${RBAC}/RoleBinding`]: (o) => validateRoleBinding(o, true),
  [`${RBAC}/ClusterRoleBinding`]: (o) => validateRoleBinding(o, false),
};

/** UPDATE maps `group/kind` to the extra rules an update must satisfy (immutability). */
const UPDATE: Record<string, UpdateValidator> = {
  '/Pod': validatePodUpdate,
  '/Service': validateServiceUpdate,
  '/ConfigMap': validateConfigMapUpdate,
  '/Secret': validateSecretUpdate,
  '/PersistentVolumeClaim': validatePersistentVolumeClaimUpdate,
  'apps/Deployment': validateSelectorImmutable,
  'apps/ReplicaSet': validateSelectorImmutable,
  'apps/DaemonSet': validateSelectorImmutable,
  'apps/StatefulSet': (n, o) => [...validateSelectorImmutable(n, o), ...validateStatefulSetUpdate(n, o)],
  'batch/Job': validateJobUpdate,
  [`${RBAC}/RoleBinding`]: validateRoleBindingUpdate,
  [`${RBAC}/ClusterRoleBinding`]: validateRoleBindingUpdate,
};

/** validateGeneric validates the metadata of kinds without specific rules, using the catalogue's scope. */
function validateGeneric(group: string, version: string, kind: string, obj: KubeObject): FieldError[] {
  const info = findKind(group, version, kind);
  const namespaced = info?.namespaced ?? Boolean(obj.metadata?.namespace);
  const nameFn =
    kind === 'Namespace' ? nameIsDnsLabel : group === RBAC ? nameIsPathSegment : nameIsDnsSubdomain;
  return validateObjectMeta(obj.metadata, { namespaced, nameFn });
}

/**
 * validateObject validates `obj` of group/version/kind on create, or against `old` on update (then
 * create-only metadata rules are replaced by ValidateObjectMetaUpdate). Virtual kinds (reviews,
 * metrics) have no object validation and return [].
 */
export function validateObject(
  group: string,
  version: string,
  kind: string,
  obj: KubeObject,
  old?: KubeObject,
): FieldError[] {
  if (findKind(group, version, kind)?.virtual) return [];
  const key = `${group}/${kind}`;
  const create = CREATE[key] ?? ((o: KubeObject) => validateGeneric(group, version, kind, o));
  if (!old) return create(obj);
  const specErrors = (key === '/Pod' ? validatePod : create)(obj).filter(
    (e) => !e.field.startsWith('metadata.'),
  );
  // ValidatePodUpdate checks metadata and the immutable spec before the spec itself.
  if (key === '/Pod') return [...validatePodUpdate(obj, old), ...specErrors];
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...specErrors,
    ...(UPDATE[key]?.(obj, old) ?? []),
  ];
}
