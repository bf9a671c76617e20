/**
 * The parity harness runs the REAL kubectl and runKubectl against the same HTTPS cluster (started with
 * `startCluster`) and returns both results with volatile parts masked, so tests compare them byte for byte.
 * Test-only: it is the one place in kubectl/ that builds clusters.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { ApiClient } from '../../client/client';
import { httpsTransport } from '../../client/transport';
import { type RunningCluster, startCluster } from '../../cmd/up';
import { runKubectl } from '../run-kubectl';
import type { KubectlFs } from '../cmdutil/context';
import { websocketStreams } from '../streams/websocket-streams';

/** RunResult is what one kubectl invocation produced. */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** ParityCluster pairs a running cluster with runners for both kubectls. */
export interface ParityCluster {
  cluster: RunningCluster;
  client: ApiClient;
  /** `env` adds variables (e.g. KUBE_EDITOR) to the real kubectl's environment. */
  real(args: string[], stdin?: string, env?: Record<string, string>): Promise<RunResult>;
  /** `editor` is our kubectl's editor hook (what KUBE_EDITOR does for the real one). */
  ours(
    args: string[],
    stdin?: string,
    editor?: (path: string, content: string) => Promise<string | undefined>,
    env?: Record<string, string>,
  ): Promise<RunResult>;
  /** Long-running commands (`get -w`): started now, interrupted (SIGINT / Ctrl-C) by `interrupt()`. */
  startReal(args: string[]): RunningCommand;
  startOurs(args: string[]): RunningCommand;
  /**
   * rolloutsSettled waits (real `kubectl rollout status`) until each Deployment's rollout is done: twin
   * Deployments changed moments apart would otherwise show different status, and a status write racing a
   * patch turns kubectl's "(no change)" into "patched".
   */
  rolloutsSettled(namespace: string, deployments: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** RunningCommand is a started kubectl whose output can be read while it runs. */
export interface RunningCommand {
  stdout(): string;
  /** interrupt sends Ctrl-C and resolves when the command has exited. */
  interrupt(): Promise<RunResult>;
}

/** realKubectlAvailable tells whether a kubectl binary is on PATH (the parity suite skips otherwise). */
export async function realKubectlAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('kubectl', ['version', '--client'], (err) => resolve(!err)));
}

/** hostFs reads real files (tests write their manifests to a temp dir). */
const hostFs: KubectlFs = {
  async writeFile(path, content) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, content);
  },
  async readFile(path) {
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  },
  async readDir(path) {
    const { readdir, stat } = await import('node:fs/promises');
    try {
      if (!(await stat(path)).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    return (await readdir(path)).sort();
  },
};

/** startParityCluster starts a 3-node cluster over HTTPS (`speed: 0` makes controllers and kubelets instant). */
export async function startParityCluster(options: { speed?: number } = {}): Promise<ParityCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-parity-'));
  const cluster = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 3,
    runtime: 'simulated',
    kubeconfig: join(dir, 'kubeconfig'),
    speed: options.speed,
  });
  const client = new ApiClient({
    transport: httpsTransport({ ca: cluster.caPem, token: cluster.adminToken }),
    baseUrl: cluster.url,
    userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
  });
  const streams = websocketStreams({ baseUrl: cluster.url, ca: cluster.caPem, token: cluster.adminToken });
  let cacheCounter = 0;
  const parity: ParityCluster = {
    cluster,
    client,
    real(args, stdin, env) {
      // A fresh cache dir per call: discovery never comes from a stale disk cache.
      const cacheDir = join(dir, `cache-${cacheCounter++}`);
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cacheDir, ...args],
          { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, encoding: 'utf8' },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ stdout, stderr: withoutStreamRaceLog(stderr), code });
          },
        );
        child.stdin?.end(stdin ?? '');
      });
    },
    async ours(args, stdin, editor, env) {
      let stdout = '';
      let stderr = '';
      // The kubeconfig is shared with the real kubectl: read it fresh, write changes back.
      const kubeconfig = parse(readFileSync(cluster.kubeconfigPath, 'utf8')) as Record<string, unknown>;
      const current = (kubeconfig.contexts as { name: string; context?: { namespace?: string } }[]).find(
        (c) => c.name === kubeconfig['current-context'],
      );
      const saveKubeconfig = async (doc: Record<string, unknown>) =>
        writeFileSync(cluster.kubeconfigPath, stringify(doc));
      const code = await runKubectl(
        args,
        {
          stdin: stdin ?? '',
          stdout: (s) => (stdout += s),
          stderr: (s) => (stderr += s),
          fs: hostFs,
          editor,
          env,
        },
        {
          client,
          namespace: current?.context?.namespace || 'default',
          user: 'kubernetes-admin',
          currentContext: kubeconfig['current-context'] as string,
          streams,
          kubeconfig,
          saveKubeconfig,
          clientWithToken: (token) =>
            new ApiClient({
              transport: httpsTransport({ ca: cluster.caPem, token }),
              baseUrl: cluster.url,
              userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
            }),
        },
      );
      return { stdout, stderr, code };
    },
    startReal(args) {
      const cacheDir = join(dir, `cache-${cacheCounter++}`);
      const child = spawn(
        'kubectl',
        ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cacheDir, ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: dir },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
      return {
        stdout: () => stdout,
        async interrupt() {
          child.kill('SIGINT');
          const code = await exited;
          return { stdout, stderr, code };
        },
      };
    },
    startOurs(args) {
      const abort = new AbortController();
      let stdout = '';
      let stderr = '';
      const done = runKubectl(
        args,
        {
          stdin: '',
          stdout: (s) => (stdout += s),
          stderr: (s) => (stderr += s),
          fs: hostFs,
          signal: abort.signal,
        },
        { client, namespace: 'default', user: 'kubernetes-admin', streams },
      );
      return {
        stdout: () => stdout,
        async interrupt() {
          abort.abort();
          const code = await done;
          return { stdout, stderr, code };
        },
      };
    },
    async rolloutsSettled(namespace, deployments) {
      for (const name of deployments) {
        const rollout = await this.real([
          'rollout',
          'status',
          `deploy/${name}`,
          '-n',
          namespace,
          '--timeout=120s',
        ]);
        if (rollout.code !== 0) throw new Error(`deploy/${name} did not settle: ${rollout.stderr}`);
      }
    },
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return parity;
}

