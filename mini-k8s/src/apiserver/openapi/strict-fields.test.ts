import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import {
  findFieldProblems,
  pruneUnknownFields,
  strictDecodingError,
  strictDecodingMessage,
  strictProblemMessages,
} from './strict-fields';

function deployment(
  extra: {
    spec?: Record<string, unknown>;
    container?: Record<string, unknown>;
    top?: Record<string, unknown>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { app: 'web', 'example.com/anything': 'x' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      creationTimestamp: null,
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
      ],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'a',
              image: 'nginx',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '1', memory: '64Mi' } },
            },
            { name: 'b', image: 'busybox', env: [{ name: 'X', value: '1' }], ...extra.container },
          ],
        },
      },
      ...extra.spec,
    },
    status: {},
    ...extra.top,
  };
}

describe('findFieldProblems', () => {
  it('accepts a valid object with free-form maps and managedFields', () => {
    expect(findFieldProblems('apps', 'v1', 'Deployment', deployment())).toEqual({ unknown: [] });
  });

  it.each([
    ['a top-level field', { top: { template: {} } }, ['template']],
    ['a spec field', { spec: { replica: 3 } }, ['spec.replica']],
    [
      'a field inside a list item',
      { container: { imagee: 'x' } },
      ['spec.template.spec.containers[1].imagee'],
    ],
    ['several fields in document order', { spec: { foo: 1, bar: { baz: 1 } } }, ['spec.foo', 'spec.bar']],
    ['an unknown field with a null value', { spec: { paused: true, nope: null } }, ['spec.nope']],
  ])('reports %s', (_label, extra, expected) => {
    expect(findFieldProblems('apps', 'v1', 'Deployment', deployment(extra)).unknown).toEqual(expected);
  });

  it('reports unknown fields nested in lists of lists and in map values', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { foo: 'bar' } },
      spec: {
        containers: [
          { name: 'c', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 81, hostPortt: 1 }] },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'k', operator: 'In', values: ['a'], extra: true }] },
              ],
            },
          },
        },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      },
    };
    expect(findFieldProblems('', 'v1', 'Pod', pod).unknown).toEqual([
      'spec.containers[0].ports[1].hostPortt',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].extra',
    ]);
  });

  it('treats RawExtension content as open (ControllerRevision.data)', () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r' },
      revision: 1,
      data: { anything: { goes: [1] } },
    };
    expect(findFieldProblems('apps', 'v1', 'ControllerRevision', revision).unknown).toEqual([]);
  });

  it('checks ConfigMap data as a string map and rejects unknown top-level fields', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { 'a.txt': 'x' },
      datta: {},
    };
    expect(findFieldProblems('', 'v1', 'ConfigMap', cm).unknown).toEqual(['datta']);
  });

  it('accepts any field for kinds without a schema', () => {
    expect(findFieldProblems('metrics.k8s.io', 'v1beta1', 'PodMetrics', { whatever: 1 }).unknown).toEqual([]);
    expect(findFieldProblems('example.com', 'v1', 'Widget', { spec: { x: 1 } }).unknown).toEqual([]);
  });
});

describe('pruneUnknownFields', () => {
  it('drops unknown fields and keeps everything else, without mutating the input', () => {
    const input = deployment({ spec: { foo: 1 }, container: { imagee: 'x' } });
    const before = JSON.stringify(input);
    const pruned = pruneUnknownFields('apps', 'v1', 'Deployment', input);
    expect(JSON.stringify(input)).toBe(before);
    expect(pruned).toEqual(deployment());
  });
});

describe('strict decoding messages', () => {
  it('joins problems like the API server', () => {
    expect(strictDecodingMessage(['spec.unknownField'], ['spec.replicas'])).toBe(
      'strict decoding error: unknown field "spec.unknownField", duplicate field "spec.replicas"',
    );
    expect(strictProblemMessages(['spec.foo'])).toEqual(['unknown field "spec.foo"']);
  });

  it('builds the BadRequest of a create and of a patch', () => {
    const create = strictDecodingError(
      { version: 'v1', kind: 'Deployment' },
      { unknown: ['spec.replica', 'spec.template.spec.containers[0].imagee'] },
    );
    expect(create).toBeInstanceOf(StatusError);
    expect(create.code).toBe(400);
    expect(create.reason).toBe('BadRequest');
    expect(create.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"',
    );
    const patch = strictDecodingError({ version: 'v1', kind: 'Pod' }, { unknown: ['spec.foo'] }, 'patch');
    expect(patch.message).toBe('strict decoding error: unknown field "spec.foo"');
  });
});
