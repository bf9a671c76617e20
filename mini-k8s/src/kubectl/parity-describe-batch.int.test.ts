/**
 * Output parity of `kubectl describe` with the REAL kubectl (v1.32), jobs, scaling and controllers chapters:
 * Jobs (simple, indexed with deadlines), CronJobs, HorizontalPodAutoscalers (autoscaling/v2 metrics and
 * behavior), PodDisruptionBudgets, DaemonSets and StatefulSets. Objects are created through the real kubectl.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeComparison, setup } from './describe/parity-fixtures';
import { type ParityCluster, realKubectlAvailable, startParityCluster } from './testing/parity-harness';

const available = await realKubectlAvailable();

const MANIFESTS = `
apiVersion: batch/v1
kind: Job
metadata: {name: indexed, namespace: batch, labels: {kind: indexed}, annotations: {owner: data-team}}
spec:
  completions: 3
  parallelism: 2
  completionMode: Indexed
  backoffLimit: 2
  ttlSecondsAfterFinished: 600
  activeDeadlineSeconds: 120
  template:
    metadata: {labels: {app: indexed}}
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.36
        command: [sh, -c, 'echo "index $JOB_COMPLETION_INDEX"']
        env: [{name: MODE, value: batch}]
        resources: {requests: {cpu: 100m}, limits: {memory: 64Mi}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: batch, labels: {app: reports}}
spec:
  schedule: "30 2 * * *"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 300
  successfulJobsHistoryLimit: 1
  failedJobsHistoryLimit: 2
  suspend: true
  jobTemplate:
    spec:
      backoffLimit: 1
      activeDeadlineSeconds: 600
      completions: 1
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: report, image: busybox:1.36, args: [sh, -c, date]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-full, namespace: batch, labels: {app: web}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      selectPolicy: Min
      policies: [{type: Percent, value: 10, periodSeconds: 60}, {type: Pods, value: 2, periodSeconds: 60}]
    scaleUp:
      policies: [{type: Pods, value: 4, periodSeconds: 15}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb, namespace: batch}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: web}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-max, namespace: batch}
spec:
  maxUnavailable: 1
  selector:
    matchExpressions: [{key: app, operator: In, values: [web, api]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs, namespace: batch, labels: {app: logs}, annotations: {owner: sre}}
spec:
  selector: {matchLabels: {app: logs}}
  template:
    metadata: {labels: {app: logs}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: agent, image: nginx:1.25, resources: {limits: {memory: 128Mi}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: batch, annotations: {owner: dba}}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: pg}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  template:
    metadata: {labels: {app: pg}}
    spec:
      containers:
      - name: pg
        image: nginx:1.25
        ports: [{containerPort: 5432, name: pg}]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data, labels: {app: pg}}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
  - metadata: {name: scratch}
    spec: {accessModes: [ReadWriteOnce, ReadOnlyMany], storageClassName: standard, resources: {requests: {storage: 500Mi}}}
`;

describe.skipIf(!available)('kubectl describe parity: jobs and scaling', () => {
  let p: ParityCluster;
  const same = describeComparison(() => p);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await setup(p, ['create', 'namespace', 'batch']);
    await setup(p, [
      'create',
      'job',
      'pi',
      '-n',
      'batch',
      '--image=busybox:1.36',
      '--',
      'sh',
      '-c',
      'echo 3.14159265',
    ]);
    await setup(p, [
      'create',
      'cronjob',
      'backup',
      '-n',
      'batch',
      '--image=busybox:1.36',
      '--schedule=*/5 * * * *',
      '--',
      'sh',
      '-c',
      'date; echo sauvegarde',
    ]);
    await setup(p, ['create', 'deployment', 'web', '-n', 'batch', '--image=nginx:1.25', '--replicas=2']);
    await setup(p, [
      'set',
      'resources',
      'deployment',
      'web',
      '-n',
      'batch',
      '--requests=cpu=100m,memory=64Mi',
    ]);
    await setup(p, ['rollout', 'status', 'deployment/web', '-n', 'batch', '--timeout=60s']);
    await setup(p, [
      'autoscale',
      'deployment',
      'web',
      '-n',
      'batch',
      '--min=2',
      '--max=5',
      '--cpu-percent=70',
    ]);
    await setup(p, ['apply', '-f', '-'], MANIFESTS);
    await setup(p, ['create', 'job', 'from-cron', '-n', 'batch', '--from=cronjob/backup']);
    await setup(p, [
      'wait',
      '--for=condition=Complete',
      'job/pi',
      'job/indexed',
      'job/from-cron',
      '-n',
      'batch',
      '--timeout=60s',
    ]);
    await setup(p, [
      'wait',
      '--for=jsonpath={.status.currentMetrics[1].resource.current.averageValue}',
      'hpa/web-full',
      '-n',
      'batch',
      '--timeout=60s',
    ]);
    for (const target of ['daemonset/logs', 'statefulset/db']) {
      await setup(p, ['rollout', 'status', target, '-n', 'batch', '--timeout=60s']);
    }
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['describe jobs -n batch'],
    ['describe job indexed -n batch'],
    ['describe job from-cron -n batch'],
    ['describe cronjobs -n batch'],
    ['describe cj nightly -n batch --show-events=false'],
    ['describe hpa -n batch'],
    ['describe horizontalpodautoscaler web-full -n batch'],
    ['describe pdb -n batch'],
    ['describe poddisruptionbudget web-max -n batch'],
    ['describe daemonset -n batch'],
    ['describe ds logs -n batch --show-events=false'],
    ['describe statefulset -n batch'],
    ['describe sts db -n batch --show-events=false'],
    ['describe job nope -n batch'],
    ['describe cj -n default'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
