/**
 * RUNTIME=kubernetes end to end: an in-process mini-k8s is the HOST cluster (HTTPS, its own CA, real RBAC);
 * the platform gets a ServiceAccount token bound to exactly the ClusterRole of the Helm chart
 * (deploy/helm/atelier/templates/host-rbac.yaml) in a kubeconfig file, and runs as a real process. A learner
 * drives their sandbox with the REAL kubectl; their pods show up as pods of the host namespace, logs and exec go
 * through the host's API, a crash and restart leave nothing behind, a deleted sandbox takes its namespace
 * with it, and a host refusing a permission stops the platform with a message naming it.
 */
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { findKind } from '../../mini-k8s/src/api/resources';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { createCertificateRequest } from '../../mini-k8s/src/apiserver/pki/csr';
import { ApiClient } from '../../mini-k8s/src/client/client';
import { httpsTransport } from '../../mini-k8s/src/client/transport';
import { type RunningCluster, startCluster } from '../../mini-k8s/src/cmd/up';
import { HOST_PERMISSIONS } from '../../mini-k8s/src/kubelet/runtime/kubernetes/host-access';
import { withoutStreamRaceLog } from '../../mini-k8s/src/kubectl/testing/parity-harness';
import { waitFor } from '../../mini-k8s/test/integration/harness';
import { startPlatform, type RunningPlatform } from './support/platform';
import { openTerminal } from './support/terminal';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const NAMESPACES = findKind('', 'v1', 'Namespace')!;
const PODS = findKind('', 'v1', 'Pod')!;
const SERVICE_ACCOUNTS = findKind('', 'v1', 'ServiceAccount')!;
const SERVICES = findKind('', 'v1', 'Service')!;
const SLICES = findKind('discovery.k8s.io', 'v1', 'EndpointSlice')!;
const CLUSTER_ROLES = findKind('rbac.authorization.k8s.io', 'v1', 'ClusterRole')!;
const CLUSTER_ROLE_BINDINGS = findKind('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding')!;

let tmp: string;
let host: RunningCluster;
let admin: ApiClient;
let platform: RunningPlatform | undefined;

/** chartRules reads the ClusterRole rules of the Helm chart's host-rbac.yaml (template lines dropped). */
function chartRules(): unknown[] {
  const text = fs.readFileSync(path.join(ROOT, 'deploy/helm/atelier/templates/host-rbac.yaml'), 'utf8');
  const plain = text
    .split('\n')
    .filter((line) => !/^\s*\{\{-?.*\}\}\s*$/.test(line))
    .map((line) => line.replace(/\{\{[^}]*\}\}/g, 'x'))
    .join('\n');
  const role = parseAllDocuments(plain)
    .map((d) => d.toJSON() as KubeObject | null)
    .find((o) => o?.kind === 'ClusterRole');
  return (role as unknown as { rules: unknown[] }).rules;
}

/** platformKubeconfig makes a ServiceAccount bound to `rules` and writes a kubeconfig with its token. */
async function platformKubeconfig(name: string, rules: unknown[]): Promise<string> {
  await admin.create(SERVICE_ACCOUNTS, 'atelier-system', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: 'atelier-system' },
  });
  await admin.create(CLUSTER_ROLES, undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  } as KubeObject);
  await admin.create(CLUSTER_ROLE_BINDINGS, undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: 'atelier-system' }],
  } as KubeObject);
  const request = await admin.createSubresource<{ status: { token: string } }>(
    SERVICE_ACCOUNTS,
    'atelier-system',
    name,
    'token',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  );
  const file = path.join(tmp, `${name}.kubeconfig`);
  fs.writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'host',
      clusters: [
        {
          name: 'host',
          cluster: {
            server: host.url,
            'certificate-authority-data': Buffer.from(host.caPem).toString('base64'),
          },
        },
      ],
      users: [{ name, user: { token: request.status.token } }],
      contexts: [{ name: 'host', context: { cluster: 'host', user: name } }],
    }),
  );
  return file;
}

let chartKubeconfig: Promise<string> | undefined;
/** chartPlatformKubeconfig is the platform's kubeconfig bound to exactly the chart's ClusterRole (made once). */
function chartPlatformKubeconfig(): Promise<string> {
  chartKubeconfig ??= platformKubeconfig('atelier-platform', chartRules());
  return chartKubeconfig;
}

interface Learner {
  cookie: string;
  id: string;
  kubeconfig: string;
}

