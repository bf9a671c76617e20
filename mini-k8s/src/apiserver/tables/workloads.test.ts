import { describe, expect, it } from 'vitest';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads';
import { NOW, ago, kubeObject, minutes } from './test-fixtures';

const ctx = { now: NOW };
const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox:1.36' },
    ],
  },
};

describe('deploymentPrinter', () => {
  it('prints READY, UP-TO-DATE, AVAILABLE and the wide columns', () => {
    const obj = kubeObject(
      'apps/v1',
      'Deployment',
      { name: 'web', namespace: 'default' },
      {
        spec: {
          replicas: 3,
          selector: {
            matchLabels: { app: 'web' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'api'] }],
          },
          template,
        },
        status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      },
    );
    expect(deploymentPrinter.print(obj, ctx).cells).toEqual([
      'web',
      '2/3',
      3,
      2,
      '5m',
      'nginx,sidecar',
      'nginx:1.27,busybox:1.36',
      'app=web,tier in (api,front)',
    ]);
    expect(deploymentPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
  });

  it('prints 0/N and zero counts for a fresh deployment', () => {
    const obj = kubeObject('apps/v1', 'Deployment', { name: 'fresh' }, { spec: { replicas: 2, template } });
    expect(deploymentPrinter.print(obj, ctx).cells.slice(1, 4)).toEqual(['0/2', 0, 0]);
    expect(deploymentPrinter.print(obj, ctx).cells[7]).toBe('');
  });
});

describe('replicaSetPrinter and replicationControllerPrinter', () => {
  it('prints DESIRED, CURRENT, READY as integers', () => {
    const obj = kubeObject(
      'apps/v1',
      'ReplicaSet',
      { name: 'web-5d4f8c7b9' },
      {
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8c7b9' } },
          template,
        },
        status: { replicas: 3, readyReplicas: 1 },
      },
    );
    expect(replicaSetPrinter.print(obj, ctx).cells).toEqual([
      'web-5d4f8c7b9',
      3,
      3,
      1,
      '5m',
      'nginx,sidecar',
      'nginx:1.27,busybox:1.36',
      'app=web,pod-template-hash=5d4f8c7b9',
    ]);
  });

  it('prints a replication controller with its map selector', () => {
    const obj = kubeObject(
      'v1',
      'ReplicationController',
      { name: 'rc' },
      {
        spec: { replicas: 2, selector: { app: 'web' }, template },
        status: { replicas: 2, readyReplicas: 2 },
      },
    );
    expect(replicationControllerPrinter.print(obj, ctx).cells).toEqual([
      'rc',
      2,
      2,
      2,
      '5m',
      'nginx,sidecar',
      'nginx:1.27,busybox:1.36',
      'app=web',
    ]);
  });
});

describe('statefulSetPrinter and daemonSetPrinter', () => {
  it('prints a stateful set', () => {
    const obj = kubeObject(
      'apps/v1',
      'StatefulSet',
      { name: 'db' },
      { spec: { replicas: 3, template }, status: { replicas: 2, readyReplicas: 2 } },
    );
    expect(statefulSetPrinter.print(obj, ctx).cells).toEqual([
      'db',
      '2/3',
      '5m',
      'nginx,sidecar',
      'nginx:1.27,busybox:1.36',
    ]);
  });

  it('prints a daemon set with its node selector', () => {
    const obj = kubeObject(
      'apps/v1',
      'DaemonSet',
      { name: 'agent' },
      {
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            spec: {
              containers: [{ name: 'agent', image: 'agent:1' }],
              nodeSelector: { 'kubernetes.io/os': 'linux' },
            },
          },
        },
        status: {
          desiredNumberScheduled: 2,
          currentNumberScheduled: 2,
          numberReady: 1,
          updatedNumberScheduled: 2,
          numberAvailable: 1,
        },
      },
    );
    expect(daemonSetPrinter.print(obj, ctx).cells).toEqual([
      'agent',
      2,
      2,
      1,
      2,
      1,
      'kubernetes.io/os=linux',
      '5m',
      'agent',
      'agent:1',
      'app=agent',
    ]);
  });

  it('prints <none> for a daemon set without node selector', () => {
    const obj = kubeObject('apps/v1', 'DaemonSet', { name: 'ds' }, { spec: { template } });
    expect(daemonSetPrinter.print(obj, ctx).cells[6]).toBe('<none>');
    expect(daemonSetPrinter.print(obj, ctx).cells[10]).toBe('<none>');
  });
});

