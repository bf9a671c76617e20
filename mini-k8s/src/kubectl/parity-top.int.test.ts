/**
 * Output parity of `kubectl top` with the REAL kubectl (v1.32) against the cluster's metrics.k8s.io API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

function normalized(r: RunResult): RunResult {
  return { stdout: mask(r.stdout), stderr: mask(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl top parity', () => {
  let p: ParityCluster;

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'dev']);
    await p.real(['rollout', 'status', 'deployment/web', '-n', 'dev', '--timeout=20s']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['top'],
    ['top foo'],
    ['top nodes'],
    ['top node node01'],
    ['top no --sort-by=cpu'],
    ['top node --no-headers --show-capacity'],
    ['top node nope'],
    ['top pods -n dev'],
    ['top pod -n dev --containers'],
    ['top pod -n dev --sort-by=memory --no-headers'],
    ['top po -A'],
    ['top pod nope -n dev'],
    ['top pod -n default'],
    ['top pod -n dev -l app=web'],
    ['top pod -n dev --sort-by=foo'],
  ])('%s', async (cmd) => {
    const args = cmd.split(' ');
    let [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    // Usage samples move between scrapes; one retry absorbs a change between the two runs.
    if (JSON.stringify(normalized(real)) !== JSON.stringify(normalized(ours))) {
      [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    }
    expect(normalized(ours)).toEqual(normalized(real));
  });
});
