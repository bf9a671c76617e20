/**
 * A `mini-k8s up --runtime docker` cluster seen through the REAL kubectl: the kubelet refuses at admission
 * the pods the platform forbids (privileged, host namespaces, dangerous hostPaths), and pods resolve cluster
 * names through the cluster DNS served on the sandbox network's gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