async function newLearner(p: RunningPlatform): Promise<Learner> {
  const created = await fetch(`${p.url}/api/sandboxes`, { method: 'POST' });
  expect(created.status).toBe(201);
  const cookie = created.headers.get('set-cookie')!.split(';')[0];
  const { id, runtime } = (await created.json()) as { id: string; runtime: string };
  expect(runtime).toBe('kubernetes');
  return { cookie, id, kubeconfig: await learnerKubeconfig(p, id, cookie) };
}

async function learnerKubeconfig(p: RunningPlatform, id: string, cookie: string): Promise<string> {
  const res = await fetch(`${p.url}/api/sandboxes/${id}/kubeconfig`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const file = path.join(tmp, `learner-${id}.kubeconfig`);
  fs.writeFileSync(file, await res.text());
  return file;
}

async function kubectl(kubeconfig: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', path.join(tmp, 'kubectl-cache'), ...args],
      { timeout: 60_000, env: { ...process.env, HOME: tmp, KUBECONFIG: '' } },
    );
    return { code: 0, stdout, stderr: withoutStreamRaceLog(stderr) };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: withoutStreamRaceLog(e.stderr) };
  }
}

/**
 * startPortForward runs the real `kubectl port-forward <pod> :<port>` and resolves with the local port it
 * listens on; `stderr()` is what kubectl reported since, `stop()` ends it.
 */
