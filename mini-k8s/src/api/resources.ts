/**
 * The resource catalogue: every API resource mini-k8s serves, with the facts discovery publishes
 * (scope, verbs, short names, categories, subresources). It is the single source for discovery,
 * routing, storage keys, tables and OpenAPI; add a resource here first.
 *
 * Order matters: kubectl prints `get all` in discovery order (core group first, then groups in the
 * order below), and real servers list resources alphabetically inside a group version.
 */
import type { GroupVersionKind } from './object';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** SubresourceInfo describes `<resource>/<subresource>` as aggregated discovery shows it. */
export interface SubresourceInfo {
  name: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}

/** ResourceInfo describes one resource in one group version. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural lower-case resource name used in URLs. */
  resource: string;
  singular: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceInfo[];
  /** Served but kept out of storage (reviews, metrics): the API server computes the answer. */
  virtual?: boolean;
  /**
   * Another group version whose objects this resource shares (e.g. autoscaling/v1 and v2 HPAs, core and
   * events.k8s.io events): they are stored once under the `storage` version.
   */
  storageVersionOf?: { group: string; version: string };
}

const ALL: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY: Verb[] = ['create'];

function status(group: string, version: string, kind: string): SubresourceInfo {
  return { name: 'status', responseKind: { group, version, kind }, verbs: ['get', 'patch', 'update'] };
}
const scale: SubresourceInfo = {
  name: 'scale',
  responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  verbs: ['get', 'patch', 'update'],
};

