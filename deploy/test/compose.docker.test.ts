/**
 * The one-machine workshop: `deploy/compose/atelier.sh up` starts the platform with the Docker runtime behind the
 * socket proxy, the health check passes, a learner's pods run as real containers, and `atelier.sh backup`
 * produces a consistent archive of the data directory.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../mini-k8s/src/testing/requirements';
import { freePort, learnerKubectl, REPO_ROOT, run } from './docker-cli';

async function probeCompose() {
  const docker = await probeDocker();
  if (!docker.ok) return docker;
  for (const [command, args] of [
    ['docker', ['compose', 'version']],
    ['docker-compose', ['version']],
  ] as const) {
    try {
      execFileSync(command, [...args], { stdio: 'ignore' });
      return { ok: true as const, detail: command };
    } catch {
      // try the next one
    }
  }
  return {
    ok: false as const,
    reason: 'Docker Compose is not installed (docker compose plugin or docker-compose)',
  };
}

const enabled = gate(await probeCompose(), 'REQUIRE_DOCKER');
const project = `atelier-test-${process.pid}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-compose-'));
const filesDir = `/dev/shm/atelier-test-${process.pid}`;
const backups = path.join(REPO_ROOT, 'deploy/compose/backups');

describe.skipIf(!enabled)('compose stack', () => {
  let env: NodeJS.ProcessEnv = {};
  let baseUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    const httpsPort = await freePort();
    env = {
      ...process.env,
      COMPOSE_PROJECT_NAME: project,
      ATELIER_IMAGE: 'atelier/platform:test',
      ATELIER_DATA_DIR: dataDir,
      ATELIER_FILES_DIR: filesDir,
      ATELIER_BIND: '127.0.0.1',
      ATELIER_PORT: String(port),
      ATELIER_HTTPS_PORT: String(httpsPort),
      INSTRUCTOR_TOKEN: 'compose-test-instructor-token',
      SKIP_SITE_BUILD: '1',
    };
    baseUrl = `http://127.0.0.1:${port}`;
    // Build (or refresh) the image first: `atelier.sh up` only builds when the image is missing.
    await run('deploy/docker/build-image.sh', ['atelier/platform:test'], { env, timeoutMs: 1_200_000 });
    const output = await run('deploy/compose/atelier.sh', ['up'], { env, timeoutMs: 600_000 });
    expect(output).toContain('atelier: ready');
  }, 1_500_000);

  afterAll(async () => {
    if (!enabled) return;
    await run('deploy/compose/atelier.sh', ['down'], { env }).catch(() => undefined);
    // Learner containers and networks are the platform's; remove what a failed run may have left.
    await run('docker', ['volume', 'rm', `${project}_atelier-data`]).catch(() => undefined);
    // Files written by uid 10001 inside the container: remove as the test user (root in CI).
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('runs a learner deployment as real containers through the socket proxy', async () => {
    const learner = await learnerKubectl(baseUrl);
    try {
      expect((await learner.kubectl('get', 'nodes', '-o', 'name')).split('\n')).toHaveLength(3);
      await learner.kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
      const rollout = await learner.kubectl('rollout', 'status', 'deployment/web', '--timeout=180s');
      expect(rollout).toContain('successfully rolled out');
      const containers = await run('docker', [
        'ps',
        '--filter',
        // The runtime's Docker identity of a sandbox is `sbx` + its id's letters and digits (sandboxes/cluster.ts).
        `label=atelier.sandbox=sbx${learner.sandboxId.replace(/[^a-z0-9]/gi, '').slice(0, 20)}`,
        '--filter',
        'label=atelier.role=container',
        '--format',
        '{{.Labels}}',
      ]);
      expect(containers.split('\n').filter(Boolean)).toHaveLength(2);
      expect(await learner.kubectl('logs', 'deployment/web', '--tail=5')).not.toBe(undefined);
    } finally {
      learner.cleanup();
    }
  });

  it('backs up the data directory while it runs', async () => {
    const file = await run('deploy/compose/atelier.sh', ['backup'], { env, timeoutMs: 300_000 });
    try {
      expect(file).toMatch(/backups\/atelier-\d{8}T\d{6}Z\.tar\.gz$/);
      const listing = await run('tar', ['-tzf', file]);
      expect(listing).toMatch(/\.(db|sqlite)$/m);
      expect(listing).not.toMatch(/-wal$/m);
    } finally {
      fs.rmSync(file, { force: true });
      if (fs.existsSync(backups) && fs.readdirSync(backups).length === 0) fs.rmdirSync(backups);
    }
  });
});
