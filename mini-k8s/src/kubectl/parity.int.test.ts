/**
 * Output parity with the REAL kubectl (v1.32): read-only commands run both kubectls on the same state;
 * mutating commands run the same script in two namespaces of the same cluster (`real` for kubectl,
 * `ours` for runKubectl, same length so column padding compares) and compare outputs and resulting
 * objects. Volatile parts are masked (see mask()); every remaining difference fails.
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
const dir = mkdtempSync(join(tmpdir(), 'kubectl-parity-files-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const CM = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n');
const CM2 = file(
  'cm2.yaml',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "2"\n  b: x\n',
);
const DEP = file(
  'dep.yaml',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        env:\n        - {name: A, value: "1"}\n        - {name: B, value: "1"}\n',
);
const DEP2 = file(
  'dep2.yaml',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.26\n        env:\n        - {name: A, value: "2"}\n',
);
const MULTI = file(
  'multi.yaml',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  k: v\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: two\nstringData:\n  p: q\n',
);

function normalized(r: RunResult): RunResult {
  return { stdout: mask(r.stdout), stderr: mask(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl parity', () => {
  let p: ParityCluster;

  /** same runs both kubectls on identical arguments (retrying once if an age ticked between the runs). */
  async function same(args: string[], stdin?: string): Promise<void> {
    let [real, ours] = await Promise.all([p.real(args, stdin), p.ours(args, stdin)]);
    if (JSON.stringify(normalized(real)) !== JSON.stringify(normalized(ours))) {
      [real, ours] = await Promise.all([p.real(args, stdin), p.ours(args, stdin)]);
    }
    expect(normalized(ours)).toEqual(normalized(real));
  }

  /** paired runs a mutating command in namespace `real` with kubectl and `ours` with runKubectl. */
  async function paired(args: string[], stdin?: string): Promise<void> {
    const real = await p.real([...args, '-n', 'real'], stdin);
    const ours = await p.ours([...args, '-n', 'ours'], stdin);
    const swap = (r: RunResult) => ({
      ...normalized(r),
      stdout: r.stdout.replaceAll('ours', 'real'),
      stderr: r.stderr.replaceAll('ours', 'real'),
    });
    expect(normalized(swap(ours))).toEqual(normalized(real));
  }

  /** sameObject compares an object created by both kubectls (namespace and volatile fields masked). */
  async function sameObject(type: string, name: string): Promise<void> {
    const real = await p.ours(['get', type, name, '-n', 'real', '-o', 'yaml']);
    const ours = await p.ours(['get', type, name, '-n', 'ours', '-o', 'yaml']);
    expect(mask(ours.stdout.replaceAll('ours', 'real'))).toEqual(mask(real.stdout));
  }

  beforeAll(async () => {
    p = await startParityCluster();
    for (const ns of ['real', 'ours', 'dev']) await p.real(['create', 'namespace', ns]);
    await p.real(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
    await p.real(['label', 'namespace', 'dev', 'team=blue']);
  });

  afterAll(async () => {
    await p?.stop();
  });

  describe('get', () => {
    it.each([
      ['get nodes'],
      ['get nodes -o wide'],
      ['get no --no-headers'],
      ['get namespaces'],
      ['get ns --show-labels'],
      ['get ns -L team'],
      ['get ns --sort-by=.metadata.name'],
      ['get all -A'],
      ['get all -n dev'],
      ['get deploy,cm -n dev'],
      ['get deployment.apps -n dev'],
      ['get deploy/web cm/cfg -n dev'],
      ['get pods'],
      ['get cm -A'],
      ['get cm -n dev -l nope=x'],
      ['get ns --field-selector=metadata.name=dev'],
      ['get cm cfg -n dev -o yaml'],
      ['get cm -n dev -o json'],
      ['get deploy -n dev -o yaml'],
      ['get deploy -n dev -o name'],
      ['get ns -o jsonpath={.items[*].metadata.name}'],
      ['get ns -o jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'],
      ['get nodes -o jsonpath={.items[?(@.metadata.name=="node01")].metadata.name}'],
      ['get ns -o custom-columns=NAME:.metadata.name,PHASE:.status.phase'],
      ['get ns -o custom-columns=NAME:.metadata.name --no-headers'],
      ['get nope'],
      ['get pods nope'],
      ['get cm nope other -n dev'],
      ['get deploy/web pods/x -n dev'],
      ['get'],
      ['get pods --foo'],
      ['get pods -z'],
      ['get pods -n'],
      ['get pods -o foo'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('create generators (--dry-run=client)', () => {
    it.each([
      ['create deployment web2 --image=nginx:1.25 --replicas=2 --port=80 --dry-run=client -o yaml'],
      ['create deployment web2 --image=nginx --image=busybox:1.36 --dry-run=client -o json'],
      ['create namespace x --dry-run=client -o yaml'],
      ['create configmap c --from-literal=a=b --from-literal=n=1 --dry-run=client -o yaml'],
      ['create secret generic s --from-literal=a=b --dry-run=client -o yaml'],
      ['create serviceaccount s -n kube-system --dry-run=client -o yaml'],
      ['create deployment web2 --image=nginx --dry-run=client'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('mutations, paired namespaces', () => {
    it('apply creates, is unchanged, then configures', async () => {
      await paired(['apply', '-f', CM]);
      await paired(['apply', '-f', CM]);
      await sameObject('cm', 'app');
      await paired(['apply', '-f', CM2]);
      await sameObject('cm', 'app');
    });

    it('apply computes the deployment three-way patch like kubectl', async () => {
      await paired(['apply', '-f', DEP]);
      await paired(['apply', '-f', DEP2]);
      // Both rollouts settle first: the two Deployments were applied moments apart, so their status would differ.
      for (const ns of ['real', 'ours']) await p.rolloutsSettled(ns, ['web']);
      await sameObject('deploy', 'web');
    });

    it('apply from stdin with several documents, and -o yaml', async () => {
      const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped\ndata:\n  x: "y"\n';
      await paired(['apply', '-f', '-'], text);
      await paired(['apply', '-f', MULTI, '--dry-run=client']);
      await paired(['apply', '-f', MULTI]);
      await sameObject('secret', 'two');
    });

    it('create -f, AlreadyExists, and create generators for real', async () => {
      await paired(['create', 'configmap', 'gen', '--from-literal=k=v']);
      await paired(['create', '-f', CM]);
      await paired(['create', 'deployment', 'made', '--image=nginx:1.25', '--port=8080']);
      for (const ns of ['real', 'ours']) await p.rolloutsSettled(ns, ['made']);
      await sameObject('deploy', 'made');
    });

    it('label and annotate', async () => {
      await paired(['label', 'cm', 'gen', 'tier=fe']);
      await paired(['label', 'cm', 'gen', 'tier=be']);
      await paired(['label', 'cm', 'gen', 'tier=be', '--overwrite']);
      await paired(['label', 'cm', 'gen', 'tier-']);
      await paired(['annotate', 'cm', 'gen', 'note=hello']);
      await sameObject('cm', 'gen');
    });

    it('delete by name, missing names and label selectors', async () => {
      await paired(['delete', 'cm', 'gen']);
      await paired(['delete', 'cm', 'gen']);
      await paired(['delete', 'cm', '-l', 'nothing=here']);
      await paired(['delete', 'deploy', 'made', '--wait=false']);
      await paired(['delete', '-f', MULTI]);
    });
  });
});
