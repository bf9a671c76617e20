/**
 * The platform image: it builds without any registry (base image made from this machine's Node.js), runs as an
 * unprivileged user, its health check passes, and a learner reaches their sandbox with the real kubectl through
 * the downloaded kubeconfig.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../mini-k8s/src/testing/requirements';
import { freePort, learnerKubectl, run, waitHealthy } from './docker-cli';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
/** TAG is shared with compose.docker.test.ts; it is kept between runs so the next build reuses its layers. */
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

  it('ships as an offline bundle that docker load restores', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bundle-'));
    try {
      const bundle = await run('deploy/offline/make-bundle.sh', [path.join(dir, 'bundle.tar')], {
        env: { ...process.env, ATELIER_IMAGE: TAG },
        timeoutMs: 600_000,
      });
      await run('tar', ['-xf', bundle, '-C', dir]);
      const images = fs.readFileSync(path.join(dir, 'atelier-offline/IMAGES'), 'utf8').trim().split('\n');
      expect(images[0]).toBe(TAG);
      expect(images).toEqual(expect.arrayContaining(['atelier/nginx:offline', 'atelier/busybox:offline']));
      expect(fs.readFileSync(path.join(dir, 'atelier-offline/compose/.env.example'), 'utf8')).toContain(
        `ATELIER_IMAGE=${TAG}`,
      );
      // Untag the platform image (the running container keeps its layers), then load it back from the bundle.
      await run('docker', ['rmi', '--force', TAG]);
      const loaded = await run(path.join(dir, 'atelier-offline/load.sh'), [], { timeoutMs: 600_000 });
      expect(loaded).toContain(`Loaded image: ${TAG}`);
      expect(await run('docker', ['image', 'inspect', '--format', '{{.Id}}', TAG])).toMatch(/^sha256:/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
