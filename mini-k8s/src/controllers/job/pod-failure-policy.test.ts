import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { matchPodFailurePolicy, type PodFailurePolicy } from './pod-failure-policy';

function failedPod(status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x-abc', namespace: 'default' }, status };
}

const exited = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } } });

const POLICY: PodFailurePolicy = {
  rules: [
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
    { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
  ],
};

describe('matchPodFailurePolicy', () => {
  it('FailJob on an exit code, with upstream message', () => {
    expect(matchPodFailurePolicy(POLICY, failedPod({ containerStatuses: [exited('main', 42)] }))).toEqual({
      action: 'FailJob',
      countFailed: true,
      message:
        'Container main for pod default/x-abc failed with exit code 42 matching FailJob rule at index 0',
    });
  });

  it('Ignore on a DisruptionTarget condition', () => {
    const pod = failedPod({
      conditions: [{ type: 'DisruptionTarget', status: 'True' }],
      containerStatuses: [exited('main', 137)],
    });
    expect(matchPodFailurePolicy(POLICY, pod)).toEqual({ action: 'Ignore', countFailed: false });
  });

  it('a condition pattern needs the same status', () => {
    const pod = failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'False' }] });
    expect(matchPodFailurePolicy(POLICY, pod)).toEqual({ countFailed: true });
  });

  it('Count on NotIn, and no rule on an In-listed code of another container', () => {
    expect(matchPodFailurePolicy(POLICY, failedPod({ containerStatuses: [exited('side', 3)] }))).toEqual({
      action: 'Count',
      countFailed: true,
    });
    expect(matchPodFailurePolicy(POLICY, failedPod({ containerStatuses: [exited('side', 1)] }))).toEqual({
      countFailed: true,
    });
  });

  it('ignores exit code 0 and running containers, falls back to init containers', () => {
    const pod = failedPod({
      containerStatuses: [exited('main', 0), { name: 'other', state: { running: {} } }],
      initContainerStatuses: [exited('main', 42)],
    });
    expect(matchPodFailurePolicy(POLICY, pod).message).toBe(
      'Container main for pod default/x-abc failed with exit code 42 matching FailJob rule at index 0',
    );
  });

  it('FailJob on a pod condition and skipping unknown actions', () => {
    const policy: PodFailurePolicy = {
      rules: [
        { action: 'Future', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    };
    const pod = failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    expect(matchPodFailurePolicy(policy, pod)).toEqual({
      action: 'FailJob',
      countFailed: true,
      message: 'Pod default/x-abc has condition DisruptionTarget matching FailJob rule at index 1',
    });
  });
});
