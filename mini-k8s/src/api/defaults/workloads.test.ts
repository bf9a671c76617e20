import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { applyDefaults } from './index';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
};
const podSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

function obj(apiVersion: string, kind: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion, kind, metadata: { name: 'web', namespace: 'default' }, spec: structuredClone(spec) };
}

describe('workload defaults', () => {
  it('Deployment', () => {
    const out = applyDefaults(
      'apps',
      'v1',
      'Deployment',
      obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web' } }, template }),
    );
    expect(out.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: podSpecDefaults },
    });
    const podSpec = (out.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    // Templates get pure defaults: no admission-time fields.
    expect(podSpec.serviceAccountName).toBeUndefined();
    expect(podSpec.priority).toBeUndefined();
    expect(out.status).toEqual({});
  });

  it('Deployment with Recreate gets no rollingUpdate', () => {
    const out = applyDefaults(
      'apps',
      'v1',
      'Deployment',
      obj('apps/v1', 'Deployment', { strategy: { type: 'Recreate' }, template }),
    );
    expect((out.spec as Record<string, unknown>).strategy).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet', () => {
    const out = applyDefaults('apps', 'v1', 'ReplicaSet', obj('apps/v1', 'ReplicaSet', { template }));
    expect(out.spec).toMatchObject({ replicas: 1 });
    expect(out.status).toEqual({ replicas: 0 });
  });

  it('StatefulSet with a claim template', () => {
    const out = applyDefaults(
      'apps',
      'v1',
      'StatefulSet',
      obj('apps/v1', 'StatefulSet', {
        serviceName: 'web',
        template,
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } },
          },
        ],
      }),
    );
    expect(out.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data', creationTimestamp: null },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
            volumeMode: 'Filesystem',
          },
          status: { phase: 'Pending' },
        },
      ],
    });
  });

  it('DaemonSet', () => {
    const out = applyDefaults('apps', 'v1', 'DaemonSet', obj('apps/v1', 'DaemonSet', { template }));
    expect(out.spec).toMatchObject({
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    });
  });

  it('Job copies template labels and defaults counts', () => {
    const jobTemplate = { ...template, spec: { ...template.spec, restartPolicy: 'Never' } };
    const out = applyDefaults('batch', 'v1', 'Job', obj('batch/v1', 'Job', { template: jobTemplate }));
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      template: { spec: { restartPolicy: 'Never' } },
    });
  });

  it('Job with only parallelism keeps completions unset', () => {
    const out = applyDefaults('batch', 'v1', 'Job', obj('batch/v1', 'Job', { parallelism: 3, template }));
    expect((out.spec as Record<string, unknown>).completions).toBeUndefined();
  });

  it('CronJob defaults the pod template but not the job spec', () => {
    const out = applyDefaults(
      'batch',
      'v1',
      'CronJob',
      obj('batch/v1', 'CronJob', { schedule: '*/1 * * * *', jobTemplate: { spec: { template } } }),
    );
    expect(out.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: { spec: podSpecDefaults } } },
    });
    expect(
      (out.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec.backoffLimit,
    ).toBeUndefined();
  });

  it('ReplicationController takes selector and labels from its template', () => {
    const out = applyDefaults(
      '',
      'v1',
      'ReplicationController',
      obj('v1', 'ReplicationController', { template }),
    );
    expect(out.spec).toMatchObject({ replicas: 1, selector: { app: 'web' } });
    expect(out.metadata.labels).toEqual({ app: 'web' });
  });
});