describe('jobPrinter', () => {
  const jobTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };
  const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } };

  it.each([
    [
      'a complete job',
      { completions: 1, parallelism: 1 },
      {
        succeeded: 1,
        startTime: ago(minutes(5)),
        completionTime: ago(minutes(5) - 12_000),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
      ['Complete', '1/1', '12s'],
    ],
    [
      'a running job',
      { completions: 3, parallelism: 1 },
      { succeeded: 1, active: 1, startTime: ago(minutes(3) + 20_000) },
      ['Running', '1/3', '3m20s'],
    ],
    ['a job not started yet', { completions: 1 }, {}, ['Running', '0/1', '']],
    ['a work-queue job', { parallelism: 4 }, { startTime: ago(30_000) }, ['Running', '0/1 of 4', '30s']],
    [
      'a failed job',
      { completions: 1, backoffLimit: 0 },
      {
        failed: 1,
        startTime: ago(minutes(2)),
        conditions: [
          { type: 'FailureTarget', status: 'True' },
          { type: 'Failed', status: 'True' },
        ],
      },
      ['Failed', '0/1', '2m'],
    ],
    [
      'a suspended job',
      { completions: 1, suspend: true },
      { conditions: [{ type: 'Suspended', status: 'True' }] },
      ['Suspended', '0/1', ''],
    ],
  ])('prints %s', (_label, spec, status, expected) => {
    const obj = kubeObject(
      'batch/v1',
      'Job',
      { name: 'pi' },
      { spec: { ...spec, selector, template: jobTemplate }, status },
    );
    const cells = jobPrinter.print(obj, ctx).cells;
    expect(cells.slice(1, 4)).toEqual(expected);
    expect(cells.slice(4)).toEqual(['5m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=abc']);
  });

  it('prints Terminating for a deleted unfinished job', () => {
    const obj = kubeObject(
      'batch/v1',
      'Job',
      { name: 'pi', deletionTimestamp: NOW.toISOString() },
      { spec: { completions: 1, template: jobTemplate } },
    );
    expect(jobPrinter.print(obj, ctx).cells[1]).toBe('Terminating');
  });
});

describe('cronJobPrinter', () => {
  it('prints schedule, time zone, suspend, active and last schedule', () => {
    const obj = kubeObject(
      'batch/v1',
      'CronJob',
      { name: 'hello' },
      {
        spec: {
          schedule: '*/1 * * * *',
          timeZone: 'Europe/Paris',
          suspend: false,
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.36' }] } } },
          },
        },
        status: { active: [{ kind: 'Job', name: 'hello-29000000' }], lastScheduleTime: ago(40_000) },
      },
    );
    expect(cronJobPrinter.print(obj, ctx).cells).toEqual([
      'hello',
      '*/1 * * * *',
      'Europe/Paris',
      'False',
      1,
      '40s',
      '5m',
      'hello',
      'busybox:1.36',
      '<none>',
    ]);
  });

  it('prints <none> and <unset> placeholders', () => {
    const obj = kubeObject('batch/v1', 'CronJob', { name: 'never' }, { spec: { schedule: '0 0 * * *' } });
    expect(cronJobPrinter.print(obj, ctx).cells.slice(1, 6)).toEqual([
      '0 0 * * *',
      '<none>',
      '<unset>',
      0,
      '<none>',
    ]);
  });
});
