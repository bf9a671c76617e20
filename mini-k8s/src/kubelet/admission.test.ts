import { describe, expect, it } from 'vitest';
import { admit, podRequests, rejectionStatusMessage, type PodAdmitHandler } from './admission';
import type { Pod } from './types';

const pod = (cpu: string, hostPort?: number, init?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [
      {
        name: 'c',
        resources: { requests: { cpu } },
        ports: hostPort ? [{ containerPort: 80, hostPort }] : [],
      },
    ],
    initContainers: init ? [{ name: 'i', resources: { requests: { cpu: init } } }] : [],
  },
});
const allocatable = { cpu: '2', memory: '4Gi', pods: '110' };

describe('admit', () => {
  it.each([
    ['fits', pod('500m'), [pod('1')], undefined],
    ['too much cpu', pod('1500m'), [pod('1')], 'OutOfcpu'],
    ['hostPort conflict', pod('100m', 8080), [pod('100m', 8080)], 'NodePorts'],
  ])('%s', (_name, candidate, others, reason) => {
    expect(admit(candidate, others, allocatable)?.reason).toBe(reason);
  });

  it('uses the upstream messages (event, then pod status)', () => {
    const rejection = admit(pod('1500m'), [pod('1')], allocatable);
    expect(rejection?.message).toBe(
      "Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
    );
    expect(rejection && rejectionStatusMessage(rejection)).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
    );
  });

  it('runs the extra admit handlers first, in order', () => {
    const seen: string[] = [];
    const refuse: PodAdmitHandler = (p) => {
      seen.push('refuse');
      return { reason: 'PodSecurityForbidden', message: `no ${p.metadata.name}` };
    };
    const pass: PodAdmitHandler = () => {
      seen.push('pass');
      return undefined;
    };
    // Why: the candidate would also fail on CPU; a platform policy refusal is reported first.
    expect(admit(pod('1500m'), [pod('1')], allocatable, [pass, refuse])).toEqual({
      reason: 'PodSecurityForbidden',
      message: 'no p',
    });
    expect(seen).toEqual(['pass', 'refuse']);
    expect(admit(pod('100m'), [], allocatable, [pass])).toBeUndefined();
  });

  it('counts the largest init container', () => {
    expect(podRequests(pod('100m', undefined, '700m'), 'cpu')).toBe(700);
  });
});
