/**
 * Output parity of `kubectl describe` with the REAL kubectl (v1.32) on the same cluster state: namespaces,
 * config maps, secrets, deployments, replica sets, pods and services (events and ages masked as in parity.int.test.ts).
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
  // Describe prints RFC 1123 dates besides ages; they differ only when a second ticks between runs.
  const dates = (s: string) =>
    mask(s).replace(/[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, 'DATE');
  return { stdout: dates(r.stdout), stderr: dates(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl describe parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    let [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    if (JSON.stringify(normalized(real)) !== JSON.stringify(normalized(ours))) {
      [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    }
    expect(normalized(ours)).toEqual(normalized(real));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['label', 'namespace', 'dev', 'team=blue']);
    await p.real(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '--from-literal=long=x', '-n', 'dev']);
    await p.real(['annotate', 'configmap', 'cfg', '-n', 'dev', 'note=hello', 'x=y']);
    await p.real(['create', 'secret', 'generic', 's1', '--from-literal=user=admin', '-n', 'dev']);
    // Let the deployment roll out so replica sets, pods and events exist.
    await p.real(['rollout', 'status', 'deployment/web', '-n', 'dev', '--timeout=20s']);
    await p.real(['expose', 'deployment', 'web', '--port=80', '-n', 'dev']);
    await p.real([
      'expose',
      'deployment',
      'web',
      '--port=8080',
      '--target-port=80',
      '--name=web-np',
      '--type=NodePort',
      '-n',
      'dev',
    ]);
    await p.real(['create', 'service', 'clusterip', 'multi', '--tcp=80:8080,443:8443', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['describe ns dev'],
    ['describe namespace'],
    ['describe cm cfg -n dev'],
    ['describe cm -n dev'],
    ['describe cm cf -n dev'],
    ['describe secret s1 -n dev'],
    ['describe deploy web -n dev'],
    ['describe deploy/web -n dev --show-events=false'],
    ['describe rs -n dev'],
    ['describe pods -n dev'],
    ['describe po -l app=web -A'],
    ['describe svc -n dev'],
    ['describe svc kubernetes'],
    ['describe cm nope -n dev'],
    ['describe nope'],
    ['describe'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
