import { describe, expect, it } from 'vitest';
import { checkLogStatus, checkRunning, parseBool, resolveContainer, requireHost } from './pod-target';
import type { PodView } from './pod-target';
import { runningPodStatus } from './test-support';
import type { FakeContainerState } from './test-support';

function pod(containers: Record<string, FakeContainerState>, extra: Partial<PodView['spec']> = {}): PodView {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'node01', containers: Object.keys(containers).map((name) => ({ name })), ...extra },
    status: runningPodStatus(containers) as PodView['status'],
  };
}

describe('resolveContainer', () => {
  it.each([
    [{ nginx: 'running' as const }, null, 'nginx'],
    [{ a: 'running' as const, b: 'running' as const }, 'b', 'b'],
  ])('%j with %s gives %s', (containers, name, expected) => {
    expect(resolveContainer(pod(containers), name)).toBe(expected);
  });

  it.each([
    [
      pod({ a: 'running', b: 'running' }),
      null,
      'a container name must be specified for pod web, choose one of: [a b]',
    ],
    [
      pod({ a: 'running', b: 'running' }, { initContainers: [{ name: 'init' }] }),
      '',
      'a container name must be specified for pod web, choose one of: [init a b]',
    ],
    [pod({}), null, 'a container name must be specified for pod web'],
    [pod({ a: 'running' }), 'x', 'container x is not valid for pod web'],
  ])('rejects %#', (p, name, message) => {
    expect(() => resolveContainer(p, name)).toThrow(message);
  });
});

describe('kubelet status checks', () => {
  it.each([
    ['running', false, undefined],
    ['restarted', true, undefined],
    ['running', true, 'previous terminated container "c" in pod "web" not found'],
    ['waiting', false, 'container "c" in pod "web" is waiting to start: ContainerCreating'],
  ] as const)('logs of a %s container (previous=%s)', (state, previous, message) => {
    const check = () => checkLogStatus(pod({ c: state }), 'c', previous);
    if (message) expect(check).toThrow(message);
    else expect(check).not.toThrow();
  });

  it('reports a container without status as not available', () => {
    expect(() => checkLogStatus(pod({ c: 'running' }), 'other', false)).toThrow(
      'container "other" in pod "web" is not available',
    );
  });

  it('allows exec only into running containers', () => {
    expect(() => checkRunning(pod({ c: 'running' }), 'c')).not.toThrow();
    expect(() => checkRunning(pod({ c: 'waiting' }), 'c')).toThrow('container not found ("c")');
  });

  it('requires a host', () => {
    expect(requireHost(pod({ c: 'running' }))).toBe('node01');
    expect(() => requireHost(pod({ c: 'running' }, { nodeName: undefined }))).toThrow(
      'pod web does not have a host assigned',
    );
  });

  it.each([
    ['true', true],
    ['1', true],
    ['False', false],
    ['', false],
  ])('parses %s as %s', (value, expected) => {
    expect(parseBool(new URLSearchParams({ x: value }), 'x')).toBe(expected);
  });
});
