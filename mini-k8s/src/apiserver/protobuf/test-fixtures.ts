/**
 * FIXTURES are objects in the exact JSON form the Go API server produces for them (every non-pointer
 * struct present, `creationTimestamp: null` when unset, zero scalars omitted unless the Go field is a
 * pointer or has no omitempty). The codec tests round-trip them: decode(encode(x)) must equal x.
 */
import type { KubeObject } from '../../api/object';

const time = '2024-05-01T10:00:00Z';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'prod',
    uid: '0b9c7f6e-1111-4a4a-9d9d-123456789abc',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: time,
    deletionTimestamp: '2024-05-02T10:00:00Z',
    deletionGracePeriodSeconds: 0,
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2', empty: '' },
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'o',
        uid: 'u',
        controller: true,
        blockOwnerDeletion: false,
      },
    ],
    finalizers: ['example.com/guard'],
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ],
  },
  spec: {
    replicas: 0,
    selector: {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
    },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        volumes: [
          {
            name: 'cfg',
            configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.txt', mode: 420 }], defaultMode: 420 },
          },
          { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'implied' },
        ],
        initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], resources: {} }],
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg', optional: true } }],
            env: [
              { name: 'A', value: '1' },
              { name: 'EMPTY' },
              { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
            ],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
            volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg' }],
            livenessProbe: {
              httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
              initialDelaySeconds: 5,
              periodSeconds: 10,
            },
            readinessProbe: { tcpSocket: { port: 80 }, timeoutSeconds: 1 },
            startupProbe: { exec: { command: ['cat', '/tmp/ok'] }, failureThreshold: 30 },
            imagePullPolicy: 'IfNotPresent',
            securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 0, runAsNonRoot: true },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        nodeSelector: { disk: 'ssd' },
        securityContext: { runAsUser: 1000, supplementalGroups: [1, 2, -3], fsGroup: 2000 },
        imagePullSecrets: [{ name: 'regcred' }],
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: { matchLabels: { app: 'web' } },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }],
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 3,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: time,
        lastTransitionTime: null,
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
    ],
  },
};

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: null },
  spec: {
    ports: [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 },
      { protocol: 'UDP', appProtocol: 'dns', port: 53, targetPort: 0 },
    ],
    selector: { app: 'web' },
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    type: 'NodePort',
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    allocateLoadBalancerNodePorts: false,
  },
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } },
};

const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', creationTimestamp: null },
  immutable: false,
  data: { user: 'YWRtaW4=', binary: Buffer.from([0, 255, 128, 10]).toString('base64'), empty: '' },
  type: 'Opaque',
};

const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', creationTimestamp: null },
  spec: {
    ingressClassName: 'nginx',
    defaultBackend: { service: { name: 'fallback', port: { name: 'http' } } },
    tls: [{ hosts: ['example.com'], secretName: 'cert' }],
    rules: [
      {
        host: 'example.com',
        http: {
          paths: [
            { path: '/app', pathType: 'Prefix', backend: { service: { name: 'svc', port: { number: 80 } } } },
            {
              pathType: 'ImplementationSpecific',
              backend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'b' } },
            },
          ],
        },
      },
      { host: 'bare.example.com' },
    ],
  },
  status: { loadBalancer: {} },
};

const cronJob: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'tick', creationTimestamp: null },
  spec: {
    schedule: '*/5 * * * *',
    timeZone: 'Europe/Paris',
    concurrencyPolicy: 'Forbid',
    suspend: false,
    jobTemplate: {
      metadata: { name: 'tick', creationTimestamp: null },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { creationTimestamp: null },
          spec: {
            containers: [{ name: 'tick', image: 'busybox', args: ['date'], resources: {} }],
            restartPolicy: 'OnFailure',
          },
        },
      },
    },
    successfulJobsHistoryLimit: 3,
  },
  status: { lastScheduleTime: time },
};

const review: KubeObject = {
  apiVersion: 'authentication.k8s.io/v1',
  kind: 'SelfSubjectReview',
  metadata: { creationTimestamp: null },
  status: {
    userInfo: {
      username: 'alice',
      groups: ['devs', 'system:authenticated'],
      extra: { scopes: ['read', 'write'], none: null },
    },
  },
};

const hpa: KubeObject = {
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: null },
  spec: {
    scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
    minReplicas: 1,
    maxReplicas: 5,
    targetCPUUtilizationPercentage: 50,
  },
  status: { currentReplicas: 0, desiredReplicas: 0 },
};

const pdb: KubeObject = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', creationTimestamp: null },
  spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 },
  status: {
    observedGeneration: 1,
    disruptedPods: { 'web-1': time },
    disruptionsAllowed: 0,
    currentHealthy: 2,
    desiredHealthy: 1,
    expectedPods: 2,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: 'False',
        lastTransitionTime: time,
        reason: 'InsufficientPods',
        message: '',
      },
    ],
  },
};

const clusterRole: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'aggregate', creationTimestamp: null },
  rules: [{ verbs: null, apiGroups: [''] }],
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
};

/** FIXTURES lists every round-trip fixture by name. */
export const FIXTURES: Record<string, KubeObject> = {
  deployment,
  service,
  secret,
  ingress,
  cronJob,
  review,
  hpa,
  pdb,
  clusterRole,
};
