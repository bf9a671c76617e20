/**
 * Output parity with the REAL kubectl (v1.32) of drain: the refusals (unmanaged pods, emptyDir data),
 * dry runs, and real drains of twin nodes (node01 by kubectl, node02 by runKubectl) each running one
 * pinned deployment pod, including the PodDisruptionBudget retry message.
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

const clean = (s: string) =>
  mask(s)
    .replace(/\b(real|ours)-[a-z0-9]{6,10}-[a-z0-9]{5}\b/g, '$1-POD')
    .replace(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'W0000 KLOG ');

function normalized(r: RunResult): RunResult {
  return { stdout: clean(r.stdout), stderr: clean(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl drain parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  /** paired drains node01 with kubectl and node02 with runKubectl (objects `real*` and `ours*`). */
  async function paired(
    args: string[],
    run: (a: string[]) => Promise<[RunResult, RunResult]>,
  ): Promise<void> {
    const [real, ours] = await run(args);
    const back = (s: string) => clean(s.replaceAll('node02', 'node01').replaceAll('ours', 'real'));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
      normalized(real),
    );
  }

  const both = async (args: string[]): Promise<[RunResult, RunResult]> => {
    const swap = (a: string) => a.replaceAll('node01', 'node02').replaceAll('real', 'ours');
    return Promise.all([p.real(args), p.ours(args.map(swap))]);
  };

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const [name, node] of [
      ['real', 'node01'],
      ['ours', 'node02'],
    ]) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '-n', 'dev']);
      await p.real([
        'patch',
        'deploy',
        name,
        '-n',
        'dev',
        '-p',
        `{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"${node}"}}}}}`,
      ]);
    }
    await p.real([
      'wait',
      '--for=condition=Available',
      'deploy/real',
      'deploy/ours',
      '-n',
      'dev',
      '--timeout=60s',
    ]);
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([['drain'], ['drain nope'], ['drain cm/x'], ['drain node01 --dry-run=client']])(
    '%s',
    async (cmd) => {
      await same(cmd.split(' '));
    },
  );

  it('refuses pods without a controller or with emptyDir data, unless told to', async () => {
    for (const [name, node] of [
      ['real-bare', 'node01'],
      ['ours-bare', 'node02'],
    ]) {
      await p.real([
        'run',
        name,
        '--image=nginx:1.25',
        '-n',
        'dev',
        `--overrides={"spec":{"nodeName":"${node}"}}`,
      ]);
    }
    await p.real([
      'wait',
      '--for=condition=Ready',
      'pod/real-bare',
      'pod/ours-bare',
      '-n',
      'dev',
      '--timeout=60s',
    ]);
    await paired(['drain', 'node01', '--ignore-daemonsets'], both);
    await paired(['uncordon', 'node01'], both);
    await paired(['drain', 'node01', '--ignore-daemonsets', '--force', '--dry-run=client'], both);
    await paired(['uncordon', 'node01'], both);
  }, 60_000);

  it('evicts the pods, retrying while a PodDisruptionBudget forbids it', async () => {
    for (const name of ['real', 'ours']) {
      await p.real(['delete', 'pod', `${name}-bare`, '-n', 'dev', '--grace-period=0', '--force']);
      await p.real([
        'create',
        'pdb',
        `${name}-pdb`,
        `--selector=app=${name}`,
        '--min-available=1',
        '-n',
        'dev',
      ]);
    }
    await paired(['uncordon', 'node01'], both);
    const drains = both(['drain', 'node01', '--ignore-daemonsets']);
    // Both drains meet the budget once, then it goes away and the retry 5 seconds later succeeds.
    await new Promise((r) => setTimeout(r, 2500));
    for (const name of ['real', 'ours']) await p.real(['delete', 'pdb', `${name}-pdb`, '-n', 'dev']);
    await paired([], () => drains);
    const [real] = await drains;
    expect(real.stderr).toContain('(will retry after 5s)');
    expect(real.stdout).toContain('node/node01 drained');
  }, 90_000);
});
