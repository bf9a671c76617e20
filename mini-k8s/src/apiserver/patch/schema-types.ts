/**
 * The merge metadata table: for each named Go type of k8s.io/api v0.32 that has a field with a patch
 * strategy, a list type or an atomic marker, the facts of those fields. Fields absent here follow the
 * defaults (maps merge key by key, lists are replaced by SMP and atomic for SSA). Types only need to be
 * listed when they, or a type below them, carry such a fact.
 */
import type { FieldMeta } from './schema';

/** FieldDef is FieldMeta plus the name of the field's value type (the item type for lists). */
export interface FieldDef extends FieldMeta {
  type?: string;
}

/** struct: a nested struct; `zero` when it is a non-pointer field in Go. */
function struct(type: string, zero = false): FieldDef {
  return zero ? { type, zero } : { type };
}

/** mergeList: `patchStrategy:"merge" patchMergeKey:"<key>"` + `listType=map` with the given map keys. */
function mergeList(key: string, type?: string, listMapKeys: readonly string[] = [key]): FieldDef {
  return { strategy: 'merge', mergeKey: key, listType: 'map', listMapKeys, type };
}

/** mergeListAtomic: SMP merges by key but SSA treats the list as atomic (e.g. NodeStatus.addresses). */
function mergeListAtomic(key: string): FieldDef {
  return { strategy: 'merge', mergeKey: key, listType: 'atomic' };
}

/** primitiveSet: a list of strings merged as a set by SMP and owned per value by SSA (finalizers). */
const primitiveSet: FieldDef = { strategy: 'merge', listType: 'set' };

/** atomic: a struct or map owned as a whole (LabelSelector, nodeSelector, service selector). */
const atomic: FieldDef = { atomic: true };

/** conditions: status conditions merged by type. */
const conditions = mergeList('type');

