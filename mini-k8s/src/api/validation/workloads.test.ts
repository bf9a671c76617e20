import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { messages, statusMessage } from './testing';

const container = { name: 'web', image: 'nginx:1.25' };

function deployment(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec };
}
const validSpec = {
  selector: { matchLabels: { app: 'web' } },
  template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
};

describe('Deployment validation', () => {
  it('accepts a valid deployment', () => {
    expect(messages(deployment(validSpec))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'missing selector',
      { template: validSpec.template },
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'selector not matching labels',
      { ...validSpec, selector: { matchLabels: { app: 'api' } } },
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      { ...validSpec, selector: {} },
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'negative replicas',
      { ...validSpec, replicas: -1 },
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'restartPolicy Never',
      {
        ...validSpec,
        template: { ...validSpec.template, spec: { containers: [container], restartPolicy: 'Never' } },
      },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'bad maxSurge and zero fenceposts',
      {
        ...validSpec,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      },
      [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
      ],
    ],
    [
      'percentage without %',
      { ...validSpec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'lots' } } },
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"lots\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'invalid template label',
      {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web', 'bad key': 'x' } }, spec: { containers: [container] } },
      },
      [
        "spec.template.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ])('%s', (_title, spec, expected) => {
    expect(messages(deployment(spec))).toEqual(expected);
  });

  it('renders the classic missing-selector error', () => {
    expect(statusMessage(deployment({ template: validSpec.template }))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it('forbids changing the selector on update', () => {
    const next = deployment({
      selector: { matchLabels: { app: 'web2' } },
      template: { metadata: { labels: { app: 'web2' } }, spec: { containers: [container] } },
    });
    expect(messages(next, deployment(validSpec))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(messages(deployment({ ...validSpec, replicas: 5 }), deployment(validSpec))).toEqual([]);
  });
});

describe('other workloads', () => {
  const template = validSpec.template;

  it('ReplicaSet reuses the deployment wording for empty selectors', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'r', namespace: 'default' },
      spec: { selector: {}, template },
    };
    expect(messages(rs)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('StatefulSet forbids changing immutable spec fields', () => {
    const sts = (serviceName: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's', namespace: 'default' },
      spec: { serviceName, selector: validSpec.selector, template },
    });
    expect(messages(sts('a'))).toEqual([]);
    expect(messages(sts('b'), sts('a'))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it.each<[string, string[], string[]]>([
    ['a volumeClaimTemplate', ['data'], []],
    ['nothing', [], ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"']],
  ])('StatefulSet volume mounts may name %s', (_what, claims, expected) => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        selector: validSpec.selector,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
        },
        volumeClaimTemplates: claims.map((name) => ({
          metadata: { name },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        })),
      },
    };
    expect(messages(sts)).toEqual(expected);
  });

  it('DaemonSet requires matching labels', () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'x' } }, template },
    };
    expect(messages(ds)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('Job rejects restartPolicy Always and checks its generated selector', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: {
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        template: {
          metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
          spec: { containers: [container] },
        },
      },
    };
    expect(messages(job)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
    const fixed = structuredClone(job);
    (fixed.spec as { template: { spec: Record<string, unknown> } }).template.spec.restartPolicy = 'Never';
    expect(messages(fixed)).toEqual([]);
    const changed = structuredClone(fixed);
    (
      changed.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0].image = 'other';
    expect(messages(changed, fixed)[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
  });

  it('CronJob checks the schedule, name length and job template', () => {
    const cj = (schedule: string, name = 'c'): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'default' },
      spec: {
        schedule,
        jobTemplate: {
          spec: { template: { spec: { containers: [container], restartPolicy: 'OnFailure' } } },
        },
      },
    });
    expect(messages(cj('*/5 * * * *'))).toEqual([]);
    expect(messages(cj('@hourly'))).toEqual([]);
    expect(messages(cj('* * *'))).toEqual([
      'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    ]);
    expect(messages(cj('* * * * *', 'x'.repeat(53)))).toEqual([
      `metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });

  it('ReplicationController requires a selector matching its template', () => {
    const rc: KubeObject = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc', namespace: 'default' },
      spec: { selector: { app: 'other' }, template },
    };
    expect(messages(rc)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });
});