/**
 * withoutStreamRaceLog drops the klog line client-go's WebSocket executor prints when a message arrives before it
 * has created that stream: its reader loop starts before the streams are made, so the server's empty "streams
 * ready" message on stdout is sometimes discarded with `E… websocket.go:296] Unknown stream id 1, discarding
 * message`. It is a race inside the real kubectl (a real API server's stream translator sends the same message at the
 * same point; seen once in CI on `kubectl exec`), and the discarded message is empty; any other stderr is kept.
 */
export function withoutStreamRaceLog(stderr: string): string {
  return stderr.replace(
    /^E\d{4} [\d:.]+ +\d+ websocket\.go:\d+\] Unknown stream id \d+, discarding message\n/gm,
    '',
  );
}

/**
 * mask hides what legitimately differs between two runs: ages in table cells (kept at the same width so
 * column padding still compares), timestamps, UIDs, resourceVersions, IPs and generated name suffixes.
 */
export function mask(text: string): string {
  return (
    text
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIMESTAMP')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
      // The ServiceAccount admission names each pod's token volume with a random suffix.
      .replace(/\bkube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, 'kube-api-access-XXXXX')
      .replace(/(resourceVersion"?:\s*)"\d+"/g, '$1"RV"')
      .replace(/\b(\d{1,3}\.){3}\d{1,3}\b/g, (ip) => 'I'.repeat(ip.length))
      .replace(/(?<=\s|^)(\d+[smhdy])+(?=\s|$)/gm, (age) => 'A'.repeat(age.length))
  );
}

/**
 * twinComparisons are the two comparisons of the parity files: `same` runs one command through both kubectls on
 * the same objects; `paired` runs it on the `real` twin object with the real kubectl and on the `ours` twin with
 * ours. Both compare stdout, stderr and exit code after `normalize` (masks, generated suffixes).
 */
export function twinComparisons(
  cluster: () => ParityCluster,
  normalize: (text: string) => string,
): { same(args: string[]): Promise<void>; paired(args: string[]): Promise<void> } {
  const normalized = (r: RunResult): RunResult => ({
    stdout: normalize(r.stdout),
    stderr: normalize(r.stderr),
    code: r.code,
  });
  return {
    async same(args) {
      const [real, ours] = await Promise.all([cluster().real(args), cluster().ours(args)]);
      expect(normalized(ours)).toEqual(normalized(real));
    },
    async paired(args) {
      const real = await cluster().real(args);
      const ours = await cluster().ours(args.map((a) => a.replaceAll('real', 'ours')));
      const back = (text: string) => normalize(text.replaceAll('ours', 'real'));
      expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
        normalized(real),
      );
    },
  };
}
