/**
 * Scenario: Jobs seen through the real kubectl. An Indexed Job runs one pod per completion index (each
 * reads JOB_COMPLETION_INDEX from the downward API) and reports `Completed Indexes: 0-2`; a Job whose
 * podFailurePolicy has a FailJob rule on exit code 42 fails at the first such exit, with reason
 * PodFailurePolicy, without waiting for its backoffLimit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { squeeze, startTestCluster } from '../integration/harness';
import type { TestCluster } from '../integration/harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

async function ok(args: string[]): Promise<string> {
  const r = await t.kubectl(args, { timeoutMs: 90_000 });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const INDEXED = `apiVersion: batch/v1
kind: Job
metadata:
  name: squares
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "echo $((JOB_COMPLETION_INDEX * JOB_COMPLETION_INDEX))"]
`;

const FAIL_FAST = `apiVersion: batch/v1
kind: Job
metadata:
  name: fail-fast
spec:
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "exit 42"]
`;

describe('jobs', () => {
  it('an Indexed Job runs each index once and reports its completed indexes', async () => {
    await ok(['apply', '-f', t.writeFile('indexed.yaml', INDEXED)]);
    expect(await ok(['wait', '--for=condition=Complete', 'job/squares', '--timeout=60s'])).toBe(
      'job.batch/squares condition met\n',
    );
    expect(squeeze(await ok(['get', 'job', 'squares', '--no-headers']))).toMatch(
      /^squares {2}Complete {2}3\/3 {2}\S+ {2}\S+\n$/,
    );
    const described = squeeze(await ok(['describe', 'job', 'squares']));
    expect(described).toContain('\nCompletion Mode:  Indexed\n');
    expect(described).toContain('\nPods Statuses:  0 Active (0 Ready) / 3 Succeeded / 0 Failed\n');
    expect(described).toContain('\nCompleted Indexes:  0-2\n');
    const index = 'batch.kubernetes.io/job-completion-index';
    const pods = await ok([
      'get',
      'pods',
      '-l',
      'job-name=squares',
      '-o',
      `jsonpath={range .items[*]}{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index}={.spec.hostname}{"\\n"}{end}`,
    ]);
    expect(pods.trim().split('\n').sort()).toEqual(['0=squares-0', '1=squares-1', '2=squares-2']);
    expect(await ok(['logs', '-l', `job-name=squares,${index}=2`])).toBe('4\n');
  });

  it('a FailJob rule fails the Job at the first matching exit code', async () => {
    await ok(['apply', '-f', t.writeFile('fail-fast.yaml', FAIL_FAST)]);
    expect(await ok(['wait', '--for=condition=Failed', 'job/fail-fast', '--timeout=60s'])).toBe(
      'job.batch/fail-fast condition met\n',
    );
    const pod = (
      await ok(['get', 'pods', '-l', 'job-name=fail-fast', '-o', 'jsonpath={.items[*].metadata.name}'])
    ).trim();
    expect(pod).toMatch(/^fail-fast-[a-z0-9]{5}$/);
    const message = `Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`;
    expect(
      await ok([
        'get',
        'job',
        'fail-fast',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Failed")].reason}: {.status.conditions[?(@.type=="Failed")].message}',
      ]),
    ).toBe(`PodFailurePolicy: ${message}`);
    expect(squeeze(await ok(['get', 'job', 'fail-fast', '--no-headers']))).toMatch(
      /^fail-fast {2}Failed {2}0\/1 {2}\S+ {2}\S+\n$/,
    );
    const described = squeeze(await ok(['describe', 'job', 'fail-fast']));
    expect(described).toContain('\nPods Statuses:  0 Active (0 Ready) / 0 Succeeded / 1 Failed\n');
    expect(described).toMatch(
      new RegExp(
        `\\n {2}Warning {2}PodFailurePolicy {2}\\S+ {2}job-controller {2}${message.replace(/[/.]/g, '\\$&')}\\n`,
      ),
    );
  });
});
