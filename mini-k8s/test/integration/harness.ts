/**
 * Integration harness: starts a cluster in-process exactly as `mini-k8s up` does (HTTPS on a free port,
 * kubeconfig in a temp dir) and runs the REAL kubectl against it with a fresh discovery cache.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../../src/cmd/up';
import type { UpOptions } from '../../src/cmd/args';
import type { RunningCluster } from '../../src/cmd/up';

/** KubectlResult is the outcome of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** KubectlOptions tune one kubectl run: stdin text, a deadline, extra environment (e.g. KUBE_EDITOR). */
export interface KubectlOptions {
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** RunningKubectl is a kubectl still running: what it wrote to stderr so far, and its final result. */
export interface RunningKubectl {
  stderrSoFar(): string;
  result: Promise<KubectlResult>;
}

/** TestCluster is a started cluster plus a kubectl runner bound to it. */
export interface TestCluster {
  cluster: RunningCluster;
  dir: string;
  kubectl(args: string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** startKubectl runs kubectl in the background: its stderr can be read while it runs (e.g. `-v=6` logs). */
  startKubectl(args: string[], options?: KubectlOptions): RunningKubectl;
  /** writeFile writes a manifest into the temp dir and returns its path. */
  writeFile(name: string, text: string): string;
  stop(): Promise<void>;
}

/** startTestCluster starts a 3-node cluster and returns the kubectl runner; `extra` adds `up` options. */
export async function startTestCluster(
  nodes = 3,
  runtime: 'simulated' | 'docker' = 'simulated',
  extra: Pick<UpOptions, 'eventTtlSeconds'> = {},
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
    ...extra,
  });
  const startKubectl = (args: string[], options: KubectlOptions = {}): RunningKubectl => {
    let stderrSoFar = '';
    const result = new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args],
        {
          timeout: options.timeoutMs ?? 60_000,
          // Room for big answers such as `get --raw /openapi/v2` (the default is 1 MiB).
          maxBuffer: 64 * 1024 * 1024,
          // TMPDIR keeps kubectl's own temp files (diff, edit) inside the test directory.
          env: { ...process.env, HOME: dir, KUBECONFIG: '', TMPDIR: dir, ...options.env },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        },
      );
      child.stderr?.on('data', (chunk: Buffer | string) => {
        stderrSoFar += chunk.toString();
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
    return { stderrSoFar: () => stderrSoFar, result };
  };
  return {
    cluster,
    dir,
    kubectl: (args, options) => startKubectl(args, options).result,
    startKubectl,
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

/** waitFor polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
