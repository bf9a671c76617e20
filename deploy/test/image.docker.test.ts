/**
 * The platform image: it builds without any registry (base image made from this machine's Node.js), runs as an
 * unprivileged user, its health check passes, and a learner reaches their sandbox with the real kubectl through
 * the downloaded kubeconfig.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../mini-k8s/src/testing/requirements';
import { freePort, learnerKubectl, run, waitHealthy } from './docker-cli';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const TAG = 'atelier/platform:test';

describe.skipIf(!enabled)('platform image', () => {
  let container = '';
  let baseUrl = '';

  beforeAll(async () => {
    const built = await run('deploy/docker/build-image.sh', [TAG], {
      env: { ...process.env, SKIP_SITE_BUILD: '1' },
      timeoutMs: 900_000,
    });
    expect(built).toBe(TAG);
    const httpPort = await freePort();
    // The kubeconfig names the HTTPS port the server listens on: publish it on the same port number.
    const httpsPort = await freePort();
    container = await run('docker', [
      'run',
      '--detach',
      '--publish',
      `127.0.0.1:${httpPort}:8080`,
      '--publish',
      `127.0.0.1:${httpsPort}:${httpsPort}`,
      '--env',
      `HTTPS_PORT=${httpsPort}`,
      TAG,
    ]);
    baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitHealthy(container);
  }, 1_200_000);

  afterAll(async () => {
    if (container) await run('docker', ['rm', '--force', '--volumes', container]).catch(() => undefined);
    if (enabled) await run('docker', ['rmi', TAG]).catch(() => undefined);
  });

  it('runs as the unprivileged atelier user and ships the real kubectl', async () => {
    expect(await run('docker', ['exec', container, 'id', '-u'])).toBe('10001');
    const version = await run('docker', ['exec', container, 'kubectl', 'version', '--client', '-o', 'json']);
    expect(JSON.parse(version).clientVersion.gitVersion).toMatch(/^v1\.32\./);
    const size = Number(await run('docker', ['image', 'inspect', '--format', '{{.Size}}', TAG]));
    console.log(`platform image: ${(size / 1024 / 1024).toFixed(0)} MiB`);
    expect(size).toBeGreaterThan(0);
  });

  it('serves the built site and gives a learner a cluster reachable with the real kubectl', async () => {
    const home = await fetch(`${baseUrl}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Kubernetes');
    const learner = await learnerKubectl(baseUrl);
    try {
      const nodes = await learner.kubectl('get', 'nodes', '-o', 'name');
      expect(nodes.split('\n')).toHaveLength(3);
      await learner.kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
      const rollout = await learner.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
      expect(rollout).toContain('successfully rolled out');
    } finally {
      learner.cleanup();
    }
  });

  it('keeps the learner state in the /data volume across a restart', async () => {
    const learner = await learnerKubectl(baseUrl);
    try {
      await learner.kubectl('create', 'configmap', 'kept', '--from-literal=a=1');
      await run('docker', ['restart', container], { timeoutMs: 120_000 });
      await waitHealthy(container);
      expect(await learner.kubectl('get', 'configmap', 'kept', '-o', 'jsonpath={.data.a}')).toBe('1');
    } finally {
      learner.cleanup();
    }
  });
});
