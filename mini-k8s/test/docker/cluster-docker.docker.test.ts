/**
 * A `mini-k8s up --runtime docker` cluster seen through the REAL kubectl: the kubelet refuses at admission
 * the pods the platform forbids (privileged, host namespaces, dangerous hostPaths), and pods resolve cluster
 * names through the cluster DNS served on the sandbox network's gateway and reach Services by ClusterIP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { LABELS, SANDBOX_ROLE } from '../../src/kubelet/runtime/docker/labels';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

/** waitFor polls `check` until it returns a value (generous timeout: the machine may be loaded). */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(!enabled)('docker runtime cluster (real kubectl, real containers)', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster(2, 'docker');
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  }, 120_000);

  it('rejects a privileged pod at kubelet admission, visible in get, describe and events', async () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'root' },
      spec: {
        containers: [
          {
            name: 'shell',
            image: 'busybox',
            command: ['sleep', '3600'],
            securityContext: { privileged: true },
          },
        ],
      },
    };
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) })).code).toBe(0);
    const status = await waitFor(async () => {
      const out = await t.kubectl(['get', 'pod', 'root', '-o', 'jsonpath={.status.phase}|{.status.reason}']);
      return out.stdout.startsWith('Failed') ? out.stdout : undefined;
    });
    expect(status).toBe('Failed|PodSecurityForbidden');
    const message = await t.kubectl(['get', 'pod', 'root', '-o', 'jsonpath={.status.message}']);
    expect(message.stdout).toBe(
      'Pod was rejected: privileged containers are not allowed on this platform (container "shell")',
    );
    const table = await t.kubectl(['get', 'pod', 'root']);
    expect(table.stdout).toMatch(/root\s+0\/1\s+PodSecurityForbidden\s+0/);

    const describe = await waitFor(async () => {
      const out = (await t.kubectl(['describe', 'pod', 'root'])).stdout;
      return /Warning\s+PodSecurityForbidden/.test(out) ? out : undefined;
    });
    expect(describe).toMatch(/Status:\s+Failed/);
    expect(describe).toMatch(/Reason:\s+PodSecurityForbidden/);
    expect(describe).toContain('privileged containers are not allowed on this platform (container "shell")');
    // No container was created for the rejected pod.
    const ids = await t.kubectl(['get', 'pod', 'root', '-o', 'jsonpath={.status.containerStatuses}']);
    expect(ids.stdout).toBe('');
  });

  it('rejects a hostPath outside the sandbox paths and still runs an allowed one', async () => {
    const pod = (name: string, path: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'host', mountPath: '/host' }],
          },
        ],
        volumes: [{ name: 'host', hostPath: { path } }],
      },
    });
    const list = { apiVersion: 'v1', kind: 'List', items: [pod('etc', '/etc'), pod('data', '/data/app')] };
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(list) })).code).toBe(0);
    const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/data', '--timeout=90s'], {
      timeoutMs: 100_000,
    });
    expect(ready.stdout).toBe('pod/data condition met\n');
    const reason = await waitFor(async () => {
      const out = await t.kubectl(['get', 'pod', 'etc', '-o', 'jsonpath={.status.reason}']);
      return out.stdout || undefined;
    });
    expect(reason).toBe('PodSecurityForbidden');
    const events = await waitFor(async () => {
      const out = await t.kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=etc,type=Warning',
        '-o',
        'jsonpath={.items[*].message}',
      ]);
      return out.stdout || undefined;
    });
    expect(events).toContain('hostPath volume "host" with path "/etc" is not allowed on this platform');
  });

  it('resolves the API server, a Service and a headless Service pods through the cluster DNS', async () => {
    for (const args of [
      ['create', 'deployment', 'web', '--image=nginx:1.25'],
      ['expose', 'deployment', 'web', '--port=80'],
      ['create', 'deployment', 'db', '--image=redis', '--replicas=2'],
      ['create', 'service', 'clusterip', 'db', '--clusterip=None', '--tcp=6379:6379'],
      ['run', 'client', '--image=busybox', '--', 'sleep', '3600'],
    ]) {
      expect((await t.kubectl(args)).code).toBe(0);
    }
    for (const target of ['deployment/web', 'deployment/db']) {
      const rollout = await t.kubectl(['rollout', 'status', target, '--timeout=120s'], {
        timeoutMs: 130_000,
      });
      expect(rollout.code).toBe(0);
    }
    const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=90s'], {
      timeoutMs: 100_000,
    });
    expect(ready.stdout).toBe('pod/client condition met\n');

    const resolv = await t.kubectl(['exec', 'client', '--', 'cat', '/etc/resolv.conf']);
    expect(resolv.stdout).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(resolv.stdout).toContain('options ndots:5');
    // The kubelet's --cluster-dns is the kube-dns Service IP, as in Kubernetes: Docker's embedded resolver
    // (127.0.0.11 in resolv.conf) forwards to it, and the host's rules send it to the real DNS server.
    const sandboxes = await new Docker().listContainers({
      filters: { label: [`${LABELS.podName}=client`, `${LABELS.role}=${SANDBOX_ROLE}`] },
    });
    const clientIp = (await t.kubectl(['get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}'])).stdout;
    // The pod's address: Docker's endpoint, or the direct pod network's label (DOCKER_POD_NETWORK=direct).
    const mine = sandboxes.filter(
      (c) =>
        c.Labels[LABELS.podIp] === clientIp ||
        Object.values(c.NetworkSettings?.Networks ?? {}).some((n) => n.IPAddress === clientIp),
    );
    expect(mine.length).toBe(1);
    const info = await new Docker().getContainer(mine[0].Id).inspect();
    // Without Docker networking the runtime writes resolv.conf itself, naming the Service IP directly.
    if (mine[0].Labels[LABELS.podIp]) expect(resolv.stdout).toContain('nameserver 10.96.0.10');
    else expect(info.HostConfig.Dns).toEqual(['10.96.0.10']);

    const lookup = async (name: string) =>
      (await t.kubectl(['exec', 'client', '--', 'timeout', '10', 'nslookup', name])).stdout;
    expect(await lookup('kubernetes.default.svc.cluster.local')).toMatch(/Address:\s+10\.96\.0\.1\b/);

    const webIp = (await t.kubectl(['get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
    expect(webIp).toMatch(/^10\.\d+\.\d+\.\d+$/);
    // A short name goes through the search list (ndots:5), as in a real pod.
    const web = await lookup('web');
    expect(web).toContain('web.default.svc.cluster.local');
    expect(web).toContain(webIp);

    const dbIps = (
      await t.kubectl(['get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[*].status.podIP}'])
    ).stdout
      .split(' ')
      .filter(Boolean);
    expect(dbIps).toHaveLength(2);
    // Endpoints follow readiness: wait until both pods are published, then every one resolves.
    const db = await waitFor(async () => {
      const out = await lookup('db.default.svc.cluster.local');
      return dbIps.every((ip) => out.includes(ip)) ? out : undefined;
    });
    for (const ip of dbIps) expect(db).toContain(ip);

    expect(await lookup('missing.default.svc.cluster.local')).not.toContain('Name:');
    // The kube-dns Service IP answers too (`nslookup <name> 10.96.0.10`). Fully qualified: with a server
    // argument busybox applies no search list and asks for `web.` itself (SERVFAIL without upstreams).
    const viaService = await t.kubectl([
      'exec',
      'client',
      '--',
      'timeout',
      '10',
      'nslookup',
      'web.default.svc.cluster.local',
      '10.96.0.10',
    ]);
    expect(viaService.stdout).toContain(webIp);
  });

  it('carries traffic to a Service ClusterIP to a ready endpoint', async () => {
    // Reuses `web` and `client` from the DNS test: the Service name resolves to the ClusterIP, the host's
    // DNAT rules pick the nginx pod.
    const page = await waitFor(async () => {
      const out = await t.kubectl(['exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', 'http://web/']);
      return out.code === 0 ? out.stdout : undefined;
    });
    expect(page).toContain('<title>Welcome to nginx!</title>');

    // Scaled to zero: no endpoint, the connection is refused (kube-proxy's REJECT), not left to time out.
    expect((await t.kubectl(['scale', 'deployment/web', '--replicas=0'])).code).toBe(0);
    // While the endpoint is being removed a request may still go to the stopping pod and time out (exit 143):
    // wait until the rules have caught up and the refusal is immediate.
    const failed = await waitFor(async () => {
      const out = await t.kubectl(['exec', 'client', '--', 'timeout', '3', 'wget', '-qO-', 'http://web/']);
      return out.code !== 0 && out.stderr.includes('Connection refused') ? out : undefined;
    });
    expect(failed.stdout).not.toContain('Welcome to nginx');
    expect(failed.stderr).toContain('Connection refused');
  });
});
