/**
 * Output parity with the REAL kubectl (v1.32) of `attach`: argument errors, unknown pods and containers,
 * completed pods, unsupported targets, and attaching to running containers (with the prompt hint, the TTY
 * fallback message, `-q`, `TYPE NAME`) until Ctrl-C.
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

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: dev}
spec:
  containers:
  - {name: nginx, image: nginx:1.25}
  - {name: side, image: nginx:1.25, ports: [{containerPort: 8080}], command: [nginx, -g, "daemon off;"]}
---
apiVersion: v1
kind: Pod
metadata: {name: done, namespace: dev}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox:1.36, command: ["true"]}]
`;

describe.skipIf(!available)('kubectl attach parity', () => {
  let p: ParityCluster;
  let dir: string;
  const { same } = twinComparisons(() => p, mask);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-attach-'));
    writeFileSync(join(dir, 'pods.yaml'), MANIFESTS);
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['apply', '-f', join(dir, 'pods.yaml')]);
    await p.real(['create', 'configmap', 'cfg', '-n', 'dev']);
    await p.real(['wait', '--for=condition=Ready', 'pod/web', '-n', 'dev', '--timeout=60s']);
    await p.real([
      'wait',
      '--for=jsonpath={.status.phase}=Succeeded',
      'pod/done',
      '-n',
      'dev',
      '--timeout=60s',
    ]);
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['attach'],
    ['attach a b c'],
    ['attach nope -n dev'],
    ['attach pod nope -n dev'],
    ['attach web -c nope -n dev'],
    ['attach done -n dev'],
    ['attach cm/cfg -n dev'],
    ['attach --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it.each([
    ['attach web -c nginx -n dev'],
    ['attach pod web -q -n dev'],
    ['attach pod/web -n dev'],
    ['attach web -c side -t -n dev'],
  ])('%s until Ctrl-C', async (cmd) => {
    const args = cmd.split(' ');
    const real = p.startReal(args);
    const ours = p.startOurs(args);
    // Give both time to attach (nothing is printed by an idle nginx), then press Ctrl-C.
    await new Promise((r) => setTimeout(r, 1500));
    const [r, o] = [await real.interrupt(), await ours.interrupt()];
    expect({ stdout: mask(o.stdout), stderr: mask(o.stderr), code: o.code }).toEqual({
      stdout: mask(r.stdout),
      stderr: mask(r.stderr),
      code: r.code,
    });
  });
});
