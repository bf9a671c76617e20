/**
 * Output parity with the REAL kubectl (v1.32) of `set resources` and `set env`: validation and lookup
 * errors on the same state, then changes paired on twin deployments (`real` by kubectl, `ours` by
 * runKubectl) with the resulting pod templates compared.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const hashes = (s: string) => mask(s).replace(/\breal-[a-z0-9]{6,10}\b/g, 'real-HASH');

describe.skipIf(!available)('kubectl set resources and set env parity', () => {
  let p: ParityCluster;

  const { same, paired } = twinComparisons(() => p, hashes);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours']) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '-n', 'dev']);
    }
    await p.real(['create', 'configmap', 'cfg', '--from-literal=A=1', '--from-literal=b.c=2', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  describe('set resources', () => {
    it.each([
      ['set resources'],
      ['set resources deploy real -n dev'],
      ['set resources deploy nope -n dev --limits=cpu=1'],
      ['set resources deploy -n dev --limits=cpu=1'],
      ['set resources deploy real -n dev --limits=cpu'],
      ['set resources deploy real -n dev --limits=cpu=abc'],
      ['set resources deploy real -n dev --limits=cpu=1 -c nope'],
      ['set resources cm cfg -n dev --limits=cpu=1'],
      ['set resources deploy real -n dev --limits=cpu=1 --all -l a=b'],
      ['set resources deploy -n dev --limits=cpu=1 --all -l a=b'],
      ['set resources deploy real -n dev --limits=cpu=1 -o foo'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });

    it('sets limits and requests on twin deployments the same way', async () => {
      await paired(['set', 'resources', 'deploy', 'real', '-n', 'dev', '--limits=cpu=200m,memory=512Mi']);
      await paired(['set', 'resources', 'deploy/real', '-n', 'dev', '--limits=cpu=200m,memory=512Mi']);
      await paired(['set', 'resources', 'deploy', 'real', '-n', 'dev', '--requests=cpu=0.1', '-c', 'ngi*']);
      await paired([
        'set',
        'resources',
        'deploy',
        'real',
        '-n',
        'dev',
        '--requests=cpu=1',
        '--dry-run=client',
      ]);
      await paired([
        'set',
        'resources',
        'deploy',
        'real',
        '-n',
        'dev',
        '--requests=cpu=1',
        '--dry-run=server',
        '-o',
        'name',
      ]);
      await paired([
        'get',
        'deploy',
        'real',
        '-n',
        'dev',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].resources}',
      ]);
    });
  });

  describe('set env', () => {
    it.each([
      ['set env'],
      ['set env deploy real -n dev'],
      ['set env A=1 deploy/real -n dev'],
      ['set env deploy/real A=1 deploy/x -n dev'],
      ['set env deploy/real 1A=1 -n dev'],
      ['set env deploy/real A=1 A- -n dev'],
      ['set env deploy/real --list -o yaml -n dev'],
      ['set env deploy/real --keys=a -n dev'],
      ['set env deploy/nope A=1 -n dev'],
      ['set env cm/cfg A=1 -n dev'],
      ['set env deploy/real A=1 -c nope -n dev'],
      ['set env deploy/real --all -l a=b A=1 -n dev'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });

    it('changes the environment of twin deployments the same way', async () => {
      await paired(['set', 'env', 'deploy/real', 'A=1', 'B=two words', '-n', 'dev']);
      await paired(['set', 'env', 'deploy/real', 'A=1', '-n', 'dev']);
      await paired(['set', 'env', 'deploy/real', 'A=3', '--overwrite=false', '-n', 'dev']);
      await paired([
        'set',
        'env',
        'deploy/real',
        '-e',
        'C=c',
        'A=2',
        'B-',
        '-n',
        'dev',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].env}',
      ]);
      await paired([
        'set',
        'env',
        'deploy/real',
        '--from=configmap/cfg',
        '--keys=b.c',
        '--prefix=P_',
        '-n',
        'dev',
      ]);
      await paired(['set', 'env', 'deploy/real', '--list', '-n', 'dev']);
      await paired(['set', 'env', 'deploy', 'real', 'D=1', '--dry-run=client', '-n', 'dev']);
      await paired(['set', 'env', 'deploy/real', 'A-', 'C-', 'P_B_C-', '-n', 'dev']);
      await paired([
        'get',
        'deploy',
        'real',
        '-n',
        'dev',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].env}',
      ]);
    });
  });
});
