import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskAges, startTestCluster } from './harness';
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
        ports:
        - containerPort: 80
`;

describe('kubectl against mini-k8s', () => {
  it('version reports the server as v1.32.4', async () => {
    const r = await t.kubectl(['version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Server Version: v1.32.4');
  });

  it('api-versions lists every served group version', async () => {
    const r = await t.kubectl(['api-versions']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'v1',
        'apps/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'rbac.authorization.k8s.io/v1',
      ]),
    );
  });

  it('api-resources prints the catalogue', async () => {
    const r = await t.kubectl(['api-resources']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines.find((l) => l.startsWith('deployments '))).toMatch(
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/,
    );
    expect(lines.find((l) => l.startsWith('nodes '))).toMatch(/^nodes\s+no\s+v1\s+false\s+Node$/);
  });

  it('get nodes shows the control plane and the workers, Ready', async () => {
    const r = await t.kubectl(['get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(
      maskAges(r.stdout)
        .split('\n')
        .map((l) => l.split(/\s+/).join(' ')),
    ).toEqual([
      'NAME STATUS ROLES AGE VERSION',
      'controlplane Ready control-plane <age> v1.32.4',
      'node01 Ready <none> <age> v1.32.4',
      'node02 Ready <none> <age> v1.32.4',
      '',
    ]);
  });

  it('create ns, get ns', async () => {
    expect((await t.kubectl(['create', 'namespace', 'dev'])).stdout).toBe('namespace/dev created\n');
    const r = await t.kubectl(['get', 'ns', 'dev']);
    expect(
      maskAges(r.stdout)
        .split('\n')
        .map((l) => l.split(/\s+/).join(' ')),
    ).toEqual(['NAME STATUS AGE', 'dev Active <age>', '']);
  });

  it('get pods on an empty namespace prints No resources found', async () => {
    const r = await t.kubectl(['get', 'pods']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No resources found in default namespace.\n');
  });

  it('get pod nope prints the exact NotFound', async () => {
    const r = await t.kubectl(['get', 'pod', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('apply -f creates, leaves unchanged, then configures', async () => {
    const file = t.writeFile('deploy.yaml', DEPLOYMENT);
    expect(await t.kubectl(['apply', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web created\n',
    });
    expect(await t.kubectl(['apply', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web unchanged\n',
    });
    const changed = t.writeFile('deploy2.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 3'));
    expect(await t.kubectl(['apply', '-f', changed])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web configured\n',
    });
  });

  it('get deploy in every output format', async () => {
    const json = JSON.parse((await t.kubectl(['get', 'deploy', 'web', '-o', 'json'])).stdout);
    expect(json).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3 },
    });
    expect((await t.kubectl(['get', 'deploy', 'web', '-o', 'yaml'])).stdout).toContain('kind: Deployment\n');
    expect((await t.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
    const columns = await t.kubectl([
      'get',
      'deploy',
      '-o',
      'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas',
    ]);
    expect(columns.stdout.split('\n').map((l) => l.split(/\s+/).join(' '))).toEqual([
      'NAME REPLICAS',
      'web 3',
      '',
    ]);
    expect((await t.kubectl(['get', 'deploy', '-o', 'name'])).stdout).toBe('deployment.apps/web\n');
  });

  it('get all lists the deployment', async () => {
    const r = await t.kubectl(['get', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deployment\.apps\/web/);
  });

  it('label and annotate', async () => {
    expect((await t.kubectl(['label', 'deploy', 'web', 'tier=front'])).stdout).toBe(
      'deployment.apps/web labeled\n',
    );
    expect((await t.kubectl(['annotate', 'deploy', 'web', 'team=blue'])).stdout).toBe(
      'deployment.apps/web annotated\n',
    );
    const labels = (
      await t.kubectl([
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={.metadata.labels.tier}/{.metadata.annotations.team}',
      ])
    ).stdout;
    expect(labels).toBe('front/blue');
  });

  it('auth can-i and whoami', async () => {
    expect(await t.kubectl(['auth', 'can-i', 'create', 'pods'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    const whoami = await t.kubectl(['auth', 'whoami']);
    expect(whoami.stdout.split('\n').map((l) => l.split(/\s+/).join(' '))).toEqual([
      'ATTRIBUTE VALUE',
      'Username kubernetes-admin',
      'Groups [system:masters system:authenticated]',
      '',
    ]);
  });

  it('honours --as and --as-group for the admin', async () => {
    const whoami = await t.kubectl(['auth', 'whoami', '--as', 'bob', '--as-group', 'dev']);
    expect(whoami.stdout.split('\n').map((l) => l.split(/\s+/).join(' '))).toEqual([
      'ATTRIBUTE VALUE',
      'Username bob',
      'Groups [dev system:authenticated]',
      '',
    ]);
  });

  it('runs a pod on a worker and execs into it through its kubelet', async () => {
    expect((await t.kubectl(['run', 'shell', '--image=busybox', '--', 'sleep', '3600'])).stdout).toBe(
      'pod/shell created\n',
    );
    const wait = await t.kubectl(['wait', '--for=condition=Ready', 'pod/shell', '--timeout=30s']);
    expect(wait.stdout).toBe('pod/shell condition met\n');
    const node = await t.kubectl(['get', 'pod', 'shell', '-o', 'jsonpath={.spec.nodeName}']);
    expect(['node01', 'node02']).toContain(node.stdout);
    const r = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', 'echo "bonjour de $(hostname)"; exit 3']);
    expect(r.stdout).toBe('bonjour de shell\n');
    expect(r.stderr).toBe('command terminated with exit code 3\n');
    expect(r.code).toBe(3);
  });

  it('generators send protobuf bodies', async () => {
    expect((await t.kubectl(['create', 'configmap', 'settings', '--from-literal=mode=dev'])).stdout).toBe(
      'configmap/settings created\n',
    );
    expect((await t.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=user=admin'])).stdout).toBe(
      'secret/db created\n',
    );
    expect(
      (await t.kubectl(['create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=2'])).stdout,
    ).toBe('deployment.apps/hello created\n');
    expect((await t.kubectl(['get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}'])).stdout).toBe('dev');
    expect((await t.kubectl(['get', 'secret', 'db', '-o', 'jsonpath={.data.user}'])).stdout).toBe(
      Buffer.from('admin').toString('base64'),
    );
  });

  it('explain pod.spec uses the OpenAPI documents', async () => {
    const r = await t.kubectl(['explain', 'pod.spec.containers.image']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KIND:       Pod');
    expect(r.stdout).toContain('FIELD: image <string>');
  });

  it('get -w prints the existing object and then later events', async () => {
    const watch = t.kubectl(['get', 'cm', '-w', '--request-timeout=3s'], { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await t.kubectl(['create', 'configmap', 'later']);
    const r = await watch;
    expect(r.stdout).toMatch(/^NAME\s+DATA\s+AGE\n/);
    expect(r.stdout).toMatch(/\nsettings\s+1\s+/);
    expect(r.stdout).toMatch(/\nlater\s+0\s+/);
  });

  it('delete -f deletes what apply created', async () => {
    const file = t.writeFile('deploy.yaml', DEPLOYMENT);
    expect(await t.kubectl(['delete', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps "web" deleted\n',
    });
    expect((await t.kubectl(['get', 'deploy', 'web'])).stderr).toBe(
      'Error from server (NotFound): deployments.apps "web" not found\n',
    );
  });
});
