import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { daemonTolerations, pinToNode, podNodeName, shouldRunOn } from './eligibility';

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } };
}

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('daemonset eligibility', () => {
  it.each([
    ['a plain node', node('n1'), {}, true],
    ['a control-plane taint without toleration', node('cp', {}, [controlPlaneTaint]), {}, false],
    [
      'a control-plane taint with toleration',
      node('cp', {}, [controlPlaneTaint]),
      {
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
      true,
    ],
    ['a PreferNoSchedule taint', node('n1', {}, [{ key: 'x', effect: 'PreferNoSchedule' }]), {}, true],
    [
      'an unschedulable taint (tolerated by default)',
      node('n1', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      {},
      true,
    ],
    [
      'an unreachable NoExecute taint (tolerated by default)',
      node('n1', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]),
      {},
      true,
    ],
    ['a nodeSelector that matches', node('n1', { disk: 'ssd' }), { nodeSelector: { disk: 'ssd' } }, true],
    [
      'a nodeSelector that does not match',
      node('n1', { disk: 'hdd' }),
      { nodeSelector: { disk: 'ssd' } },
      false,
    ],
    [
      'a required affinity NotIn',
      node('n1', { zone: 'a' }),
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }],
            },
          },
        },
      },
      false,
    ],
    [
      'a required affinity on the name field',
      node('n1'),
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
              ],
            },
          },
        },
      },
      true,
    ],
  ])('%s', (_name, n, spec, expected) => {
    expect(shouldRunOn(n, spec)).toBe(expected);
  });

  it('adds the default daemon tolerations (network-unavailable only with hostNetwork)', () => {
    const keys = (spec: Record<string, unknown>): string[] =>
      daemonTolerations(spec).map((t) => `${t.key}:${t.effect}`);
    expect(keys({})).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(keys({ hostNetwork: true })).toContain('node.kubernetes.io/network-unavailable:NoSchedule');
  });

  it('pins a pod to its node with a metadata.name field term', () => {
    const spec = pinToNode({ containers: [] }, 'node01');
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node01'] }] },
          ],
        },
      },
    });
    expect(podNodeName({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec })).toBe('node01');
    expect(
      podNodeName({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...spec, nodeName: 'node02' } }),
    ).toBe('node02');
  });
});
