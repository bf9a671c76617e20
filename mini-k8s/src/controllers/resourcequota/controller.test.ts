import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { podMatchesScope, refForQuotaResource } from './controller';

function pod(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c' }], ...spec },
  };
}
const burstable = { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] };

describe('podMatchesScope', () => {
  it.each<[string, Record<string, unknown>, Parameters<typeof podMatchesScope>[1], boolean]>([
    [
      'Terminating with a deadline',
      { activeDeadlineSeconds: 30 },
      { scopeName: 'Terminating', operator: 'Exists' },
      true,
    ],
    ['Terminating without', {}, { scopeName: 'Terminating', operator: 'Exists' }, false],
    ['NotTerminating without', {}, { scopeName: 'NotTerminating', operator: 'Exists' }, true],
    ['BestEffort without resources', {}, { scopeName: 'BestEffort', operator: 'Exists' }, true],
    ['BestEffort with requests', burstable, { scopeName: 'BestEffort', operator: 'Exists' }, false],
    ['NotBestEffort with requests', burstable, { scopeName: 'NotBestEffort', operator: 'Exists' }, true],
    [
      'PriorityClass In',
      { priorityClassName: 'high' },
      { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
      true,
    ],
    [
      'PriorityClass NotIn',
      { priorityClassName: 'high' },
      { scopeName: 'PriorityClass', operator: 'NotIn', values: ['high'] },
      false,
    ],
    ['PriorityClass DoesNotExist', {}, { scopeName: 'PriorityClass', operator: 'DoesNotExist' }, true],
  ])('%s', (_n, spec, scope, expected) => {
    expect(podMatchesScope(pod(spec), scope)).toBe(expected);
  });
});

describe('refForQuotaResource', () => {
  it.each<[string, string | undefined]>([
    ['pods', '/v1/pods'],
    ['deployments.apps', 'apps/v1/deployments'],
    ['horizontalpodautoscalers.autoscaling', 'autoscaling/v2/horizontalpodautoscalers'],
    ['nodes', undefined],
    ['widgets.example.com', undefined],
  ])('%s', (name, expected) => {
    const ref = refForQuotaResource(name);
    expect(ref ? `${ref.group}/${ref.version}/${ref.resource}` : undefined).toBe(expected);
  });
});
