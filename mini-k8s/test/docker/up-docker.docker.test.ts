/**
 * `mini-k8s up --runtime docker` driven by the REAL kubectl: pods are real containers of offline course
 * images on the cluster's own Docker network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

describe.skipIf(!enabled)('mini-k8s up --runtime docker (real kubectl, real containers)', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster(3, 'docker');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('runs an nginx Deployment that another pod reaches by IP, with logs and exec', async () => {
    expect(
      (await t.kubectl(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2'])).code,
    ).toBe(0);
    const rollout = await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s'], {
      timeoutMs: 100_000,
    });
    expect(rollout.stdout).toContain('deployment "web" successfully rolled out');
    const ips = (
      await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.podIP}'])
    ).stdout
      .split(' ')
      .filter(Boolean);
    expect(ips).toHaveLength(2);

    expect((await t.kubectl(['run', 'client', '--image=busybox', '--', 'sleep', '3600'])).code).toBe(0);
    const ready = await t.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=60s'], {
      timeoutMs: 70_000,
    });
    expect(ready.stdout).toBe('pod/client condition met\n');
    const page = await t.kubectl([
      'exec',
      'client',
      '--',
      'timeout',
      '5',
      'wget',
      '-qO-',
      `http://${ips[0]}/`,
    ]);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');

    const pod = (
      await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).stdout;
    const logs = await t.kubectl(['logs', pod]);
    expect(logs.stdout).toContain('Configuration complete; ready for start up');
    const exitCode = await t.kubectl(['exec', pod, '--', 'sh', '-c', 'exit 4']);
    expect(exitCode.code).toBe(4);
  });
});
