/**
 * Workload defaulting (pkg/apis/apps/v1, batch/v1 and core/v1 defaults.go): Deployment, ReplicaSet,
 * StatefulSet, DaemonSet, Job, CronJob, ReplicationController and PodTemplate. Every embedded pod
 * template gets the pod defaults, as the generated defaulters do.
 */
import { defaultPodTemplateSpec, defaultPvcSpec } from './pod';
import {
  child,
  existing,
  isObject,
  isUnset,
  objects,
  setDefault,
  setDefaultPointer,
  type JsonObject,
} from './util';

/**
 * defaultStatusStruct adds the zero status a new workload serialises with: Go always writes a status
 * struct, including its integer fields that lack `omitempty` (e.g. ReplicaSet `replicas: 0`).
 */
function defaultStatusStruct(obj: JsonObject, zeroFields: string[] = []): void {
  const status = child(obj, 'status');
  for (const field of zeroFields) setDefaultPointer(status, field, 0);
}

/** defaultDeployment is SetDefaults_Deployment (apps/v1). */
export function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefaultPointer(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    setDefaultPointer(rollingUpdate, 'maxUnavailable', '25%');
    setDefaultPointer(rollingUpdate, 'maxSurge', '25%');
  }
  setDefaultPointer(spec, 'revisionHistoryLimit', 10);
  setDefaultPointer(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(child(spec, 'template'));
  defaultStatusStruct(obj);
}

/** defaultReplicaSet is SetDefaults_ReplicaSet. */
export function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefaultPointer(spec, 'replicas', 1);
  defaultPodTemplateSpec(child(spec, 'template'));
  defaultStatusStruct(obj, ['replicas']);
}

/** defaultClaimTemplate defaults a PVC embedded in a StatefulSet (spec and `status.phase: Pending`). */
function defaultClaimTemplate(claim: JsonObject): void {
  setDefault(claim, 'apiVersion', 'v1');
  setDefault(claim, 'kind', 'PersistentVolumeClaim');
  const metadata = child(claim, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPvcSpec(child(claim, 'spec'));
  setDefault(child(claim, 'status'), 'phase', 'Pending');
}

/** defaultStatefulSet is SetDefaults_StatefulSet (with StatefulSetAutoDeletePVC enabled, as in 1.32). */
export function defaultStatefulSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const updateStrategy = child(spec, 'updateStrategy');
  setDefault(updateStrategy, 'type', 'RollingUpdate');
  if (updateStrategy.type === 'RollingUpdate') {
    const rollingUpdate = child(updateStrategy, 'rollingUpdate');
    setDefaultPointer(rollingUpdate, 'partition', 0);
  }
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  setDefaultPointer(spec, 'replicas', 1);
  setDefaultPointer(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(child(spec, 'template'));
  for (const claim of objects(spec, 'volumeClaimTemplates')) defaultClaimTemplate(claim);
  defaultStatusStruct(obj, ['availableReplicas', 'replicas']);
}

/** defaultDaemonSet is SetDefaults_DaemonSet. */
export function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const updateStrategy = child(spec, 'updateStrategy');
  setDefault(updateStrategy, 'type', 'RollingUpdate');
  if (updateStrategy.type === 'RollingUpdate') {
    const rollingUpdate = child(updateStrategy, 'rollingUpdate');
    setDefaultPointer(rollingUpdate, 'maxUnavailable', 1);
    setDefaultPointer(rollingUpdate, 'maxSurge', 0);
  }
  setDefaultPointer(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(child(spec, 'template'));
  defaultStatusStruct(obj, [
    'currentNumberScheduled',
    'desiredNumberScheduled',
    'numberMisscheduled',
    'numberReady',
  ]);
}

/** defaultJob is SetDefaults_Job (batch/v1, 1.32 feature gates). */
export function defaultJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  // A non-parallel job may leave both unset: both then default to 1.
  if (isUnset(spec.completions) && isUnset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefaultPointer(spec, 'parallelism', 1);
  setDefaultPointer(spec, 'backoffLimit', isUnset(spec.backoffLimitPerIndex) ? 6 : 2147483647);
  const template = child(spec, 'template');
  const templateLabels = existing(existing(template, 'metadata'), 'labels');
  const metadata = child(obj, 'metadata');
  if (templateLabels && (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0)) {
    metadata.labels = { ...templateLabels };
  }
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefaultPointer(spec, 'suspend', false);
  const podFailurePolicy = existing(spec, 'podFailurePolicy');
  for (const rule of objects(podFailurePolicy, 'rules')) {
    for (const pattern of objects(rule, 'onPodConditions')) setDefault(pattern, 'status', 'True');
  }
  setDefault(spec, 'podReplacementPolicy', podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplateSpec(template);
  defaultStatusStruct(obj);
}

/** defaultCronJob is SetDefaults_CronJob; the job template gets pod defaults only (no Job defaults). */
export function defaultCronJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefaultPointer(spec, 'suspend', false);
  setDefaultPointer(spec, 'successfulJobsHistoryLimit', 3);
  setDefaultPointer(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = child(spec, 'jobTemplate');
  const metadata = child(jobTemplate, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPodTemplateSpec(child(child(jobTemplate, 'spec'), 'template'));
  defaultStatusStruct(obj);
}

/** defaultReplicationController is SetDefaults_ReplicationController: selector and labels from the template. */
export function defaultReplicationController(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const template = existing(spec, 'template');
  const templateLabels = existing(existing(template, 'metadata'), 'labels');
  if (templateLabels) {
    if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0)
      spec.selector = { ...templateLabels };
    const metadata = child(obj, 'metadata');
    if (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0)
      metadata.labels = { ...templateLabels };
  }
  setDefaultPointer(spec, 'replicas', 1);
  if (template) defaultPodTemplateSpec(template);
  defaultStatusStruct(obj, ['replicas']);
}

/** defaultPodTemplate defaults a core/v1 PodTemplate object. */
export function defaultPodTemplate(obj: JsonObject): void {
  defaultPodTemplateSpec(child(obj, 'template'));
}

/**
 * generateJobSelector is the Job strategy's PrepareForCreate step (when `manualSelector` is not true):
 * it labels the pod template with the job name and uid (legacy and `batch.kubernetes.io/` forms) and
 * selects `batch.kubernetes.io/controller-uid`. It needs the uid the registry assigns, so the registry
 * calls it after setting metadata.uid and before validation.
 */
export function generateJobSelector(job: JsonObject): void {
  const spec = child(job, 'spec');
  if (spec.manualSelector === true) return;
  const metadata = child(job, 'metadata');
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const uid = typeof metadata.uid === 'string' ? metadata.uid : '';
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!(key in labels)) labels[key] = name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid'])
    if (!(key in labels)) labels[key] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (!('batch.kubernetes.io/controller-uid' in matchLabels))
    matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}
