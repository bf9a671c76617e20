/**
 * Output parity of `kubectl config`, `cluster-info` and `auth` with the REAL kubectl (v1.32). Both kubectls share one kubeconfig
 * file (the harness hands ours its parsed document and writes changes back), so a context namespace set
 * by either applies to the following commands of both.
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

describe.skipIf(!available)('kubectl config parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  /** sequential runs kubectl then ours (each may change the shared kubeconfig) and compares outputs. */
  async function sequential(args: string[]): Promise<void> {
    const real = await p.real(args);
    const ours = await p.ours(args);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'configmap', 'only-in-dev', '--from-literal=a=b', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['config view'],
    ['config view -o json'],
    ['config view --raw'],
    ['config view --minify'],
    ['config view -o jsonpath={.contexts[0].name}'],
    ['config get-contexts'],
    ['config get-contexts -o name'],
    ['config get-contexts nope'],
    ['config get-contexts --no-headers'],
    ['config'],
    ['config foo'],
    ['config current-context'],
    ['config use-context nope'],
    ['config set-context'],
    ['cluster-info'],
    ['cluster-info foo'],
    ['auth'],
    ['auth foo'],
    ['auth whoami'],
    ['auth whoami -o yaml'],
    ['auth whoami -o json'],
    ['auth can-i create pods'],
    ['auth can-i * *'],
    ['auth can-i get pods/web -n dev'],
    ['auth can-i get pods --subresource=log -n dev'],
    ['auth can-i list nope'],
    ['auth can-i'],
    ['auth can-i get pods web -n dev'],
    ['auth can-i list pods --as alice'],
    ['auth can-i list pods -n dev --as alice --as-group readers'],
    ['auth can-i create deployments --as system:serviceaccount:dev:default'],
    ['auth whoami --as alice --as-group readers'],
    ['get configmaps -n dev --as alice'],
    ['auth can-i get deployments.apps -q'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('authenticates with --token instead of the kubeconfig user (ServiceAccount token: whoami, Forbidden)', async () => {
    await p.real(['create', 'serviceaccount', 'jenkins', '-n', 'dev']);
    const token = (await p.real(['create', 'token', 'jenkins', '-n', 'dev'])).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    await same(['auth', 'whoami', `--token=${token}`]);
    await same(['auth', 'whoami', '--token', token, '-o', 'json']);
    await same(['get', 'configmaps', '-n', 'dev', `--token=${token}`]);
    await same(['auth', 'can-i', 'list', 'configmaps', '-n', 'dev', `--token=${token}`]);
    const ours = await p.ours(['auth', 'whoami', `--token=${token}`]);
    expect(ours.stdout).toContain('system:serviceaccount:dev:jenkins');
    // A token the server does not know is refused (the real kubectl's discovery adds its own log lines).
    const refused = await p.ours(['get', 'pods', '--token=not-a-token']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^error: You must be logged in to the server/);
  });

  it('sets the context namespace, which later commands of both kubectls use', async () => {
    await sequential(['config', 'set-context', '--current', '--namespace=dev']);
    await same(['config', 'get-contexts']);
    await same(['config', 'view', '--minify']);
    await same(['get', 'configmaps', '-o', 'name']);
    // Creating: each kubectl creates its own context (real-ctx, ours-ctx); outputs compare with names swapped.
    const real = await p.real(['config', 'set-context', 'real-ctx', '--cluster=mini-k8s', '--namespace=x']);
    const ours = await p.ours(['config', 'set-context', 'ours-ctx', '--cluster=mini-k8s', '--namespace=x']);
    expect(normalized({ ...ours, stdout: ours.stdout.replace('ours-ctx', 'real-ctx') })).toEqual(
      normalized(real),
    );
    await same(['config', 'get-contexts']);
    await same(['config', 'view']);
    await sequential(['config', 'use-context', 'mini-k8s']);
    await same(['config', 'current-context']);
  });
});
