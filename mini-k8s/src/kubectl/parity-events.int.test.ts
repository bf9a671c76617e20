/**
 * Output parity with the REAL kubectl (v1.32) of `kubectl events`: the events of a pod's start-up in a
 * namespace, filtered by type and by object, as a table or with -o, and the validation errors.
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

describe.skipIf(!available)('kubectl events parity', () => {
  let p: ParityCluster;

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'namespace', 'empty']);
    await p.real(['run', 'p1', '--image=nginx:1.25', '-n', 'dev']);
    await p.real(['wait', '--for=condition=Ready', 'pod/p1', '-n', 'dev']);
    // Let the kubelet's last events land.
    await new Promise((r) => setTimeout(r, 1500));
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['events -n dev'],
    ['events -n dev --no-headers'],
    ['events -n dev --types=Normal'],
    ['events -n dev --types=warning'],
    ['events -n dev --types=foo'],
    ['events -n empty'],
    ['events -n dev --for pod/p1'],
    ['events -n dev --for=po/p1 --types=Normal,Warning'],
    ['events -n dev --for p1'],
    ['events -n dev --for pod/p1/x'],
    ['events -n dev --for nope/p1'],
    ['events -n dev --for pod/nope'],
    ['events -n dev -o name'],
    ['events -n dev --for pod/p1 -o jsonpath={.items[*].reason}'],
    ['events -n dev -o wide'],
  ])('%s', async (cmd) => {
    const [real, ours] = await Promise.all([p.real(cmd.split(' ')), p.ours(cmd.split(' '))]);
    expect(normalized(ours)).toEqual(normalized(real));
  });

  it('watches new events until interrupted', async () => {
    const args = ['events', '-n', 'dev', '-w', '--types=Normal'];
    const real = p.startReal(args);
    const ours = p.startOurs(args);
    const until = async (condition: () => boolean) => {
      const end = Date.now() + 30_000;
      while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    };
    await until(() => real.stdout().includes('Started') && ours.stdout().includes('Started'));
    await p.real(['run', 'p2', '--image=nginx:1.25', '-n', 'dev']);
    await until(() => real.stdout().includes('p2') && real.stdout().length === ours.stdout().length);
    await new Promise((r) => setTimeout(r, 1500));
    const [r, o] = await Promise.all([real.interrupt(), ours.interrupt()]);
    expect(normalized(o)).toEqual(normalized(r));
    expect(r.stdout).toContain('Pod/p2');
  }, 60_000);
});
