/**
 * Output parity of `kubectl exec` with the REAL kubectl (v1.32): our side goes through websocketStreams,
 * the same `v5.channel.k8s.io` protocol the real kubectl speaks; stdin is piped for `-i`.
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

describe.skipIf(!available)('kubectl exec parity', () => {
  let p: ParityCluster;
  let pod = '';

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=1', '-n', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
    await p.real(['rollout', 'status', 'deployment/web', '-n', 'dev', '--timeout=20s']);
    pod = (await p.real(['get', 'pods', '-n', 'dev', '-o', 'name'])).stdout.split('\n')[0];
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each<[string[]]>([
    [['exec']],
    [['exec', '-n', 'dev', '--', 'ls']],
    [['exec', 'nope', '-n', 'dev', '--', 'ls']],
    [['exec', 'deploy/nope', '-n', 'dev', '--', 'ls']],
    [['exec', 'cm/cfg', '-n', 'dev', '--', 'ls']],
    [['exec', 'POD', '-n', 'dev', '--', 'echo', 'hi']],
    [['exec', 'POD', '-n', 'dev', '--', 'sh', '-c', 'exit 3']],
    [['exec', 'POD', '-n', 'dev', '--', 'ls', '/nope']],
    [['exec', 'POD', '-n', 'dev']],
    [['exec', 'POD', '-n', 'dev', '-c', 'nope', '--', 'ls']],
    [['exec', 'POD', '-n', 'dev', 'ls']],
    [['exec', 'POD', 'extra', '-n', 'dev', '--', 'ls']],
    [['exec', 'POD', '-n', 'dev', '-i', '--', 'cat']],
    [['exec', 'POD', '-n', 'dev', '-it', '--', 'cat']],
    [['exec', 'POD', '-n', 'dev', '-t', '--', 'true']],
    [['exec', '-n', 'dev', 'deploy/web', '--', 'hostname']],
  ])('%j', async (args) => {
    const argv = args.map((a) => (a === 'POD' ? pod : a));
    const [real, ours] = await Promise.all([p.real(argv, 'typed input'), p.ours(argv, 'typed input')]);
    expect(normalized(ours)).toEqual(normalized(real));
  });
});
