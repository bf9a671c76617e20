import { describe, expect, it } from 'vitest';
import { findTypeError } from './type-check';

const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } },
    ...spec,
  },
});

describe('findTypeError', () => {
  it.each<[string, string, string, string, unknown, string | undefined]>([
    ['a valid deployment', 'apps', 'v1', 'Deployment', deployment({ replicas: 2 }), undefined],
    ['null values', 'apps', 'v1', 'Deployment', deployment({ replicas: null, strategy: null }), undefined],
    [
      'replicas as a string',
      'apps',
      'v1',
      'Deployment',
      deployment({ replicas: 'two' }),
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'replicas as a fraction',
      'apps',
      'v1',
      'Deployment',
      deployment({ replicas: 1.5 }),
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'containers as an object',
      'apps',
      'v1',
      'Deployment',
      deployment({ template: { spec: { containers: {} } } }),
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    ],
    [
      'intOrString maxSurge as a number',
      'apps',
      'v1',
      'Deployment',
      deployment({ strategy: { rollingUpdate: { maxSurge: 1 } } }),
      undefined,
    ],
    [
      'a label value as a number',
      '',
      'v1',
      'ConfigMap',
      { metadata: { name: 'a', labels: { a: 1 } } },
      'json: cannot unmarshal number 1 into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'data as an array',
      '',
      'v1',
      'ConfigMap',
      { metadata: { name: 'a' }, data: ['x'] },
      'json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string',
    ],
    [
      'binaryData in base64',
      '',
      'v1',
      'ConfigMap',
      { metadata: { name: 'a' }, binaryData: { a: 'aGk=' } },
      undefined,
    ],
    [
      'quantities as numbers',
      '',
      'v1',
      'ResourceQuota',
      { metadata: { name: 'q' }, spec: { hard: { pods: 10 } } },
      undefined,
    ],
    [
      'unknown fields are not type errors',
      '',
      'v1',
      'ConfigMap',
      { metadata: { name: 'a' }, foo: [1] },
      undefined,
    ],
    [
      'an int32 past its range',
      'apps',
      'v1',
      'Deployment',
      deployment({ replicas: 2 ** 31 }),
      'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'a nested int32 past its range',
      'apps',
      'v1',
      'Deployment',
      deployment({
        template: {
          spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: -(2 ** 31) - 1 }] }] },
        },
      }),
      'json: cannot unmarshal number -2147483649 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    ],
    [
      'int64 fields past the int32 range',
      'apps',
      'v1',
      'Deployment',
      {
        ...deployment({}),
        metadata: { name: 'web', generation: 2 ** 40 },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            spec: {
              terminationGracePeriodSeconds: 2 ** 33,
              securityContext: { runAsUser: 2 ** 32, supplementalGroups: [2 ** 34] },
              containers: [{ name: 'a', image: 'nginx' }],
            },
          },
        },
      },
      undefined,
    ],
    [
      'an int64 as a string',
      '',
      'v1',
      'Pod',
      { metadata: { name: 'p' }, spec: { activeDeadlineSeconds: '60', containers: [] } },
      'json: cannot unmarshal string into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64',
    ],
    [
      'an int64 array item as a string',
      '',
      'v1',
      'Pod',
      { metadata: { name: 'p' }, spec: { securityContext: { supplementalGroups: ['1'] }, containers: [] } },
      'json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.supplementalGroups of type int64',
    ],
    ['a kind without a schema', 'example.com', 'v1', 'Widget', { spec: 1 }, undefined],
  ])('%s', (_name, group, version, kind, obj, expected) => {
    expect(findTypeError(group, version, kind, obj)).toBe(expected);
  });
});