/** RESOURCES lists every served resource, grouped by group version, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  // core/v1
  {
    group: '',
    version: 'v1',
    kind: 'Binding',
    resource: 'bindings',
    singular: 'binding',
    namespaced: true,
    verbs: CREATE_ONLY,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ComponentStatus',
    resource: 'componentstatuses',
    singular: 'componentstatus',
    namespaced: false,
    verbs: ['get', 'list'],
    shortNames: ['cs'],
    virtual: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    resource: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    verbs: ALL,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    resource: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    verbs: ALL,
    shortNames: ['ep'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    verbs: ALL,
    shortNames: ['ev'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    resource: 'limitranges',
    singular: 'limitrange',
    namespaced: true,
    verbs: ALL,
    shortNames: ['limits'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [
      { name: 'finalize', responseKind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['update'] },
      status('', 'v1', 'Namespace'),
    ],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    resource: 'nodes',
    singular: 'node',
    namespaced: false,
    verbs: ALL,
    shortNames: ['no'],
    subresources: [
      {
        name: 'proxy',
        responseKind: { group: '', version: 'v1', kind: 'NodeProxyOptions' },
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      },
      status('', 'v1', 'Node'),
    ],
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    verbs: ALL,
    shortNames: ['pvc'],
    subresources: [status('', 'v1', 'PersistentVolumeClaim')],
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    resource: 'persistentvolumes',
    singular: 'persistentvolume',
    namespaced: false,
    verbs: ALL,
    shortNames: ['pv'],
    subresources: [status('', 'v1', 'PersistentVolume')],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    singular: 'pod',
    namespaced: true,
    verbs: ALL,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      {
        name: 'attach',
        responseKind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
        verbs: ['create', 'get'],
      },
      { name: 'binding', responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
      {
        name: 'ephemeralcontainers',
        responseKind: { group: '', version: 'v1', kind: 'Pod' },
        verbs: ['get', 'patch', 'update'],
      },
      {
        name: 'eviction',
        responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
        verbs: ['create'],
      },
      {
        name: 'exec',
        responseKind: { group: '', version: 'v1', kind: 'PodExecOptions' },
        verbs: ['create', 'get'],
      },
      { name: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
      {
        name: 'portforward',
        responseKind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
        verbs: ['create', 'get'],
      },
      {
        name: 'proxy',
        responseKind: { group: '', version: 'v1', kind: 'PodProxyOptions' },
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      },
      {
        name: 'resize',
        responseKind: { group: '', version: 'v1', kind: 'Pod' },
        verbs: ['get', 'patch', 'update'],
      },
      status('', 'v1', 'Pod'),
    ],
  },
  {
    group: '',
    version: 'v1',
    kind: 'PodTemplate',
    resource: 'podtemplates',
    singular: 'podtemplate',
    namespaced: true,
    verbs: ALL,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    singular: 'replicationcontroller',
    namespaced: true,
    verbs: ALL,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: [scale, status('', 'v1', 'ReplicationController')],
  },
  {
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    resource: 'resourcequotas',
    singular: 'resourcequota',
    namespaced: true,
    verbs: ALL,
    shortNames: ['quota'],
    subresources: [status('', 'v1', 'ResourceQuota')],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    resource: 'secrets',
    singular: 'secret',
    namespaced: true,
    verbs: ALL,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    verbs: ALL,
    shortNames: ['sa'],
    subresources: [
      {
        name: 'token',
        responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
        verbs: ['create'],
      },
    ],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    singular: 'service',
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [
      {
        name: 'proxy',
        responseKind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' },
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      },
      status('', 'v1', 'Service'),
    ],
  },

  // apps/v1
  {
    group: 'apps',
    version: 'v1',
    kind: 'ControllerRevision',
    resource: 'controllerrevisions',
    singular: 'controllerrevision',
    namespaced: true,
    verbs: ALL,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    verbs: ALL,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'DaemonSet')],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    singular: 'deployment',
    namespaced: true,
    verbs: ALL,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [scale, status('apps', 'v1', 'Deployment')],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    verbs: ALL,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [scale, status('apps', 'v1', 'ReplicaSet')],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    verbs: ALL,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [scale, status('apps', 'v1', 'StatefulSet')],
  },

  // events.k8s.io/v1 (shares storage with core events; no short name, to avoid kubectl's ambiguity warning)
  {
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    verbs: ALL,
    storageVersionOf: { group: '', version: 'v1' },
  },

  // authentication.k8s.io/v1
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    namespaced: false,
    verbs: CREATE_ONLY,
    virtual: true,
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'TokenReview',
    resource: 'tokenreviews',
    singular: 'tokenreview',
    namespaced: false,
    verbs: CREATE_ONLY,
    virtual: true,
  },

  // authorization.k8s.io/v1
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'LocalSubjectAccessReview',
    resource: 'localsubjectaccessreviews',
    singular: 'localsubjectaccessreview',
    namespaced: true,
    verbs: CREATE_ONLY,
    virtual: true,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    namespaced: false,
    verbs: CREATE_ONLY,
    virtual: true,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectRulesReview',
    resource: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    namespaced: false,
    verbs: CREATE_ONLY,
    virtual: true,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SubjectAccessReview',
    resource: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    namespaced: false,
    verbs: CREATE_ONLY,
    virtual: true,
  },

  // autoscaling: v2 is the storage version, v1 is a view of the same objects
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    verbs: ALL,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  },
  {
    group: 'autoscaling',
    version: 'v1',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    verbs: ALL,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('autoscaling', 'v1', 'HorizontalPodAutoscaler')],
    storageVersionOf: { group: 'autoscaling', version: 'v2' },
  },

  // batch/v1
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    resource: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    verbs: ALL,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [status('batch', 'v1', 'CronJob')],
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    resource: 'jobs',
    singular: 'job',
    namespaced: true,
    verbs: ALL,
    categories: ['all'],
    subresources: [status('batch', 'v1', 'Job')],
  },

  // certificates.k8s.io/v1
  {
    group: 'certificates.k8s.io',
    version: 'v1',
    kind: 'CertificateSigningRequest',
    resource: 'certificatesigningrequests',
    singular: 'certificatesigningrequest',
    namespaced: false,
    verbs: ALL,
    shortNames: ['csr'],
    subresources: [
      {
        name: 'approval',
        responseKind: { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest' },
        verbs: ['get', 'patch', 'update'],
      },
      status('certificates.k8s.io', 'v1', 'CertificateSigningRequest'),
    ],
  },

  // networking.k8s.io/v1
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    resource: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
    verbs: ALL,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    resource: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    verbs: ALL,
    shortNames: ['ing'],
    subresources: [status('networking.k8s.io', 'v1', 'Ingress')],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    singular: 'networkpolicy',
    namespaced: true,
    verbs: ALL,
    shortNames: ['netpol'],
  },

  // policy/v1
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    resource: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    verbs: ALL,
    shortNames: ['pdb'],
    subresources: [status('policy', 'v1', 'PodDisruptionBudget')],
  },

  // rbac.authorization.k8s.io/v1
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    namespaced: false,
    verbs: ALL,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    resource: 'clusterroles',
    singular: 'clusterrole',
    namespaced: false,
    verbs: ALL,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    resource: 'rolebindings',
    singular: 'rolebinding',
    namespaced: true,
    verbs: ALL,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    resource: 'roles',
    singular: 'role',
    namespaced: true,
    verbs: ALL,
  },

  // storage.k8s.io/v1
  {
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    resource: 'storageclasses',
    singular: 'storageclass',
    namespaced: false,
    verbs: ALL,
    shortNames: ['sc'],
  },

  // coordination.k8s.io/v1
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    resource: 'leases',
    singular: 'lease',
    namespaced: true,
    verbs: ALL,
  },

  // discovery.k8s.io/v1
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    resource: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
    verbs: ALL,
  },

  // scheduling.k8s.io/v1
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    kind: 'PriorityClass',
    resource: 'priorityclasses',
    singular: 'priorityclass',
    namespaced: false,
    verbs: ALL,
    shortNames: ['pc'],
  },

  // metrics.k8s.io/v1beta1 (computed from kubelet stats, never stored)
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'NodeMetrics',
    resource: 'nodes',
    singular: '',
    namespaced: false,
    verbs: ['get', 'list'],
    virtual: true,
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'PodMetrics',
    resource: 'pods',
    singular: '',
    namespaced: true,
    verbs: ['get', 'list'],
    virtual: true,
  },
];

/** GROUP_ORDER is the order of named groups in `/apis` (the core group is served at `/api`). */
export const GROUP_ORDER: readonly string[] = [
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'scheduling.k8s.io',
  'metrics.k8s.io',
];

/** Preferred (first-listed) version of each group. */
export const PREFERRED_VERSION: Readonly<Record<string, string>> = { autoscaling: 'v2' };

/** findResource returns the resource served at group/version/resource, if any. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** findKind returns the resource whose kind is served at group/version. */
export function findKind(group: string, version: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.kind === kind);
}

/** groupVersions lists the served `group/version` pairs in discovery order (core first). */
export function groupVersions(): { group: string; version: string }[] {
  const out: { group: string; version: string }[] = [{ group: '', version: 'v1' }];
  for (const group of GROUP_ORDER) {
    const versions = [...new Set(RESOURCES.filter((r) => r.group === group).map((r) => r.version))];
    const preferred = PREFERRED_VERSION[group];
    versions.sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : 0));
    for (const version of versions) out.push({ group, version });
  }
  return out;
}

/** storageResourceOf returns the resource whose storage holds this resource's objects (itself unless shared). */
export function storageResourceOf(info: ResourceInfo): ResourceInfo {
  if (!info.storageVersionOf) return info;
  return findResource(info.storageVersionOf.group, info.storageVersionOf.version, info.resource) ?? info;
}
