/**
 * Output parity with the REAL kubectl (v1.32) of `debug` on pods: flag and argument errors, unknown pods,
 * the ephemeral container each kubectl adds (same patch: the stored containers are compared), server
 * refusals (a name already used), and an interactive session that attaches to the new container. Each
 * kubectl debugs its own twin pod (`real`, `ours`) so both can add the same container name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: dev}
spec:
  containers: [{name: app, image: nginx:1.25}]
`;

/** normalize masks the generated debugger-xxxxx names besides the usual masks. */
function normalize(text: string): string {
  return mask(text).replace(/\b((node-)?debugger(-\w+)?)-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1-XXXXX');
}

describe.skipIf(!available)('kubectl debug parity', () => {
  let p: ParityCluster;
  let dir: string;
  const { same, paired } = twinComparisons(() => p, normalize);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-debug-'));
    writeFileSync(join(dir, 'pods.yaml'), `${pod('real')}---\n${pod('ours')}`);
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['apply', '-f', join(dir, 'pods.yaml')]);
    for (const name of ['real', 'ours']) {
      await p.real(['wait', '--for=condition=Ready', `pod/${name}`, '-n', 'dev', '--timeout=60s']);
    }
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['debug real -n dev'],
    ['debug --image=busybox -n dev'],
    ['debug real --image=busybox -t -n dev'],
    ['debug real --image=Busybox!! -n dev'],
    ['debug real --image=busybox --image-pull-policy=Sometimes -n dev'],
    ['debug real --image=busybox --profile=nope -n dev'],
    ['debug real --image=busybox --replace -n dev'],
    ['debug nope --image=busybox --profile=general -n dev'],
    ['debug --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('adds the same ephemeral container as the real kubectl', async () => {
    await paired(
      'debug real --image=busybox:1.36 -c dbg --target=app --profile=general --env=A=1 -n dev -- sleep 3600'.split(
        ' ',
      ),
    );
    const containers = async (name: string) =>
      (await p.real(['get', 'pod', name, '-n', 'dev', '-o', 'jsonpath={.spec.ephemeralContainers}'])).stdout;
    expect(await containers('ours')).toBe(await containers('real'));
    expect(JSON.parse(await containers('real'))).toHaveLength(1);
    // describe shows it under Ephemeral Containers once the kubelet started it.
    await p.real([
      'wait',
      '--for=jsonpath={.status.ephemeralContainerStatuses[0].state.running}',
      'pod/real',
      '-n',
      'dev',
    ]);
    await same(['describe', 'pod', 'real', '-n', 'dev']);
  });

  it.each([
    ['debug real --image=busybox:1.36 -c app --profile=restricted -n dev'],
    ['debug real --image=busybox:1.36 --target=nope --profile=sysadmin -n dev'],
  ])('%s', async (cmd) => {
    await paired(cmd.split(' '));
  });

  it('creates the same node debugging pod as the real kubectl', async () => {
    const args = 'debug node/node01 --image=busybox:1.36 --profile=general -n dev -- sleep 3600'.split(' ');
    const real = await p.real(args);
    const ours = await p.ours(args);
    expect({ ...ours, stdout: normalize(ours.stdout) }).toEqual({ ...real, stdout: normalize(real.stdout) });
    const name = (r: { stdout: string }) => /pod (node-debugger-node01-\w{5})/.exec(r.stdout)?.[1] ?? '';
    const spec = async (pod: string) =>
      normalize(
        JSON.stringify(
          JSON.parse((await p.real(['get', 'pod', pod, '-n', 'dev', '-o', 'json'])).stdout).spec,
        ),
      );
    expect(await spec(name(ours))).toBe(await spec(name(real)));
    expect(await spec(name(real))).toContain('"hostPID":true');
    await same('debug node/nope --image=busybox --profile=general -n dev'.split(' '));
  });

  it('attaches to an interactive debug container', async () => {
    const args = 'debug -i real --image=busybox:1.36 --profile=baseline -n dev -- sh'.split(' ');
    const input = 'echo hello from debug\nexit 0\n';
    const real = await p.real(args, input);
    const ours = await p.ours(
      args.map((a) => a.replaceAll('real', 'ours')),
      input,
    );
    expect({ ...ours, stdout: normalize(ours.stdout), stderr: normalize(ours.stderr) }).toEqual({
      ...real,
      stdout: normalize(real.stdout),
      stderr: normalize(real.stderr),
    });
    expect(normalize(real.stdout)).toBe(
      'Defaulting debug container name to debugger-XXXXX.\nhello from debug\n',
    );
  });
});
