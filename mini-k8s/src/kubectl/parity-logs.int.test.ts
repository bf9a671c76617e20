/**
 * Output parity of `kubectl logs` with the REAL kubectl (v1.32), plus `logs -f` streaming (our side only:
 * a follow never ends by itself, so the test stops it through the io signal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from './run-kubectl';
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

describe.skipIf(!available)('kubectl logs parity', () => {
  let p: ParityCluster;
  let pod = '';

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    // With a label selector, kubectl streams the pods' logs concurrently: the pods' order is not
    // deterministic, only the lines are. Compare them as sorted lines there.
    if (args.includes('-l')) {
      const lines = (r: RunResult) => normalized(r).stdout.split('\n').sort();
      expect({ ...normalized(ours), stdout: lines(ours) }).toEqual({
        ...normalized(real),
        stdout: lines(real),
      });
      return;
    }
    expect(normalized(ours)).toEqual(normalized(real));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'dev']);
    await p.real(['rollout', 'status', 'deployment/web', '-n', 'dev', '--timeout=20s']);
    pod = (await p.real(['get', 'pods', '-n', 'dev', '-o', 'name'])).stdout.split('\n')[0];
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['logs'],
    ['logs nope -n dev'],
    ['logs POD -n dev -c nope'],
    ['logs POD -n dev --previous'],
    ['logs POD -n dev'],
    ['logs POD -n dev --tail=2 --prefix'],
    ['logs POD nginx -n dev --tail=1'],
    ['logs POD extra -n dev'],
    ['logs POD -n dev -c nginx --all-containers'],
    ['logs deploy/web -n dev --tail=3'],
    ['logs deploy/nope -n dev'],
    ['logs cm/cfg -n dev'],
    ['logs -l app=web -n dev'],
    ['logs -l app=web -n dev --tail=1 --prefix'],
    ['logs a b c -n dev'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' ').map((a) => (a === 'POD' ? pod : a)));
  });

  it('follows a log until the signal aborts', async () => {
    const expected = (await p.real(['logs', pod, '-n', 'dev', '--tail=2'])).stdout;
    const abort = new AbortController();
    let stdout = '';
    const done = runKubectl(
      ['logs', '-f', pod, '-n', 'dev', '--tail=2'],
      {
        stdin: '',
        signal: abort.signal,
        stdout: (s) => {
          stdout += s;
          if (stdout.length >= expected.length) abort.abort();
        },
        stderr: () => {},
      },
      { client: p.client, namespace: 'default' },
    );
    expect(await done).toBe(0);
    expect(stdout).toBe(expected);
  });
});