/** TYPES maps Go type names to the facts of their fields. */
export const TYPES: Readonly<Record<string, Readonly<Record<string, FieldDef>>>> = {
  ObjectMeta: {
    ownerReferences: mergeList('uid'),
    finalizers: primitiveSet,
    managedFields: { listType: 'atomic' },
  },
  // A kind whose only merge-relevant part is its metadata (ConfigMap, Secret, Role, Event, Lease…).
  ObjectOnly: { metadata: struct('ObjectMeta', true) },

  PodTemplateSpec: { metadata: struct('ObjectMeta', true), spec: struct('PodSpec', true) },
  PodSpec: {
    volumes: { ...mergeList('name', 'Volume'), retainKeys: true },
    initContainers: mergeList('name', 'Container'),
    containers: { ...mergeList('name', 'Container'), zero: true },
    ephemeralContainers: mergeList('name', 'Container'),
    imagePullSecrets: mergeList('name'),
    hostAliases: mergeList('ip'),
    topologySpreadConstraints: mergeList('topologyKey', 'TopologySpreadConstraint', [
      'topologyKey',
      'whenUnsatisfiable',
    ]),
    schedulingGates: mergeList('name'),
    resourceClaims: { ...mergeList('name'), retainKeys: true },
    nodeSelector: atomic,
  },
  Container: {
    ports: {
      ...mergeList('containerPort', undefined, ['containerPort', 'protocol']),
      keyDefaults: { protocol: 'TCP' },
    },
    env: mergeList('name'),
    volumeMounts: mergeList('mountPath'),
    volumeDevices: mergeList('devicePath'),
    resources: struct('ResourceRequirements', true),
  },
  ResourceRequirements: { claims: { listType: 'map', listMapKeys: ['name'] } },
  // Volume sources are one-of: `retainKeys` on PodSpec.volumes lets a patch switch the source.
  Volume: {},
  TopologySpreadConstraint: { labelSelector: atomic },
  PodStatus: {
    conditions,
    podIPs: mergeList('ip'),
    hostIPs: mergeListAtomic('ip'),
    resourceClaimStatuses: mergeList('name'),
  },

  Pod: {
    metadata: struct('ObjectMeta', true),
    spec: struct('PodSpec', true),
    status: struct('PodStatus', true),
  },
  PodTemplate: { metadata: struct('ObjectMeta', true), template: struct('PodTemplateSpec', true) },
  ReplicationController: {
    metadata: struct('ObjectMeta', true),
    spec: struct('ReplicationControllerSpec', true),
    status: struct('ConditionsStatus', true),
  },
  ReplicationControllerSpec: { selector: atomic, template: struct('PodTemplateSpec') },
  ConditionsStatus: { conditions },

  Node: {
    metadata: struct('ObjectMeta', true),
    spec: struct('NodeSpec', true),
    status: struct('NodeStatus', true),
  },
  NodeSpec: { podCIDRs: primitiveSet },
  NodeStatus: { conditions, addresses: mergeListAtomic('type') },

  Service: {
    metadata: struct('ObjectMeta', true),
    spec: struct('ServiceSpec', true),
    status: struct('ServiceStatus', true),
  },
  ServiceSpec: {
    ports: { ...mergeList('port', undefined, ['port', 'protocol']), keyDefaults: { protocol: 'TCP' } },
    selector: atomic,
  },
  ServiceStatus: { conditions, loadBalancer: { zero: true } },

  ServiceAccount: { metadata: struct('ObjectMeta', true), secrets: mergeList('name') },
  Namespace: {
    metadata: struct('ObjectMeta', true),
    spec: { zero: true },
    status: struct('ConditionsStatus', true),
  },
  PersistentVolumeClaim: {
    metadata: struct('ObjectMeta', true),
    spec: struct('SelectorSpec', true),
    status: struct('ConditionsStatus', true),
  },
  SelectorSpec: { selector: atomic },
  PersistentVolume: { metadata: struct('ObjectMeta', true), spec: { zero: true }, status: { zero: true } },

  Deployment: {
    metadata: struct('ObjectMeta', true),
    spec: struct('DeploymentSpec', true),
    status: struct('ConditionsStatus', true),
  },
  DeploymentSpec: {
    selector: atomic,
    template: struct('PodTemplateSpec', true),
    strategy: { retainKeys: true, zero: true },
  },
  ReplicaSet: {
    metadata: struct('ObjectMeta', true),
    spec: struct('WorkloadSpec', true),
    status: struct('ConditionsStatus', true),
  },
  // ReplicaSetSpec, StatefulSetSpec, DaemonSetSpec, JobSpec: selector + pod template.
  WorkloadSpec: { selector: atomic, template: struct('PodTemplateSpec', true) },
  StatefulSet: {
    metadata: struct('ObjectMeta', true),
    spec: struct('StatefulSetSpec', true),
    status: struct('ConditionsStatus', true),
  },
  StatefulSetSpec: {
    selector: atomic,
    template: struct('PodTemplateSpec', true),
    updateStrategy: { zero: true },
  },
  DaemonSet: {
    metadata: struct('ObjectMeta', true),
    spec: struct('DaemonSetSpec', true),
    status: struct('ConditionsStatus', true),
  },
  DaemonSetSpec: {
    selector: atomic,
    template: struct('PodTemplateSpec', true),
    updateStrategy: { zero: true },
  },

  Job: {
    metadata: struct('ObjectMeta', true),
    spec: struct('WorkloadSpec', true),
    status: struct('JobStatus', true),
  },
  JobStatus: { conditions: mergeListAtomic('type') },
  CronJob: {
    metadata: struct('ObjectMeta', true),
    spec: struct('CronJobSpec', true),
    status: { zero: true },
  },
  CronJobSpec: { jobTemplate: struct('JobTemplateSpec', true) },
  JobTemplateSpec: { metadata: struct('ObjectMeta', true), spec: struct('WorkloadSpec', true) },

  HorizontalPodAutoscaler: {
    metadata: struct('ObjectMeta', true),
    spec: { zero: true },
    status: struct('ConditionsStatus', true),
  },
  PodDisruptionBudget: {
    metadata: struct('ObjectMeta', true),
    spec: struct('SelectorSpec', true),
    status: struct('ConditionsStatus', true),
  },
  CertificateSigningRequest: {
    metadata: struct('ObjectMeta', true),
    spec: { zero: true },
    status: struct('CsrStatus', true),
  },
  CsrStatus: { conditions: { listType: 'map', listMapKeys: ['type'] } },
  NetworkPolicy: { metadata: struct('ObjectMeta', true), spec: struct('NetworkPolicySpec', true) },
  NetworkPolicySpec: { podSelector: atomic },
  Ingress: { metadata: struct('ObjectMeta', true), spec: { zero: true }, status: { zero: true } },
};

/** KIND_ROOTS maps `<group>/<kind>` to the root type of its objects; other kinds use ObjectOnly. */
export const KIND_ROOTS: Readonly<Record<string, string>> = {
  '/Pod': 'Pod',
  '/PodTemplate': 'PodTemplate',
  '/ReplicationController': 'ReplicationController',
  '/Node': 'Node',
  '/Service': 'Service',
  '/ServiceAccount': 'ServiceAccount',
  '/Namespace': 'Namespace',
  '/PersistentVolumeClaim': 'PersistentVolumeClaim',
  '/PersistentVolume': 'PersistentVolume',
  'apps/Deployment': 'Deployment',
  'apps/ReplicaSet': 'ReplicaSet',
  'apps/StatefulSet': 'StatefulSet',
  'apps/DaemonSet': 'DaemonSet',
  'batch/Job': 'Job',
  'batch/CronJob': 'CronJob',
  'autoscaling/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget': 'PodDisruptionBudget',
  'certificates.k8s.io/CertificateSigningRequest': 'CertificateSigningRequest',
  'networking.k8s.io/NetworkPolicy': 'NetworkPolicy',
  'networking.k8s.io/Ingress': 'Ingress',
};
