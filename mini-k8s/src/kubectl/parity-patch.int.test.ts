/**
 * Output parity with the REAL kubectl (v1.32) of patch: validation and lookup errors on the same state,
 * then strategic, merge and JSON patches (server-side, on subresources, and client-side with
 * `--dry-run=client`) paired on twin objects (`real*` by kubectl, `ours*` by runKubectl).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const hashes = (s: string) =>
  mask(s)
    .replace(/\breal-[a-z0-9]{6,10}\b/g, 'real-HASH')
    .replace(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'W0000 KLOG ');

function normalized(r: RunResult): RunResult {
  return { stdout: hashes(r.stdout), stderr: hashes(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl patch parity', () => {
  let p: ParityCluster;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-patch-'));

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  async function paired(args: string[]): Promise<void> {
    const real = await p.real(args);
    const ours = await p.ours(args.map((a) => a.replaceAll('real', 'ours')));
    const back = (s: string) => hashes(s.replaceAll('ours', 'real'));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
      normalized(real),
    );
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours']) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '-n', 'dev']);
      await p.real(['create', 'configmap', `${name}-cm`, '--from-literal=a=b', '-n', 'dev']);
    }
    writeFileSync(join(dir, 'patch.yaml'), 'data:\n  fromfile: "yes"\n');
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['patch'],
    ['patch deploy real -n dev'],
    ['patch deploy real -n dev -p {} --patch-file x.yaml'],
    ['patch deploy real -n dev --type foo -p {}'],
    ['patch deploy real -n dev --dry-run=bad -p {}'],
    ['patch -p {}'],
    ['patch deploy -n dev -p {}'],
    ['patch deploy nope -n dev -p {"spec":{}}'],
    ['patch deploy nope real -n dev -p {} -o name'],
    ['patch deploy real -n dev -p {} --local'],
    ['patch deploy real -n dev -p {} --patch-file='],
    ['patch deploy real -n dev --patch-file /nonexistent/p.yaml'],
    ['patch deploy real -n dev -p {} -o foo'],
    ['patch deploy real -n dev -p {"spec":{"replicas":3}} --dry-run=server'],
    ['patch deploy real -n dev -p {"spec":{"replicas":3}} --dry-run=server -o jsonpath={.spec.replicas}'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('patches twin objects the same way', async () => {
    const image = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}';
    await paired(['patch', 'deploy', 'real', '-n', 'dev', '-p', image]);
    await p.rolloutsSettled('dev', ['real', 'ours']);
    await paired(['patch', 'deploy', 'real', '-n', 'dev', '-p', image]);
    await paired(['get', 'deploy', 'real', '-n', 'dev', '-o', 'jsonpath={.spec.template.spec.containers}']);
    await paired(['patch', 'cm', 'real-cm', '-n', 'dev', '--type', 'merge', '-p', '{"data":{"k":"v"}}']);
    await paired([
      'patch',
      'cm',
      'real-cm',
      '-n',
      'dev',
      '--type=merge',
      '-p',
      'data:\n  a: null',
      '-o',
      'yaml',
    ]);
    await paired(['patch', 'cm/real-cm', '-n', 'dev', '--patch-file', join(dir, 'patch.yaml'), '-o', 'name']);
    await paired([
      'patch',
      'deploy',
      'real',
      '-n',
      'dev',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    ]);
    await paired([
      'patch',
      'deploy',
      'real',
      '-n',
      'dev',
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/nope"}]',
    ]);
    await p.rolloutsSettled('dev', ['real', 'ours']);
    await paired([
      'patch',
      'deploy',
      'real',
      '-n',
      'dev',
      '--subresource=scale',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    await p.rolloutsSettled('dev', ['real', 'ours']);
    await paired([
      'patch',
      'deploy',
      'real',
      '-n',
      'dev',
      '--subresource=scale',
      '-p',
      '{"spec":{"replicas":3}}',
      '-o',
      'json',
    ]);
    await paired(['get', 'deploy', 'real', '-n', 'dev', '-o', 'jsonpath={.spec.replicas}']);
  });

  it('patches on the client side with --dry-run=client', async () => {
    const sidecar = '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}';
    await paired(['patch', 'deploy', 'real', '-n', 'dev', '-p', sidecar, '--dry-run=client', '-o', 'yaml']);
    await paired(['patch', 'deploy', 'real', '-n', 'dev', '-p', '{"spec":{"replicas":2}}', '--dry-run']);
    await paired([
      'patch',
      'cm',
      'real-cm',
      '-n',
      'dev',
      '--type=merge',
      '-p',
      '{"data":{"z":"1"}}',
      '--dry-run=client',
      '-o',
      'json',
    ]);
    await paired([
      'patch',
      'cm',
      'real-cm',
      '-n',
      'dev',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/data/x","value":"y"}]',
      '--dry-run=client',
      '-o',
      'yaml',
    ]);
  });
});
