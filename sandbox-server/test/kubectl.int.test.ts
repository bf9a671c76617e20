/**
 * The learner's own kubectl: the REAL kubectl, with the kubeconfig downloaded from the real platform
 * process (HTTPS with its self-signed CA), talks to the learner's sandbox through /k8s/<id>.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startPlatform, type RunningPlatform } from './support/platform';

const run = promisify(execFile);
let platform: RunningPlatform;
let tmp: string;

interface Learner {
  cookie: string;
  id: string;
  kubeconfig: string;
}

async function newLearner(name: string): Promise<Learner> {
  const created = await fetch(`${platform.url}/api/sandboxes`, { method: 'POST' });
  expect(created.status).toBe(201);
  const cookie = created.headers.get('set-cookie')!.split(';')[0];
  const { id } = (await created.json()) as { id: string };
  const res = await fetch(`${platform.url}/api/sandboxes/${id}/kubeconfig`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const kubeconfig = path.join(tmp, `${name}.kubeconfig`);
  fs.writeFileSync(kubeconfig, await res.text());
  return { cookie, id, kubeconfig };
}

async function kubectl(kubeconfig: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        path.join(tmp, `cache-${path.basename(kubeconfig)}`),
        ...args,
      ],
      { timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-kubectl-'));
  platform = await startPlatform({ HTTPS_PORT: '0' });
});
afterAll(async () => {
  await platform?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('real kubectl through the downloaded kubeconfig', () => {
  it('points at the HTTPS listener with the platform CA and verified TLS', async () => {
    const alice = await newLearner('alice-config');
    const config = parse(fs.readFileSync(alice.kubeconfig, 'utf8'));
    expect(config.clusters[0].cluster.server).toBe(`${platform.httpsUrl}/k8s/${alice.id}`);
    expect(config.clusters[0].cluster['insecure-skip-tls-verify']).toBe(false);
    const ca = fs.readFileSync(path.join(platform.dataDir, 'pki', 'ca.crt'), 'utf8');
    expect(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(
      ca,
    );
  });

  it('gets nodes, creates and reads objects in the learner’s own cluster only', async () => {
    const alice = await newLearner('alice');
    const bob = await newLearner('bob');

    const nodes = await kubectl(alice.kubeconfig, 'get', 'nodes');
    expect(nodes.stderr).toBe('');
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(nodes.stdout).toMatch(/^controlplane\s+Ready\s+control-plane\s/m);
    expect(nodes.stdout).toMatch(/^node01\s+Ready\s+<none>\s/m);
    expect(nodes.stdout).toMatch(/^node02\s+Ready\s+<none>\s/m);

    // A protobuf body (typed clientset) and a client-side apply through the proxy.
    const created = await kubectl(
      alice.kubeconfig,
      'create',
      'configmap',
      'alice-only',
      '--from-literal=a=1',
    );
    expect(created.stdout).toBe('configmap/alice-only created\n');
    // A workload in protobuf: the proxy reads its replicas for the pod quota and forwards the bytes intact.
    const deployment = await kubectl(
      alice.kubeconfig,
      'create',
      'deployment',
      'web',
      '--image=nginx:1.25',
      '--replicas=2',
    );
    expect(deployment.stdout).toBe('deployment.apps/web created\n');
    const manifest = path.join(tmp, 'cm.yaml');
    fs.writeFileSync(
      manifest,
      stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { b: '2' } }),
    );
    expect((await kubectl(alice.kubeconfig, 'apply', '-f', manifest)).stdout).toBe(
      'configmap/applied created\n',
    );
    const got = await kubectl(alice.kubeconfig, 'get', 'configmap', 'alice-only', '-o', 'jsonpath={.data.a}');
    expect(got.stdout).toBe('1');

    // `get --raw` sends its path without the kubeconfig's /k8s/<id> prefix: the token names the sandbox.
    const raw = await kubectl(
      alice.kubeconfig,
      'get',
      '--raw',
      '/api/v1/namespaces/default/configmaps/alice-only',
    );
    expect(raw.stderr).toBe('');
    expect(JSON.parse(raw.stdout)).toMatchObject({ kind: 'ConfigMap', data: { a: '1' } });
    const bobRaw = await kubectl(
      bob.kubeconfig,
      'get',
      '--raw',
      '/api/v1/namespaces/default/configmaps/alice-only',
    );
    expect(bobRaw.stderr).toBe('Error from server (NotFound): configmaps "alice-only" not found\n');
    expect(
      JSON.parse((await kubectl(alice.kubeconfig, 'get', '--raw', '/apis/apps/v1')).stdout),
    ).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
    });

    const fromBob = await kubectl(bob.kubeconfig, 'get', 'configmap', 'alice-only');
    expect(fromBob.code).not.toBe(0);
    expect(fromBob.stderr).toContain('Error from server (NotFound): configmaps "alice-only" not found');

    // Bob's token against Alice's sandbox path is refused at the proxy.
    const stolen = parse(fs.readFileSync(bob.kubeconfig, 'utf8'));
    stolen.clusters[0].cluster.server = stolen.clusters[0].cluster.server.replace(bob.id, alice.id);
    const crossed = path.join(tmp, 'crossed.kubeconfig');
    fs.writeFileSync(crossed, stringify(stolen));
    const refused = await kubectl(crossed, 'get', 'configmaps');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('has a context for each lesson user, Forbidden until the learner binds them a role', async () => {
    const learner = await newLearner('lessons');
    const contexts = await kubectl(learner.kubeconfig, 'config', 'get-contexts', '-o', 'name');
    expect(contexts.stdout).toBe(`alice\natelier-${learner.id}\nbob\n`);

    const whoami = await kubectl(learner.kubeconfig, '--context', 'alice', 'auth', 'whoami');
    expect(whoami.stderr).toBe('');
    expect(whoami.stdout).toMatch(
      /^ATTRIBUTE\s+VALUE\nUsername\s+alice\nGroups\s+\[developpeurs system:authenticated\]\n$/,
    );

    const denied = await kubectl(learner.kubeconfig, '--context', 'alice', 'get', 'pods');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    const bound = await kubectl(
      learner.kubeconfig,
      'create',
      'rolebinding',
      'alice-view',
      '--clusterrole=view',
      '--user=alice',
    );
    expect(bound.stdout).toBe('rolebinding.rbac.authorization.k8s.io/alice-view created\n');
    const allowed = await kubectl(learner.kubeconfig, '--context', 'alice', 'get', 'pods');
    expect(allowed).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    // The binding is for alice only, and view does not let her write.
    expect((await kubectl(learner.kubeconfig, '--context', 'bob', 'get', 'pods')).code).toBe(1);
    const write = await kubectl(learner.kubeconfig, '--context', 'alice', 'create', 'configmap', 'x');
    expect(write.stderr).toBe(
      'error: failed to create configmap: configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"\n',
    );

    // A lesson user's token only opens its own sandbox.
    const other = await newLearner('lessons-other');
    const config = parse(fs.readFileSync(learner.kubeconfig, 'utf8'));
    config.clusters[0].cluster.server = config.clusters[0].cluster.server.replace(learner.id, other.id);
    const crossed = path.join(tmp, 'lessons-crossed.kubeconfig');
    fs.writeFileSync(crossed, stringify(config));
    const refused = await kubectl(crossed, '--context', 'alice', 'get', 'pods');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
