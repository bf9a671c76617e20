/**
 * The kinds mini-k8s accepts as protobuf request bodies, keyed by `apiVersion` then `kind`, with the
 * message (`pkg.Name` in schema.ts) that encodes each. It covers every kind kubectl 1.32's typed clients
 * POST (create <generator>, autoscale, auth can-i / whoami, create token) plus the workload kinds whose
 * messages are already in the tables.
 */

const KIND_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    ConfigMap: 'core.ConfigMap',
    Namespace: 'core.Namespace',
    Pod: 'core.Pod',
    ResourceQuota: 'core.ResourceQuota',
    Secret: 'core.Secret',
    Service: 'core.Service',
    ServiceAccount: 'core.ServiceAccount',
  },
  'apps/v1': {
    DaemonSet: 'apps.DaemonSet',
    Deployment: 'apps.Deployment',
    ReplicaSet: 'apps.ReplicaSet',
    StatefulSet: 'apps.StatefulSet',
  },
  'batch/v1': { CronJob: 'batch.CronJob', Job: 'batch.Job' },
  'rbac.authorization.k8s.io/v1': {
    ClusterRole: 'rbac.ClusterRole',
    ClusterRoleBinding: 'rbac.ClusterRoleBinding',
    Role: 'rbac.Role',
    RoleBinding: 'rbac.RoleBinding',
  },
  'networking.k8s.io/v1': { Ingress: 'networking.Ingress' },
  'policy/v1': { Eviction: 'policy.Eviction', PodDisruptionBudget: 'policy.PodDisruptionBudget' },
  'scheduling.k8s.io/v1': { PriorityClass: 'scheduling.PriorityClass' },
  'autoscaling/v1': { HorizontalPodAutoscaler: 'autoscaling.HorizontalPodAutoscaler' },
  'authentication.k8s.io/v1': {
    SelfSubjectReview: 'authentication.SelfSubjectReview',
    TokenRequest: 'authentication.TokenRequest',
  },
  'certificates.k8s.io/v1': { CertificateSigningRequest: 'certificates.CertificateSigningRequest' },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: 'authorization.SelfSubjectAccessReview',
    SelfSubjectRulesReview: 'authorization.SelfSubjectRulesReview',
  },
};

/** kindMessage returns the message reference for a kind, or undefined when it is not supported. */
export function kindMessage(apiVersion: string, kind: string): string | undefined {
  const kinds = Object.hasOwn(KIND_MESSAGES, apiVersion) ? KIND_MESSAGES[apiVersion] : undefined;
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** supportedKinds lists every supported `{apiVersion, kind, message}` (for tests and documentation). */
export function supportedKinds(): { apiVersion: string; kind: string; message: string }[] {
  return Object.entries(KIND_MESSAGES).flatMap(([apiVersion, kinds]) =>
    Object.entries(kinds).map(([kind, message]) => ({ apiVersion, kind, message })),
  );
}
