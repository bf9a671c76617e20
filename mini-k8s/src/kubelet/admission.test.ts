import { describe, expect, it } from 'vitest';
import { admit, podRequests } from './admission';
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

  it('uses the upstream message', () => {
    expect(admit(pod('1500m'), [pod('1')], allocatable)?.message).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
    );
  });

  it('counts the largest init container', () => {
    expect(podRequests(pod('100m', undefined, '700m'), 'cpu')).toBe(700);
  });
});
