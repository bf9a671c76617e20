/**
 * Output parity with the REAL kubectl (v1.32) of wait: flag and condition errors, conditions and
 * jsonpath values already met, timeouts (`--timeout=0` and short timeouts), `--for=delete` and
 * `--for=create` on objects that change while both kubectls wait.
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

const hashes = (s: string) => mask(s).replace(/\breal-[a-z0-9]{6,10}(-[a-z0-9]{5})?\b/g, 'real-HASH');

/**
 * clientGoLogs drops client-go's own klog lines about its watch (`reflector.go`: "very short watch", "Failed to
 * watch … context deadline exceeded"): kubectl prints them or not depending on how much of a short --timeout is
 * left when its informer starts, on a real cluster as here.
 */
const clientGoLogs = (s: string) => s.replace(/^[IWE]\d{4} [\d:.]+\s+\d+ reflector\.go:\d+\] .*\n/gm, '');

function normalized(r: RunResult): RunResult {
  return { stdout: hashes(r.stdout), stderr: hashes(clientGoLogs(r.stderr)), code: r.code };
}

describe.skipIf(!available)('kubectl wait parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'deployment', 'real', '--image=nginx:1.25', '-n', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
    await p.real(['wait', '--for=condition=Available', 'deploy/real', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['wait'],
    ['wait --for=condition=Ready'],
    ['wait --for=foo pod/x'],
    ['wait --for=condition=Ready pod/x --timeout=5'],
    ['wait --for=condition=Ready pod/x -o foo'],
    ['wait --for=condition=Available deploy/real -n dev'],
    ['wait --for=condition=available=TRUE deploy/real -n dev -o name'],
    ['wait --for=condition=Available=false deploy/real -n dev --timeout=0'],
    ['wait --for=condition=Available=false deploy/real -n dev --timeout=1s'],
    ['wait --for=condition=Ready pod/nope -n dev'],
    ['wait --for=delete pod/nope -n dev'],
    ['wait --for=delete cm/cfg -n dev --timeout=0'],
    ['wait --for=delete cm/cfg -n dev --timeout=1s'],
    ['wait --for=jsonpath={.spec.replicas}=1 deploy/real -n dev'],
    ['wait --for=jsonpath=.spec.replicas=2 deploy/real -n dev --timeout=0'],
    ['wait --for=jsonpath={.spec} deploy/real -n dev'],
    ['wait --for=jsonpath={.spec}=1 deploy/real -n dev'],
    ['wait --for=jsonpath={.data.a}="b" cm/cfg -n dev'],
    ['wait --for=jsonpath= deploy/real -n dev'],
    ['wait --for=jsonpath={.a}= deploy/real -n dev'],
    ['wait --for=jsonpath={.a}=1=2 deploy/real -n dev'],
    ['wait --for=condition=Ready pods -n dev'],
    ['wait --for=condition=Ready pods -l app=real -n dev'],
    ['wait --for=condition=Ready pods -l app=none -n dev'],
    ['wait --for=delete pods -l app=none -n dev'],
    ['wait --for=create cm/cfg -n dev'],
    ['wait --for=create cm/nope -n dev --timeout=1s'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('waits for an object to be deleted and for one to be created', async () => {
    await p.real(['create', 'configmap', 'gone', '-n', 'dev']);
    const waits = Promise.all([
      p.real(['wait', '--for=delete', 'cm/gone', '-n', 'dev', '--timeout=20s']),
      p.ours(['wait', '--for=delete', 'cm/gone', '-n', 'dev', '--timeout=20s']),
      p.real(['wait', '--for=create', 'cm/new', '-n', 'dev', '--timeout=20s']),
      p.ours(['wait', '--for=create', 'cm/new', '-n', 'dev', '--timeout=20s']),
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    await p.real(['delete', 'configmap', 'gone', '-n', 'dev']);
    await p.real(['create', 'configmap', 'new', '-n', 'dev']);
    const [realDelete, oursDelete, realCreate, oursCreate] = await waits;
    expect(normalized(oursDelete)).toEqual(normalized(realDelete));
    expect(normalized(oursCreate)).toEqual(normalized(realCreate));
    expect(realDelete).toEqual({ stdout: 'configmap/gone condition met\n', stderr: '', code: 0 });
  });

  it('waits for a condition that becomes true', async () => {
    await p.real(['scale', 'deploy/real', '--replicas=0', '-n', 'dev']);
    const waits = Promise.all([
      p.real(['wait', '--for=jsonpath={.status.replicas}=2', 'deploy/real', '-n', 'dev', '--timeout=20s']),
      p.ours(['wait', '--for=jsonpath={.status.replicas}=2', 'deploy/real', '-n', 'dev', '--timeout=20s']),
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    await p.real(['scale', 'deploy/real', '--replicas=2', '-n', 'dev']);
    const [real, ours] = await waits;
    expect(normalized(ours)).toEqual(normalized(real));
    expect(real.code).toBe(0);
  });
});
