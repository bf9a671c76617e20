import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../mini-k8s/src/scheduler/decisions';
import { explainDecision } from './snapshot';

const base = { namespace: 'default', name: 'web', uid: 'u1', time: '2026-03-02T09:00:00Z' };

describe('explainDecision', () => {
  it('names the chosen node, its score and why the others were set aside', () => {
    const d: Decision = {
      ...base,
      outcome: 'Scheduled',
      node: 'worker-1',
      message: 'Successfully assigned default/web to worker-1',
      nodes: [
        {
          node: 'controlplane',
          filteredBy: 'TaintToleration',
          reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
        },
        { node: 'worker-1', scores: { NodeResourcesFit: 90 }, total: 190 },
        { node: 'worker-2', scores: { NodeResourcesFit: 80 }, total: 170 },
      ],
    };
    expect(explainDecision(d)).toBe(
      'Placé sur worker-1 : meilleur score (190) parmi 2 nœuds possibles ; controlplane écarté par TaintToleration (node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }).',
    );
  });

  it('gives the FailedScheduling message when no node fits, with a preemption when there is one', () => {
    const d: Decision = {
      ...base,
      outcome: 'Unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu.',
      nodes: [],
      preemption: { nominatedNode: 'worker-2', victims: ['default/low'] },
    };
    expect(explainDecision(d)).toBe(
      'Non placé (aucun nœud ne convient) : 0/3 nodes are available: 3 Insufficient cpu. Préemption : worker-2 libéré en évinçant default/low.',
    );
    expect(
      explainDecision({
        ...d,
        nodes: [{ node: 'worker-1' }],
        outcome: 'Scheduled',
        node: 'worker-1',
        preemption: undefined,
      }),
    ).toBe('Placé sur worker-1 : seul nœud possible.');
  });
});