async function startPortForward(kubeconfig: string, pod: string, port: number) {
  const child = spawn(
    'kubectl',
    [
      '--kubeconfig',
      kubeconfig,
      '--cache-dir',
      path.join(tmp, 'kubectl-cache'),
      'port-forward',
      `pod/${pod}`,
      `:${port}`,
      '--address',
      '127.0.0.1',
    ],
    { env: { ...process.env, HOME: tmp, KUBECONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill();
    await exited;
  };
  const localPort = await waitFor(
    'kubectl port-forward to listen',
    async () => {
      const match = /Forwarding from 127\.0\.0\.1:(\d+) -> \d+/.exec(stdout);
      if (!match && child.exitCode !== null) throw new Error(`kubectl port-forward exited: ${stderr}`);
      return match ? Number(match[1]) : undefined;
    },
    60_000,
  ).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { localPort, stdout: () => stdout, stderr: () => stderr, stop };
}

/** hostNamespace is the sandbox's host namespace, found by the id annotated on it. */
async function hostNamespace(sandboxId: string): Promise<string | undefined> {
  const list = await admin.list(NAMESPACES, undefined, {
    labelSelector: 'atelier.dev/sandbox-namespace=true',
  });
  return list.items.find((ns) => ns.metadata.annotations?.['atelier.dev/sandbox-id'] === sandboxId)?.metadata
    .name;
}

async function hostPods(namespace: string, role: string): Promise<KubeObject[]> {
  const list = await admin.list(PODS, namespace, { labelSelector: `atelier.dev/role=${role}` });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function runningLearnerPods(kubeconfig: string): Promise<string[] | undefined> {
  const out = await kubectl(
    kubeconfig,
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}',
  );
  const lines = out.stdout.trim().split('\n').filter(Boolean);
  return lines.length === 2 && lines.every((l) => l.endsWith(' Running'))
    ? lines.map((l) => l.split(' ')[0])
    : undefined;
}

function platformEnv(kubeconfig: string): Record<string, string> {
  return {
    HTTPS_PORT: '0',
    RUNTIME: 'kubernetes',
    HOST_KUBECONFIG: kubeconfig,
    HOST_NAMESPACE_PREFIX: 'atelier-t-',
  };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-k8s-runtime-'));
  host = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 2,
    runtime: 'simulated',
    speed: 0,
    kubeconfig: path.join(tmp, 'host-admin.kubeconfig'),
  });
  admin = new ApiClient({
    baseUrl: host.url,
    transport: httpsTransport({ ca: host.caPem, token: host.adminToken }),
  });
  await admin.create(NAMESPACES, undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'atelier-system' },
  });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await host?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('RUNTIME=kubernetes with the Helm chart’s ClusterRole on an in-process host', () => {
  it('grants in the chart exactly the HOST_PERMISSIONS the platform checks, nothing more', () => {
    expect(chartRules()).toEqual(
      HOST_PERMISSIONS.map((r) => ({ apiGroups: [r.apiGroup], resources: r.resources, verbs: r.verbs })),
    );
  });

  it('runs the learner’s pods as host pods, with logs and exec, and cleans up after a crash and a deletion', async () => {
    const kubeconfig = await chartPlatformKubeconfig();
    platform = await startPlatform(platformEnv(kubeconfig), { keepData: true });

    const health = (await (await fetch(`${platform.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', runtime: 'kubernetes', host: { reachable: true } });

    const learner = await newLearner(platform);
    const created = await kubectl(
      learner.kubeconfig,
      'create',
      'deployment',
      'web',
      '--image=nginx:1.7.9',
      '--replicas=2',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('deployment.apps/web created\n');
    const names = await waitFor('two Running web pods', () => runningLearnerPods(learner.kubeconfig), 90_000);

    // The same pods, as pods of the sandbox's own host namespace, bounded by its quota.
    const ns = (await hostNamespace(learner.id))!;
    expect(ns).toBe(`atelier-t-${crypto.createHash('sha256').update(learner.id).digest('hex').slice(0, 16)}`);
    // One host pod per learner pod (all its containers in it).
    const containers = await waitFor('two host pods', async () => {
      const pods = await hostPods(ns, 'pod');
      const running = pods.every((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
      return pods.length === 2 && running ? pods : undefined;
    });
    expect(
      containers.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image),
    ).toEqual(['nginx:1.7.9', 'nginx:1.7.9']);
    // `kubectl get pods -o wide` shows the host pods' IPs: the learner pod's IP is its host pod's.
    const ips = await kubectl(
      learner.kubeconfig,
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].status.podIP}',
    );
    expect(ips.stdout.split(' ').sort()).toEqual(
      containers.map((p) => (p.status as { podIP: string }).podIP).sort(),
    );
    const quota = await admin.get(findKind('', 'v1', 'ResourceQuota')!, ns, 'sandbox');
    expect(quota.spec).toMatchObject({ hard: { pods: '50', 'limits.memory': '4Gi' } });

    // Logs and exec of the learner go to the host pods through the host's API.
    // (nginx 1.7.9 writes nothing at start: a pod that prints, as in the course's first chapter.)
    const ran = await kubectl(
      learner.kubeconfig,
      'run',
      'hello',
      '--image=busybox:1.36',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo bonjour depuis le cluster hôte',
    );
    expect(ran.stdout).toBe('pod/hello created\n');
    let lastLogs: unknown;
    const logs = await waitFor(
      'the hello pod’s logs',
      async () => {
        const out = await kubectl(learner.kubeconfig, 'logs', 'hello');
        lastLogs = out;
        return out.code === 0 && out.stdout !== '' ? out.stdout : undefined;
      },
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(lastLogs)}`);
    });
    expect(logs).toBe('bonjour depuis le cluster hôte\n');
    expect((await kubectl(learner.kubeconfig, 'delete', 'pod', 'hello')).code).toBe(0);
    const exec = await kubectl(learner.kubeconfig, 'exec', names[0], '--', 'echo', 'bonjour');
    expect(exec.stdout).toBe('bonjour\n');
    expect(exec.code).toBe(0);

    // kubectl port-forward reaches the pod through the host's pods/portforward (WebSocket-tunnelled SPDY):
    // two requests at once, then a port nothing listens on, whose error is the host's, told of the
    // learner's pod.
    const forward = await startPortForward(learner.kubeconfig, names[0], 80);
    try {
      const pages = await Promise.all(
        [0, 1].map(async () => {
          const res = await fetch(`http://127.0.0.1:${forward.localPort}/`);
          return { status: res.status, body: await res.text() };
        }),
      );
      for (const page of pages) {
        expect(page.status).toBe(200);
        expect(page.body).toContain('Welcome to nginx!');
      }
      expect(forward.stdout()).toContain(`Handling connection for ${forward.localPort}`);
    } finally {
      await forward.stop();
    }
    const closed = await startPortForward(learner.kubeconfig, names[0], 8080);
    try {
      await expect(fetch(`http://127.0.0.1:${closed.localPort}/`)).rejects.toThrow();
      const reported = await waitFor('kubectl to report the host’s error', async () =>
        closed.stderr().includes('connection refused') ? closed.stderr() : undefined,
      );
      expect(reported).toContain(`error forwarding port 8080 to pod default/${names[0]}, uid `);
      expect(reported).toMatch(/failed to connect to localhost:8080 inside namespace .*connection refused/);
    } finally {
      await closed.stop();
    }
    // The platform's port-forward pages (the built-in terminal's URLs) go the same way.
    const viaPlatform = await fetch(
      `${platform.url}/api/sandboxes/${learner.id}/port-forward/default/${names[0]}/80/`,
      { headers: { cookie: learner.cookie } },
    );
    expect(viaPlatform.status).toBe(200);
    expect(await viaPlatform.text()).toContain('Welcome to nginx!');

    // A crash (kill -9): the host pods stay behind, and a namespace of a sandbox the platform no longer knows.
    await admin.create(NAMESPACES, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'atelier-t-0000000000000000',
        labels: { 'atelier.dev/sandbox-namespace': 'true' },
        annotations: { 'atelier.dev/sandbox-id': 'gone' },
      },
    });
    const before = new Set((await hostPods(ns, 'pod')).map((p) => p.metadata.name));
    const dataDir = platform.dataDir;
    await platform.stop('SIGKILL');
    platform = await startPlatform(platformEnv(kubeconfig), { dataDir, keepData: true });
    // At start-up the orphan namespace goes; the sandbox's own stays.
    await waitFor('the orphan namespace to go', async () =>
      (await admin.list(NAMESPACES)).items.some(
        (n) => n.metadata.name === 'atelier-t-0000000000000000' && !n.metadata.deletionTimestamp,
      )
        ? undefined
        : true,
    );
    expect(await hostNamespace(learner.id)).toBe(ns);
    // On wake, the previous process's pods are found by their labels and removed; the learner's kubelet
    // starts the pods again: exactly two host pods, none of them the old ones.
    const again = await learnerKubeconfig(platform, learner.id, learner.cookie);
    await waitFor('the web pods Running again', () => runningLearnerPods(again), 90_000);
    const after = await waitFor('exactly two new host pods', async () => {
      const pods = await hostPods(ns, 'pod');
      return pods.length === 2 && pods.every((p) => !before.has(p.metadata.name)) ? pods : undefined;
    });
    expect(after).toHaveLength(2);
    // No other pod: no anchor, no per-container pod.
    expect(await hostPods(ns, 'anchor')).toEqual([]);
    expect(await hostPods(ns, 'container')).toEqual([]);

    // A reset empties the namespace of the old cluster's pods (the namespace itself stays).
    const reset = await fetch(`${platform.url}/api/sandboxes/${learner.id}/reset`, {
      method: 'POST',
      headers: { cookie: learner.cookie },
    });
    expect(reset.status).toBe(200);
    expect(await hostPods(ns, 'pod')).toEqual([]);
    expect(await hostNamespace(learner.id)).toBe(ns);

    // Deleting the sandbox deletes its host namespace.
    const deleted = await fetch(`${platform.url}/api/sandboxes/${learner.id}`, {
      method: 'DELETE',
      headers: { cookie: learner.cookie },
    });
    expect(deleted.status).toBeLessThan(300);
    await waitFor('the host namespace to go', async () => {
      const found = await admin.get(NAMESPACES, undefined, ns).catch(() => undefined);
      return found === undefined || found.metadata.deletionTimestamp ? true : undefined;
    });
    await platform.stop();
    platform = undefined;
  }, 300_000);

  it('works with client-certificate authentication (a CSR signed by the host), exec included', async () => {
    // The platform's identity as a user with a certificate: CSR approved by the host's admin, role bound to it.
    const key = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const csr = createCertificateRequest({ commonName: 'atelier-cert-platform' }, key);
    await admin.create(findKind('certificates.k8s.io', 'v1', 'CertificateSigningRequest')!, undefined, {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'atelier-cert-platform' },
      spec: {
        request: Buffer.from(csr).toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client',
        usages: ['client auth'],
      },
    } as KubeObject);
    const approved = await run('kubectl', [
      '--kubeconfig',
      path.join(tmp, 'host-admin.kubeconfig'),
      '--cache-dir',
      path.join(tmp, 'host-cache'),
      'certificate',
      'approve',
      'atelier-cert-platform',
    ]);
    expect(approved.stdout).toContain('approved');
    const certificate = await waitFor('the signed certificate', async () => {
      const got = await admin.get(
        findKind('certificates.k8s.io', 'v1', 'CertificateSigningRequest')!,
        undefined,
        'atelier-cert-platform',
      );
      return (got.status as { certificate?: string } | undefined)?.certificate;
    });
    await admin.create(CLUSTER_ROLES, undefined, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'atelier-cert-platform' },
      rules: chartRules(),
    } as KubeObject);
    await admin.create(CLUSTER_ROLE_BINDINGS, undefined, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'atelier-cert-platform' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'atelier-cert-platform' },
      subjects: [{ kind: 'User', name: 'atelier-cert-platform', apiGroup: 'rbac.authorization.k8s.io' }],
    } as KubeObject);
    const file = path.join(tmp, 'cert.kubeconfig');
    fs.writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'host',
        clusters: [
          {
            name: 'host',
            cluster: {
              server: host.url,
              'certificate-authority-data': Buffer.from(host.caPem).toString('base64'),
            },
          },
        ],
        users: [
          {
            name: 'platform',
            user: {
              'client-certificate-data': certificate,
              'client-key-data': Buffer.from(key.export({ type: 'pkcs8', format: 'pem' }) as string).toString(
                'base64',
              ),
            },
          },
        ],
        contexts: [{ name: 'host', context: { cluster: 'host', user: 'platform' } }],
      }),
    );
    platform = await startPlatform(platformEnv(file));
    const learner = await newLearner(platform);
    expect(
      (await kubectl(learner.kubeconfig, 'run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600')).stdout,
    ).toBe('pod/box created\n');
    const ready = await kubectl(
      learner.kubeconfig,
      'wait',
      '--for=condition=Ready',
      'pod/box',
      '--timeout=90s',
    );
    expect(ready.stdout).toBe('pod/box condition met\n');
    const exec = await kubectl(learner.kubeconfig, 'exec', 'box', '--', 'echo', 'par certificat');
    expect(exec.stderr).toBe('');
    expect(exec).toMatchObject({ code: 0, stdout: 'par certificat\n' });
    const ns = (await hostNamespace(learner.id))!;
    expect(await hostPods(ns, 'pod')).toHaveLength(1);
    await platform.stop();
    platform = undefined;
  }, 240_000);

  it('runs kubectl exec (with a TTY) and logs of the page’s terminal against the host pods', async () => {
    platform = await startPlatform(platformEnv(await chartPlatformKubeconfig()));
    const term = await openTerminal(platform, { waitMs: 60_000 });
    try {
      await term.waitFor(/apprenant@atelier:~\$/);
      term.type('kubectl run t --image=busybox:1.36 -- sh -c "echo depuis-le-pod; sleep 3600"\r');
      await term.waitFor(/pod\/t created/);
      term.type('kubectl wait --for=condition=Ready pod/t --timeout=60s\r');
      await term.waitFor(/pod\/t condition met/, 90_000);
      term.type('kubectl logs t\r');
      await term.waitFor(/^depuis-le-pod$/m);
      term.type('kubectl exec -it t -- sh\r');
      await term.waitFor(/^\/ #/m);
      term.type('echo "$((6 * 7)) dans le conteneur"\r');
      await term.waitFor(/^42 dans le conteneur$/m);
      term.type('exit\r');
      // Back at the platform's shell once the host's shell has ended (keys typed before would go to the pod).
      await term.waitFor(/exit\napprenant@atelier:~\$\s*$/);
      term.type('echo retour-au-shell\r');
      await term.waitFor(/^retour-au-shell$/m);
    } finally {
      term.close();
    }
    const ns = (await hostNamespace(term.id))!;
    expect((await hostPods(ns, 'pod')).map((p) => p.metadata.annotations?.['atelier.dev/pod'])).toEqual([
      'default/t',
    ]);
    await platform.stop();
    platform = undefined;
  }, 240_000);

  it('mirrors the learner’s Services on the host and gives its pods the platform’s cluster DNS', async () => {
    platform = await startPlatform({
      ...platformEnv(await chartPlatformKubeconfig()),
      HOST_DNS_ADDRESS: '127.0.0.1',
      HOST_DNS_PORT: '0',
    });
    const learner = await newLearner(platform);
    expect(
      (
        await kubectl(
          learner.kubeconfig,
          'create',
          'deployment',
          'web',
          '--image=nginx:1.7.9',
          '--replicas=2',
        )
      ).code,
    ).toBe(0);
    const exposed = await kubectl(learner.kubeconfig, 'expose', 'deployment', 'web', '--port=80');
    expect(exposed.stdout).toBe('service/web exposed\n');
    await waitFor('two Running web pods', () => runningLearnerPods(learner.kubeconfig), 90_000);
    const learnerIps = (
      await kubectl(
        learner.kubeconfig,
        'get',
        'pods',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[*].status.podIP}',
      )
    ).stdout
      .split(' ')
      .sort();
    const ns = (await hostNamespace(learner.id))!;

    // The learner's Service, mirrored with the learner pods' IPs (= the host pods' IPs).
    const mirror = await waitFor('the host mirror of default/web', () =>
      admin.get(SERVICES, ns, 'web-x-default').catch(() => undefined),
    );
    expect(mirror.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }] });
    const addresses = await waitFor('the mirrored endpoints', async () => {
      const slices = await admin.list(SLICES, ns, {
        labelSelector: 'kubernetes.io/service-name=web-x-default',
      });
      const ips = slices.items
        .flatMap((s) => (s.endpoints as { addresses: string[] }[] | null) ?? [])
        .map((e) => e.addresses[0])
        .sort();
      return ips.length === 2 ? ips : undefined;
    });
    expect(addresses).toEqual(learnerIps);
    // The API server's service proxy reaches a pod of the Service through the host's port-forward.
    const proxied = await kubectl(
      learner.kubeconfig,
      'get',
      '--raw',
      '/api/v1/namespaces/default/services/web:80/proxy/',
    );
    expect(proxied).toMatchObject({ code: 0, stderr: '' });
    expect(proxied.stdout).toContain('Welcome to nginx!');

    // The sandbox's kube-dns host Service points at the platform's DNS server; the host pods use it.
    const kubeDns = await admin.get(SERVICES, ns, 'kube-dns');
    const [dnsSlice] = (
      await admin.list(SLICES, ns, { labelSelector: 'kubernetes.io/service-name=kube-dns' })
    ).items;
    const dnsPort = (dnsSlice.ports as { port: number }[])[0].port;
    expect(dnsSlice.endpoints).toEqual([expect.objectContaining({ addresses: ['127.0.0.1'] })]);
    const [learnerPod] = await hostPods(ns, 'pod');
    expect(learnerPod.spec).toMatchObject({
      dnsPolicy: 'None',
      dnsConfig: { nameservers: [(kubeDns.spec as { clusterIP: string }).clusterIP] },
    });
    // Only the sandbox's pods get answers: this test process is no learner pod.
    const stranger = new Resolver({ timeout: 5000, tries: 1 });
    stranger.setServers([`127.0.0.1:${dnsPort}`]);
    await expect(stranger.resolve4('web.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'EREFUSED',
    });

    // A deleted learner Service disappears from the host.
    expect((await kubectl(learner.kubeconfig, 'delete', 'service', 'web')).code).toBe(0);
    await waitFor('the mirror gone', async () =>
      (await admin.get(SERVICES, ns, 'web-x-default').catch(() => undefined)) ? undefined : true,
    );
    await platform.stop();
    platform = undefined;
  }, 240_000);

  it('stops at start-up, naming the missing permission, when the host answers 403', async () => {
    const rules = chartRules().map((r) => {
      const rule = r as { resources: string[]; verbs: string[] };
      return rule.resources.includes('pods/exec') ? { ...rule, resources: ['pods/attach'] } : rule;
    });
    const kubeconfig = await platformKubeconfig('atelier-no-exec', rules);
    await expect(startPlatform(platformEnv(kubeconfig))).rejects.toThrow(
      /platform exited with 4:[\s\S]*permissions manquantes sur le cluster hôte \(403 Forbidden[\s\S]*get pods\/exec, create pods\/exec/,
    );
  }, 120_000);

  it('stops at start-up when the host rejects the token (401) or does not answer', async () => {
    const bad = path.join(tmp, 'bad-token.kubeconfig');
    const good = fs.readFileSync(await chartPlatformKubeconfig(), 'utf8');
    fs.writeFileSync(bad, good.replace(/token: .*/, 'token: not-a-valid-token'));
    await expect(startPlatform(platformEnv(bad))).rejects.toThrow(/401 Unauthorized/);
    const closed = path.join(tmp, 'closed-port.kubeconfig');
    fs.writeFileSync(closed, good.replace(host.url, 'https://127.0.0.1:1'));
    await expect(startPlatform(platformEnv(closed))).rejects.toThrow(/le cluster hôte est injoignable/);
  }, 120_000);
});
