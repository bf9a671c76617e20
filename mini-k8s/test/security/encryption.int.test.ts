/**
 * Encryption at rest end to end: a Secret created with the real kubectl on a `mini-k8s up --data-dir`
 * cluster never appears in clear in the SQLite files, and is readable again after a restart.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../src/cmd/up';
import type { RunningCluster } from '../../src/cmd/up';

const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-enc-int-'));
const dataDir = join(dir, 'data');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubectl(
  cluster: RunningCluster,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args],
      { timeout: 60_000, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const start = () =>
  startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 1,
    runtime: 'simulated',
    speed: 0,
    dataDir,
    kubeconfig: join(dir, 'kubeconfig'),
  });

describe('Secrets encrypted at rest', () => {
  it('keeps the plaintext out of the database and decrypts after a restart', async () => {
    const PLAINTEXT = 'mot-de-passe-ultra-secret';
    let cluster = await start();
    try {
      const created = await kubectl(cluster, [
        'create',
        'secret',
        'generic',
        'db',
        `--from-literal=password=${PLAINTEXT}`,
      ]);
      expect(created).toMatchObject({ code: 0, stdout: 'secret/db created\n' });
    } finally {
      await cluster.stop();
    }
    expect(statSync(join(dataDir, 'encryption-config.json')).mode & 0o777).toBe(0o600);
    for (const file of ['state.db', 'state.db-wal']) {
      const path = join(dataDir, file);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      expect(bytes.includes(PLAINTEXT)).toBe(false);
      expect(bytes.includes(Buffer.from(PLAINTEXT).toString('base64'))).toBe(false);
    }
    expect(readFileSync(join(dataDir, 'state.db')).includes('k8s:enc:aesgcm:v1:key1:')).toBe(true);
    cluster = await start();
    try {
      const read = await kubectl(cluster, ['get', 'secret', 'db', '-o', 'jsonpath={.data.password}']);
      expect(Buffer.from(read.stdout, 'base64').toString()).toBe(PLAINTEXT);
    } finally {
      await cluster.stop();
    }
  }, 120_000);
});
