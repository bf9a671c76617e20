import { describe, expect, it } from 'vitest';
import { podConditions, podPhase } from './pod-status';
import type { ContainerStatusApi, Pod } from './types';

const pod = (restartPolicy: 'Always' | 'OnFailure' | 'Never'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { restartPolicy, containers: [{ name: 'c' }] },
});
const st = (
  state: ContainerStatusApi['state'],
  last: ContainerStatusApi['lastState'] = {},
  ready = false,
): ContainerStatusApi => ({
  name: 'c',
  state,
  lastState: last,
  ready,
  restartCount: 0,
  image: 'nginx',
  imageID: '',
});
const term = (exitCode: number) => ({ terminated: { exitCode, startedAt: null, finishedAt: null } });

describe('podPhase', () => {
  it.each([
    ['Always', st({ waiting: { reason: 'ContainerCreating' } }), 'Pending'],
    ['Always', st({ running: { startedAt: 'x' } }), 'Running'],
    ['Always', st({ waiting: { reason: 'CrashLoopBackOff' } }, term(1)), 'Running'],
    ['Never', st(term(0)), 'Succeeded'],
    ['Never', st(term(1)), 'Failed'],
    ['OnFailure', st(term(1)), 'Running'],
    ['OnFailure', st(term(0)), 'Succeeded'],
  ] as const)('%s with %j → %s', (policy, status, phase) => {
    expect(podPhase(pod(policy), [], [status])).toBe(phase);
  });

  it('ends a deleted Always pod Failed unless every container succeeded', () => {
    expect(podPhase(pod('Always'), [], [st(term(137))], true)).toBe('Failed');
    expect(podPhase(pod('Always'), [], [st(term(0))], true)).toBe('Succeeded');
  });
});

describe('podConditions', () => {
  it('keeps lastTransitionTime while the status holds and reports unready containers', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const first = podConditions(
      pod('Always'),
      'Pending',
      true,
      [],
      [st({ waiting: { reason: 'X' } })],
      undefined,
      t0,
    );
    const ready = first.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [c]',
    });
    const later = podConditions(
      pod('Always'),
      'Pending',
      true,
      [],
      [st({ waiting: { reason: 'X' } })],
      first,
      new Date(t0.getTime() + 5000),
    );
    expect(later.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    const running = podConditions(
      pod('Always'),
      'Running',
      true,
      [],
      [st({ running: { startedAt: 'x' } }, {}, true)],
      first,
      new Date(t0.getTime() + 9000),
    );
    expect(running.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      lastTransitionTime: '2026-01-01T00:00:09Z',
    });
  });
});
