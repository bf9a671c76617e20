/**
 * Everyday kubectl workflows with the real kubectl: `diff` (server-side dry-run patches), `edit` driven by
 * a scripted KUBE_EDITOR, `wait` (condition, jsonpath, delete), `run -i --rm` (attach, then delete) and
 * the OpenAPI v2 answer that `explain --output=plaintext-openapiv2` gets.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

/** editor writes a KUBE_EDITOR script that applies a sed expression to the file kubectl opens. */
function editor(name: string, sedExpression: string): Record<string, string> {
  const path = t.writeFile(name, `#!/bin/sh\nsed -i -e '${sedExpression}' "$1"\n`);
  chmodSync(path, 0o755);
  return { KUBE_EDITOR: path };
}

/** diffBody drops the `diff`, `---` and `+++` header lines, which carry temp paths and times. */
function diffBody(stdout: string): string[] {
  return stdout.split('\n').filter((l) => !/^(diff -u -N |--- |\+\+\+ )/.test(l));
}

describe('kubectl diff', () => {
  it('prints nothing and exits 0 when the live object already matches', async () => {
    const file = t.writeFile('web.yaml', DEPLOYMENT);
    expect((await t.kubectl(['apply', '-f', file])).code).toBe(0);
    expect(await t.kubectl(['diff', '-f', file])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('shows the merged changes with exit code 1, without changing the live object', async () => {
    const file = t.writeFile('web-3.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 3'));
    const r = await t.kubectl(['diff', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const header = r.stdout.split('\n')[0]!;
    expect(header).toMatch(
      /^diff -u -N \S+\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web \S+\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web$/,
    );
    expect(diffBody(r.stdout)).toEqual([
      '@@ -6,7 +6,7 @@',
      // diff sends the local file without a new last-applied annotation: the live one stays.
      '     kubectl.kubernetes.io/last-applied-configuration: |',
      '       {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}',
      expect.stringMatching(/^ {3}creationTimestamp: "/),
      '-  generation: 1',
      '+  generation: 2',
      '   labels:',
      '     app: web',
      '   name: web',
      '@@ -15,7 +15,7 @@',
      expect.stringMatching(/^ {3}uid: /),
      ' spec:',
      '   progressDeadlineSeconds: 600',
      '-  replicas: 2',
      '+  replicas: 3',
      '   revisionHistoryLimit: 10',
      '   selector:',
      '     matchLabels:',
      '',
    ]);
    const live = await t.kubectl([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.generation}',
    ]);
    expect(live.stdout).toBe('2 1');
  });

  it('shows a new object whole', async () => {
    const file = t.writeFile(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: dev\n',
    );
    const r = await t.kubectl(['diff', '-f', file]);
    expect(r.code).toBe(1);
    expect(diffBody(r.stdout)).toEqual([
      '@@ -0,0 +1,9 @@',
      '+apiVersion: v1',
      '+data:',
      '+  mode: dev',
      '+kind: ConfigMap',
      '+metadata:',
      expect.stringMatching(/^\+ {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/),
      '+  name: settings',
      '+  namespace: default',
      expect.stringMatching(/^\+ {2}uid: [0-9a-f-]{36}$/),
      '',
    ]);
    expect((await t.kubectl(['get', 'cm', 'settings'])).code).toBe(1);
  });
  it('--server-side diffs a server-side apply dry run', async () => {
    const file = t.writeFile(
      'ssa.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n',
    );
    expect((await t.kubectl(['apply', '--server-side', '-f', file])).code).toBe(0);
    expect(await t.kubectl(['diff', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const changed = t.writeFile(
      'ssa2.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n',
    );
    const r = await t.kubectl(['diff', '--server-side', '-f', changed]);
    expect(r.code).toBe(1);
    expect(diffBody(r.stdout)).toEqual([
      '@@ -1,6 +1,6 @@',
      ' apiVersion: v1',
      ' data:',
      '-  a: "1"',
      '+  a: "2"',
      ' kind: ConfigMap',
      ' metadata:',
      expect.stringMatching(/^ {3}creationTimestamp: "/),
      '',
    ]);
    expect((await t.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}'])).stdout).toBe('1');
  });
});

describe('kubectl edit with a scripted editor', () => {
  it('saves the change', async () => {
    const r = await t.kubectl(['edit', 'deploy', 'web'], {
      env: editor('edit-4.sh', 's/replicas: 2/replicas: 4/'),
    });
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    expect((await t.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('4');
  });

  it('cancels when the file is left unchanged', async () => {
    const r = await t.kubectl(['edit', 'deploy', 'web'], { env: editor('edit-none.sh', 's/no such text//') });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
  });

  it('reopens an invalid change with the server error, then keeps a copy', async () => {
    const r = await t.kubectl(['edit', 'deploy', 'web'], {
      env: editor('edit-bad.sh', 's/replicas: 4/replicas: -1/'),
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('error: deployments.apps "web" is invalid');
    const copy = /^A copy of your changes has been stored to "(.+\/kubectl-edit-\d+\.yaml)"$/.exec(lines[1]!);
    expect(copy).not.toBeNull();
    expect(lines.slice(2)).toEqual(['error: Edit cancelled, no valid changes were saved.', '']);
    // The copy starts with kubectl's header and the server's field errors, as the reopened file does.
    const text = readFileSync(copy![1]!, 'utf8');
    expect(text.split('\n').slice(4, 7)).toEqual([
      '# deployments.apps "web" was not valid:',
      '# * spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      '#',
    ]);
    expect((await t.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('4');
  });
});

describe('kubectl wait', () => {
  it('waits for a condition and for a jsonpath value', async () => {
    expect((await t.kubectl(['run', 'ready', '--image=nginx:1.27'])).stdout).toBe('pod/ready created\n');
    expect(await t.kubectl(['wait', '--for=condition=Ready', 'pod/ready', '--timeout=60s'])).toEqual({
      code: 0,
      stdout: 'pod/ready condition met\n',
      stderr: '',
    });
    expect(
      await t.kubectl(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/ready', '--timeout=60s']),
    ).toEqual({
      code: 0,
      stdout: 'pod/ready condition met\n',
      stderr: '',
    });
  });

  it('reports a missing object as NotFound', async () => {
    expect(await t.kubectl(['wait', '--for=condition=Ready', 'pod/nope', '--timeout=5s'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });

  it('waits for a deletion held by a finalizer, and times out while it is held', async () => {
    const file = t.writeFile(
      'held.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: held
  finalizers: [example.com/hold]
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
`,
    );
    expect((await t.kubectl(['apply', '-f', file])).code).toBe(0);
    expect((await t.kubectl(['delete', 'pod', 'held', '--wait=false'])).stdout).toBe('pod "held" deleted\n');

    const timedOut = await t.kubectl(['wait', '--for=delete', 'pod/held', '--timeout=2s']);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr.trimEnd().split('\n').pop()).toBe(
      'error: timed out waiting for the condition on pods/held',
    );

    const waiting = t.startKubectl(['wait', '--for=delete', 'pod/held', '--timeout=120s', '-v=6']);
    // Release the finalizer only once kubectl watches the Pod.
    await waitFor('kubectl to watch the Pod', async () =>
      /GET \S+\/pods\?\S*watch=true\S* 200 OK/.test(waiting.stderrSoFar()) ? true : undefined,
    );
    const patch = await t.kubectl([
      'patch',
      'pod',
      'held',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    expect(patch.stdout).toBe('pod/held patched\n');
    const done = await waiting.result;
    expect(done.code).toBe(0);
    expect(done.stdout).toBe('pod/held condition met\n');
  });
});

describe('kubectl run -i --rm', () => {
  it('attaches to the container, feeds it stdin, then deletes the Pod', async () => {
    const r = await t.kubectl(
      ['run', 'shell', '-i', '--rm', '--image=busybox:1.36', '--restart=Never', '--', 'sh'],
      { input: 'echo bonjour depuis le Pod\nexit\n', timeoutMs: 90_000 },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('bonjour depuis le Pod\npod "shell" deleted\n');
    expect(r.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(await t.kubectl(['get', 'pod', 'shell'])).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): pods "shell" not found\n',
    });
  });

  it('with -t and a non-terminal stdin, warns, still runs, and passes the exit code on', async () => {
    const r = await t.kubectl(
      ['run', 'failing', '-it', '--rm', '--image=busybox:1.36', '--restart=Never', '--', 'sh'],
      { input: 'exit 3\n', timeoutMs: 90_000 },
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('pod "failing" deleted\n');
    expect(r.stderr.split('\n')).toEqual([
      'Unable to use a TTY - input is not a terminal or the right kind of file',
      "If you don't see a command prompt, try pressing enter.",
      'pod default/failing terminated (Error)',
      '',
    ]);
  });
});

describe('OpenAPI v2', () => {
  it('serves the protobuf document that explain --output=plaintext-openapiv2 reads', async () => {
    const r = await t.kubectl([
      'explain',
      'deployment.spec.strategy',
      '--recursive',
      '--output=plaintext-openapiv2',
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: `KIND:     Deployment
VERSION:  apps/v1

RESOURCE: strategy <Object>

DESCRIPTION:
     The deployment strategy to use to replace existing pods with new ones.

     DeploymentStrategy describes how to replace existing pods with new ones.

FIELDS:
   rollingUpdate\t<Object>
      maxSurge\t<string>
      maxUnavailable\t<string>
   type\t<string>
`,
      stderr: '',
    });
    const pods = await t.kubectl(['explain', 'pods', '--output=plaintext-openapiv2']);
    expect(pods.stdout.split('\n').slice(0, 8)).toEqual([
      'KIND:     Pod',
      'VERSION:  v1',
      '',
      'DESCRIPTION:',
      '     Pod is a collection of containers that can run on a host. This resource is',
      '     created by clients and scheduled onto hosts.',
      '',
      'FIELDS:',
    ]);
    // The JSON document is served too.
    const raw = await t.kubectl(['get', '--raw', '/openapi/v2']);
    expect(JSON.parse(raw.stdout)).toMatchObject({ swagger: '2.0', info: { version: 'v1.32.4' } });
  });
});

describe('integer formats', () => {
  const manifest = (replicas: string, gracePeriod: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      terminationGracePeriodSeconds: ${gracePeriod}
      containers:
      - name: nginx
        image: nginx:1.27
`;

  it('refuses an int32 field past its range and takes an int64 field past it', async () => {
    const tooBig = t.writeFile('big.yaml', manifest('2147483648', '30'));
    expect(await t.kubectl(['apply', '-f', tooBig])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${tooBig}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32\n`,
    });
    const long = t.writeFile('long.yaml', manifest('1', '4294967296'));
    const r = await t.kubectl([
      'apply',
      '-f',
      long,
      '--dry-run=server',
      '-o',
      'jsonpath={.spec.template.spec.terminationGracePeriodSeconds}',
    ]);
    expect(r).toEqual({ code: 0, stdout: '4294967296', stderr: '' });
  });
});
