/**
 * Output parity with the REAL kubectl (v1.32) of scale, cordon/uncordon, api-resources and api-versions.
 * Read-only commands run both kubectls on the same state; mutations run paired on twin objects
 * (`real-*` for kubectl, `ours-*` for runKubectl, same length so column padding compares).
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

describe.skipIf(!available)('kubectl command parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    let [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    if (JSON.stringify(normalized(real)) !== JSON.stringify(normalized(ours))) {
      [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    }
    expect(normalized(ours)).toEqual(normalized(real));
  }

  /** paired runs `args` with kubectl on `real` names and with runKubectl on `ours` names. */
  async function paired(args: string[], swap: [string, string] = ['real', 'ours']): Promise<void> {
    const real = await p.real(args);
    const ours = await p.ours(args.map((a) => a.replaceAll(swap[0], swap[1])));
    // Replica set names carry a hash of the (differently named) template.
    const hashes = (s: string) => mask(s).replace(/\breal-[a-z0-9]{6,10}\b/g, 'real-HASH');
    const back = (s: string) => hashes(s.replaceAll(swap[1], swap[0]));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual({
      stdout: hashes(real.stdout),
      stderr: hashes(real.stderr),
      code: real.code,
    });
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours']) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '--replicas=1', '-n', 'dev']);
    }
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  describe('discovery', () => {
    it.each([
      ['api-versions'],
      ['api-resources'],
      ['api-resources -o wide'],
      ['api-resources -o name'],
      ['api-resources --namespaced=false'],
      ['api-resources --api-group=apps'],
      ['api-resources --sort-by=kind --no-headers'],
      ['api-resources --sort-by=name'],
      ['api-resources --sort-by=foo'],
      ['api-resources --verbs=list,create -o name'],
      ['api-resources -o json'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('scale', () => {
    it.each([
      ['scale --replicas=1'],
      ['scale deploy real --replicas=-1 -n dev'],
      ['scale deploy nope --replicas=1 -n dev'],
      ['scale deploy --replicas=1 -n dev'],
      ['scale deploy real --replicas=2 -n dev --dry-run=client'],
      ['scale deploy real --replicas=1 -n dev -o name'],
      ['scale deploy real --replicas=1 -n dev -o foo'],
      ['scale deploy/real --replicas=2 -n dev --current-replicas=5'],
      ['scale cm cfg --replicas=1 -n dev'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });

    it('scales twin deployments the same way', async () => {
      await paired(['scale', 'deploy', 'real', '--replicas=3', '-n', 'dev']);
      await paired(['scale', 'deploy/real', '--replicas=2', '--current-replicas=3', '-n', 'dev']);
      // The YAML shows the status: both rollouts settle first (the twins were scaled moments apart).
      await p.rolloutsSettled('dev', ['real', 'ours']);
      await paired(['scale', 'deploy', 'real', '--replicas=2', '-n', 'dev', '-o', 'yaml']);
      await paired(['get', 'deploy', 'real', '-n', 'dev', '-o', 'jsonpath={.spec.replicas}']);
    });
  });

  describe('cordon and uncordon', () => {
    it.each([
      ['cordon'],
      ['cordon nope'],
      ['cordon ns/dev'],
      ['cordon -l nope=x'],
      ['uncordon node01 --dry-run=client'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });

    it.each([
      ['taint nodes node01'],
      ['taint nodes node01 bad'],
      ['taint nodes node01 k=v:Bad'],
      ['taint nodes nope k=v:NoSchedule'],
      ['taint'],
      ['taint nodes -l nope=x k=v:NoSchedule'],
      ['taint cm cfg a=b:NoSchedule -n dev'],
      ['taint nodes node01 nope-'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });

    it('taints twin nodes the same way', async () => {
      const nodes: [string, string] = ['node01', 'node02'];
      await paired(['taint', 'nodes', 'node01', 'key1=value1:NoSchedule'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key1=value2:NoSchedule'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key1=value2:NoSchedule', '--overwrite'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key2:NoExecute', 'key3=x:PreferNoSchedule'], nodes);
      await paired(['get', 'node', 'node01', '-o', 'jsonpath={.spec.taints}'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key1:NoSchedule-', 'key4=y:NoSchedule'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key1-'], nodes);
      await paired(['taint', 'nodes', 'node01', 'key2-', 'key3-', 'key4-'], nodes);
      await paired(['get', 'node', 'node01', '-o', 'jsonpath={.spec.taints}'], nodes);
    });

    it('cordons and uncordons twin nodes the same way', async () => {
      const nodes: [string, string] = ['node01', 'node02'];
      await paired(['cordon', 'node01'], nodes);
      await paired(['cordon', 'node01'], nodes);
      await paired(['cordon', 'node01', 'node01', '--dry-run=server'], nodes);
      await paired(['uncordon', 'node01'], nodes);
      await paired(['uncordon', 'node01'], nodes);
    });
  });
});
