import { describe, expect, it } from 'vitest';
import { makePod } from './framework/fixtures';
import { newPodInfo } from './framework/pod-info';
import type { Pod } from './framework/types';
import { bindingFor, disruptionTargetPatch, preemptedMessage, unschedulableStatusPatch } from './pod-writes';

const now = new Date('2026-03-01T10:00:00.123Z');
const withCondition = (
  status: 'True' | 'False',
  reason: string,
  message: string,
  nominatedNodeName?: string,
): Pod => ({
  ...makePod('p'),
  status: {
    nominatedNodeName,
    conditions: [
      {
        type: 'PodScheduled',
        status,
        reason,
        message,
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  },
});

describe('unschedulableStatusPatch', () => {
  it.each<[string, Pod, string | undefined, unknown]>([
    [
      'first failure sets the condition at now',
      makePod('p'),
      undefined,
      {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: '2026-03-01T10:00:00Z',
              reason: 'Unschedulable',
              message: 'm',
            },
          ],
        },
      },
    ],
    [
      'identical condition writes nothing',
      withCondition('False', 'Unschedulable', 'm'),
      undefined,
      undefined,
    ],
    [
      'new message keeps the transition time',
      withCondition('False', 'Unschedulable', 'old'),
      undefined,
      {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: '2026-01-01T00:00:00Z',
              reason: 'Unschedulable',
              message: 'm',
            },
          ],
        },
      },
    ],
    [
      'nomination is written even when the condition is unchanged',
      withCondition('False', 'Unschedulable', 'm'),
      'node01',
      {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: '2026-01-01T00:00:00Z',
              reason: 'Unschedulable',
              message: 'm',
            },
          ],
          nominatedNodeName: 'node01',
        },
      },
    ],
    [
      'same nomination and condition writes nothing',
      withCondition('False', 'Unschedulable', 'm', 'node01'),
      'node01',
      undefined,
    ],
  ])('%s', (_name, pod, nominated, expected) => {
    expect(unschedulableStatusPatch(pod, 'Unschedulable', 'm', nominated, now)).toEqual(expected);
  });
});

describe('pod write bodies', () => {
  const info = newPodInfo(makePod('web-1'));
  it('builds the Binding', () => {
    expect(bindingFor(info, 'node01')).toEqual({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web-1', namespace: 'default', uid: 'uid-web-1' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
    });
  });
  it('builds the victim condition and event text', () => {
    expect(disruptionTargetPatch('default-scheduler', now).status.conditions).toEqual([
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: 'default-scheduler: preempting to accommodate a higher priority pod',
        lastTransitionTime: '2026-03-01T10:00:00Z',
      },
    ]);
    expect(preemptedMessage(info, 'node02')).toBe('Preempted by pod uid-web-1 on node node02');
  });
});
