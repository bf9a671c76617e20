import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { limitRangeDefaults } from './defaults';

const range: KubeObject = {
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'limits' },
  spec: {
    limits: [
      {
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      },
    ],
  },
};

function pod(resources: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'nginx', image: 'nginx', resources }] },
  };
}

describe('limitRangeDefaults', () => {
  it.each([
    [
      'no resources',
      {},
      { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      'LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx',
    ],
    [
      'an explicit cpu limit',
      { limits: { cpu: '1' } },
      { requests: { cpu: '1', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      'LimitRanger plugin set: cpu, memory request for container nginx; memory limit for container nginx',
    ],
    [
      'everything set',
      { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      undefined,
    ],
  ])('%s', (_name, resources, expected, annotation) => {
    const input = pod(resources);
    const out = limitRangeDefaults(input, [range]);
    expect((out.spec as { containers: { resources: unknown }[] }).containers[0].resources).toEqual(expected);
    expect(out.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(annotation);
    expect(input).toEqual(pod(resources));
  });
});
