/**
 * Integration harness: starts a cluster in-process exactly as `mini-k8s up` does (HTTPS on a free port,
 * kubeconfig in a temp dir) and runs the REAL kubectl against it with a fresh discovery cache.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../../src/cmd/up';
import type { RunningCluster } from '../../src/cmd/up';

/** KubectlResult is the outcome of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** TestCluster is a started cluster plus a kubectl runner bound to it. */
export interface TestCluster {
  cluster: RunningCluster;
  dir: string;
  kubectl(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** writeFile writes a manifest into the temp dir and returns its path. */
  writeFile(name: string, text: string): string;
  stop(): Promise<void>;
}

/** startTestCluster starts a 3-node cluster and returns the kubectl runner. */
export async function startTestCluster(
  nodes = 3,
  runtime: 'simulated' | 'docker' = 'simulated',
): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-int-'));
  const cluster = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes,
    runtime,
    // No simulated delays: image pulls and container starts happen at once in tests.
    speed: 0,
    kubeconfig: join(dir, 'kubeconfig'),
  });
  const kubectl = (args: string[], options: { input?: string; timeoutMs?: number } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args],
        { timeout: options.timeoutMs ?? 60_000, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  return {
    cluster,
    dir,
    kubectl,
    writeFile(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** maskAges replaces AGE-like cells (`5s`, `3m2s`, `<invalid>`) at the end of kubectl table columns with `AGE`. */
export function maskAges(text: string): string {
  return text.replace(/(?<=\s)(\d+[smhdy])+(?=\s|$)|<invalid>/gm, '<age>');
}

/** squeeze collapses runs of spaces so column widths do not matter. */
export function squeeze(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, '  ').trimEnd())
    .join('\n');
}
