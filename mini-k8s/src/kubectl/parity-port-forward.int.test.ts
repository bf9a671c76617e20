/**
 * Output parity with the REAL kubectl (v1.32) of `port-forward`: argument and port errors, pods that are not
 * running, unsupported targets, and the `Forwarding from …` lines for pods, services (service port → target
 * port, named ports) and deployments until Ctrl-C. Ours adds one French line per port with the URL that
 * reaches it (there is no local port where it runs); the comparison leaves those lines out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunningCommand,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: dev}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{name: http, containerPort: 80}, {name: dns, containerPort: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: dev}
spec:
  selector: {app: web}
  ports: [{name: front, port: 8080, targetPort: http}, {name: plain, port: 9090}]
---
apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: dev}
spec:
  nodeSelector: {nowhere: "true"}
  containers: [{name: c, image: nginx:1.25}]
`;

/** withoutUrls drops our French URL lines and masks local port numbers chosen at random. */
const normalize = (s: string) =>
  mask(s)
    .replace(/^Ce terminal n'a pas de port local.*\n/gm, '')
    .replace(/(127\.0\.0\.1|IIIIIIIII|\[::1\]):\d+ ->/g, '$1:PORT ->');

async function output(command: RunningCommand): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!command.stdout().includes('Forwarding from')) {
    if (Date.now() > deadline) throw new Error(`no forwarding: ${command.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!available)('kubectl port-forward parity', () => {
  let p: ParityCluster;
  let dir: string;
  const { same } = twinComparisons(() => p, normalize);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-port-forward-'));
    writeFileSync(join(dir, 'web.yaml'), MANIFESTS);
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['apply', '-f', join(dir, 'web.yaml')]);
    await p.real(['create', 'configmap', 'cfg', '-n', 'dev']);
    await p.real(['wait', '--for=condition=Available', 'deploy/web', '-n', 'dev', '--timeout=60s']);
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['port-forward'],
    ['port-forward deploy/web -n dev'],
    ['port-forward pod/nope 80 -n dev'],
    ['port-forward svc/nope 80 -n dev'],
    ['port-forward cm/cfg 80 -n dev'],
    ['port-forward pod/stuck 80 -n dev'],
    ['port-forward deploy/web 80:abc -n dev'],
    ['port-forward deploy/web 70000 -n dev'],
    ['port-forward deploy/web 80:0 -n dev'],
    ['port-forward deploy/web 80: -n dev'],
    ['port-forward deploy/web 8080:nope -n dev'],
    ['port-forward deploy/web 53 -n dev'],
    ['port-forward svc/web 7777 -n dev'],
    ['port-forward svc/web nope -n dev'],
    ['port-forward deploy/web 80 --address=bad -n dev'],
    ['port-forward --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it.each([
    ['deploy/web', ':80'],
    ['deploy/web', '18931:http'],
    ['svc/web', '18932:8080', '18933:plain'],
    ['svc/web', '18934:front', '--address=127.0.0.1,localhost'],
  ])('forwards %s %s until Ctrl-C', async (target, ...rest) => {
    const args = ['port-forward', target, ...rest, '-n', 'dev'];
    const real = p.startReal(args);
    const ours = p.startOurs(args);
    await Promise.all([output(real), output(ours)]);
    const [r, o] = [await real.interrupt(), await ours.interrupt()];
    expect(o.stdout).toMatch(
      /^Ce terminal n'a pas de port local : le port \d+ du Pod « web-[a-z0-9-]+ » est joignable à l'adresse https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/dev\/pods\/web-[a-z0-9-]+:\d+\/proxy\/$/m,
    );
    expect({ stdout: normalize(o.stdout), code: o.code }).toEqual({
      stdout: normalize(r.stdout),
      code: r.code,
    });
  });
});
