/**
 * Output parity with the REAL kubectl (v1.32) of autoscale: validation, targets without a scale
 * subresource, the generated HorizontalPodAutoscaler (--dry-run=client -o yaml|json) and real creations
 * paired on twin deployments.
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

const klog = (s: string) => mask(s).replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1 KLOG ');

function normalized(r: RunResult): RunResult {
  return { stdout: klog(r.stdout), stderr: klog(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl autoscale parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  async function paired(args: string[]): Promise<void> {
    const real = await p.real(args);
    const ours = await p.ours(args.map((a) => a.replaceAll('real', 'ours')));
    const back = (s: string) => mask(s.replaceAll('ours', 'real'));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
      normalized(real),
    );
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours'])
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '-n', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['autoscale'],
    ['autoscale deploy real -n dev'],
    ['autoscale deploy real -n dev --max=2 --min=3'],
    ['autoscale deploy nope -n dev --max=2'],
    ['autoscale deploy -n dev --max=2'],
    ['autoscale cm cfg -n dev --max=2'],
    ['autoscale deploy real -n dev --max=5 --dry-run=client'],
    ['autoscale deploy real -n dev --max=5 --min=2 --cpu-percent=80 --dry-run=client -o yaml'],
    ['autoscale deploy/real -n dev --max=5 --name=web --dry-run=client -o json'],
    ['autoscale deploy real -n dev --max=5 --dry-run=client -o foo'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('creates autoscalers for twin deployments the same way', async () => {
    await paired([
      'autoscale',
      'deploy',
      'real',
      '-n',
      'dev',
      '--max=4',
      '--cpu-percent=50',
      '--dry-run=server',
    ]);
    await paired(['autoscale', 'deploy', 'real', '-n', 'dev', '--max=4', '--cpu-percent=50']);
    await paired(['autoscale', 'deploy', 'real', '-n', 'dev', '--max=4']);
    await paired(['get', 'hpa', 'real', '-n', 'dev', '-o', 'jsonpath={.spec}']);
  });
});
