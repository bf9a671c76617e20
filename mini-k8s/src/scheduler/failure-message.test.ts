import { describe, expect, it } from 'vitest';
import { formatFitError, reasonHistogram } from './failure-message';
import { Status, unresolvable, unschedulable } from './framework/status';

const CP = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const statuses = (entries: [string, Status][]) => new Map(entries);

describe('formatFitError', () => {
  it.each<[string, Parameters<typeof formatFitError>[0], string]>([
    [
      'taint and cpu, with preemption analysis',
      {
        numAllNodes: 3,
        statuses: statuses([
          ['controlplane', unresolvable(CP)],
          ['node01', unschedulable('Insufficient cpu')],
          ['node02', unschedulable('Insufficient cpu')],
        ]),
        postFilterMessage:
          'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
      },
      `0/3 nodes are available: 1 ${CP}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    ],
    [
      'every reason of a node counts',
      {
        numAllNodes: 2,
        statuses: statuses([
          ['a', unschedulable('Insufficient cpu', 'Insufficient memory')],
          ['b', unschedulable('Insufficient memory')],
        ]),
      },
      '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    ],
    [
      'sorted as strings, so 10 comes before 9',
      {
        numAllNodes: 19,
        statuses: statuses([
          ...Array.from({ length: 10 }, (_, i): [string, Status] => [
            `x${i}`,
            unschedulable('Too many pods'),
          ]),
          ...Array.from({ length: 9 }, (_, i): [string, Status] => [
            `y${i}`,
            unschedulable('Insufficient cpu'),
          ]),
        ]),
      },
      '0/19 nodes are available: 10 Too many pods, 9 Insufficient cpu.',
    ],
    [
      'byte order puts upper case before lower case',
      {
        numAllNodes: 2,
        statuses: statuses([
          ['a', unresolvable("node(s) didn't match Pod's node affinity/selector")],
          ['b', unschedulable('Insufficient cpu')],
        ]),
      },
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector.",
    ],
    [
      'PreFilter message replaces the histogram',
      {
        numAllNodes: 3,
        statuses: statuses([['a', unresolvable('ignored')]]),
        preFilterMessage: 'pod has unbound immediate PersistentVolumeClaims',
        postFilterMessage: 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      },
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ],
    [
      'post filter sentence keeps its own period',
      {
        numAllNodes: 1,
        statuses: statuses([['a', unschedulable('Insufficient cpu')]]),
        postFilterMessage: 'preemption: not eligible due to preemptionPolicy=Never.',
      },
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    ],
    ['no nodes at all', { numAllNodes: 0, statuses: new Map() }, '0/0 nodes are available:'],
  ])('%s', (_name, input, expected) => {
    expect(formatFitError(input)).toBe(expected);
  });
});

describe('reasonHistogram', () => {
  it('counts identical reasons across nodes', () => {
    expect(
      reasonHistogram(
        statuses([
          ['a', unresolvable(CP)],
          ['b', unresolvable(CP)],
          ['c', new Status('Unschedulable', ['x'])],
        ]),
      ),
    ).toEqual(['1 x', `2 ${CP}`]);
  });
});
