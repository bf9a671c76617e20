import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../framework/fixtures';
import type { PodInput } from '../../framework/fixtures';
import { EMPTY_LISTERS } from '../../framework/interface';
import { newPodInfo } from '../../framework/pod-info';
import { Framework } from '../../framework/runtime';
import { Snapshot } from '../../framework/snapshot';
import type { Node, Pod } from '../../framework/types';
import { formatFitError } from '../../failure-message';
import { defaultProfile } from '../registry';

/** attempt runs a full cycle and, when no node fits, PostFilter; returns the FailedScheduling text or the nomination. */
function attempt(nodes: Node[], pods: Pod[], input: PodInput) {
  const snapshot = Snapshot.build(nodes, pods);
  const fw = new Framework(defaultProfile({ listers: EMPTY_LISTERS }));
  const info = newPodInfo(makePod('incoming', input));
  const result = fw.schedule(info, snapshot);
  if (result.node) return { node: result.node };
  const post = fw.runPostFilter(result.state, info, result.statuses, snapshot);
  return {
    message: formatFitError({
      numAllNodes: result.numAllNodes,
      statuses: result.statuses,
      preFilterMessage: result.preFilterStatus?.message(),
      postFilterMessage: post.status?.message(),
    }),
    nominated: post.result?.nominatedNodeName,
    victims: post.result?.victims.map((v) => v.name).sort(),
  };
}

const cp = makeNode('controlplane', {
  cpu: '2',
  taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
});
const w1 = makeNode('node01', { cpu: '2' });
const w2 = makeNode('node02', { cpu: '2' });
const filler = (name: string, node: string, cpu: string, priority = 0) =>
  makePod(name, { nodeName: node, requests: { cpu }, priority });

describe('DefaultPreemption', () => {
  it.each<[string, Pod[], PodInput, ReturnType<typeof attempt>]>([
    [
      'equal priorities: no victims anywhere',
      [filler('a', 'node01', '1500m'), filler('b', 'node02', '1500m')],
      { requests: { cpu: '1' } },
      {
        message:
          '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
          'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        nominated: undefined,
        victims: undefined,
      },
    ],
    [
      'request larger than any node: removing victims does not help',
      [filler('a', 'node01', '500m', -1), filler('b', 'node02', '500m', -1)],
      { requests: { cpu: '3' } },
      {
        message:
          '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
          'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 Insufficient cpu.',
        nominated: undefined,
        victims: undefined,
      },
    ],
    [
      'preemptionPolicy Never',
      [filler('a', 'node01', '1500m', -1), filler('b', 'node02', '1500m', -1)],
      { requests: { cpu: '1' }, preemptionPolicy: 'Never' },
      {
        message:
          '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
          'preemption: not eligible due to preemptionPolicy=Never.',
        nominated: undefined,
        victims: undefined,
      },
    ],
    [
      // Reprieve goes in queue order: low-1 is re-added first and fits, so only low-2 must go.
      'lower-priority pods are preempted on the cheapest node, minimal victim set',
      [
        filler('low-1', 'node01', '1', -10),
        filler('low-2', 'node01', '900m', -10),
        filler('mid', 'node02', '1500m', 5),
      ],
      { requests: { cpu: '1' } },
      {
        message:
          '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
        nominated: 'node01',
        victims: ['low-2'],
      },
    ],
  ])('%s', (_name, pods, input, expected) => {
    expect(attempt([cp, w1, w2], pods, input)).toEqual(expected);
  });

  it('a PreFilter rejection prints its message and makes preemption unhelpful everywhere', () => {
    const volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'missing' } }];
    expect(attempt([cp, w1, w2], [], { volumes }).message).toBe(
      '0/3 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});
