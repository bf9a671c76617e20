import { describe, expect, it } from 'vitest';
import { nodePrinter } from './nodes';
import { NOW, ago, kubeObject } from './test-fixtures';

const ctx = { now: NOW };
const DAY = 24 * 3600_000;

function node(
  labels: Record<string, string>,
  spec: Record<string, unknown>,
  conditions: unknown[],
  status = {},
) {
  return kubeObject(
    'v1',
    'Node',
    { name: 'kind-control-plane', labels, creationTimestamp: ago(3 * DAY + 2 * 3600_000) },
    { spec, status: { conditions, ...status } },
  );
}

const nodeInfo = {
  kubeletVersion: 'v1.32.4',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0-45-generic',
  containerRuntimeVersion: 'containerd://1.7.24',
};

describe('nodePrinter', () => {
  it('prints a cordoned control-plane node with the wide columns', () => {
    const obj = node(
      { 'kubernetes.io/hostname': 'kind-control-plane', 'node-role.kubernetes.io/control-plane': '' },
      { unschedulable: true },
      [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ],
      {
        nodeInfo,
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'kind-control-plane' },
        ],
      },
    );
    expect(nodePrinter.print(obj, ctx).cells).toEqual([
      'kind-control-plane',
      'Ready,SchedulingDisabled',
      'control-plane',
      '3d2h',
      'v1.32.4',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-45-generic',
      'containerd://1.7.24',
    ]);
  });

  it.each([
    ['ready', [{ type: 'Ready', status: 'True' }], false, 'Ready'],
    ['not ready', [{ type: 'Ready', status: 'False' }], false, 'NotReady'],
    ['unknown ready', [{ type: 'Ready', status: 'Unknown' }], false, 'NotReady'],
    ['no Ready condition', [], false, 'Unknown'],
    ['no condition, cordoned', [], true, 'Unknown,SchedulingDisabled'],
    [
      'last Ready condition wins',
      [
        { type: 'Ready', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      false,
      'Ready',
    ],
  ])('STATUS for %s', (_label, conditions, unschedulable, expected) => {
    expect(nodePrinter.print(node({}, { unschedulable }, conditions), ctx).cells[1]).toBe(expected);
  });

  it.each([
    [{}, '<none>'],
    [
      { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' },
      'control-plane,worker',
    ],
    [{ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': 'true' }, 'master'],
    [{ 'node-role.kubernetes.io/': '' }, '<none>'],
    [{ 'kubernetes.io/role': '' }, '<none>'],
  ])('ROLES from labels %j', (labels, expected) => {
    expect(nodePrinter.print(node(labels, {}, []), ctx).cells[2]).toBe(expected);
  });

  it('prints <unknown> for missing system info and <none> for missing addresses', () => {
    expect(nodePrinter.print(node({}, {}, []), ctx).cells.slice(4)).toEqual([
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});
