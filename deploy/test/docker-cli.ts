/**
 * Helpers for the deployment tests: run the docker CLI and the repository's deployment scripts, find a free
 * loopback port, and act as a learner against a running platform (cookie, sandbox, kubeconfig, real kubectl).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** REPO_ROOT is the repository checkout the tests build from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** run executes a command and returns its trimmed standard output; failures carry stderr in the message. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  try {
    const { stdout } = await exec(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (err) {
    const failure = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${failure.message}\n${failure.stderr ?? ''}${failure.stdout ?? ''}`,
      { cause: err },
    );
  }
}

/** freePort asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** waitHealthy polls a container's health status until Docker reports it healthy. */
export async function waitHealthy(container: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  while (Date.now() < deadline) {
    status = await run('docker', ['inspect', '--format', '{{.State.Health.Status}}', container]);
    if (status === 'healthy') return;
    if (status === 'unhealthy') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const logs = await run('docker', ['logs', '--tail', '40', container]).catch((e: Error) => e.message);
  throw new Error(`container ${container} is ${status || 'not healthy'} after ${timeoutMs} ms\n${logs}`);
}

/**
 * learnerKubectl plays a learner against the platform at `baseUrl`: gets a cookie and a sandbox, downloads the
 * kubeconfig, and returns a function that runs the real kubectl with it.
 */
export async function learnerKubectl(
  baseUrl: string,
): Promise<{ sandboxId: string; kubectl: (...args: string[]) => Promise<string>; cleanup: () => void }> {
  const created = await fetch(`${baseUrl}/api/sandboxes`, {
    method: 'POST',
    headers: { origin: baseUrl },
  });
  if (created.status !== 200 && created.status !== 201) {
    throw new Error(`POST /api/sandboxes answered ${created.status}: ${await created.text()}`);
  }
  const cookie = (created.headers.get('set-cookie') ?? '').split(';')[0];
  const sandbox = (await created.json()) as { id: string };
  const config = await fetch(`${baseUrl}/api/sandboxes/${sandbox.id}/kubeconfig`, { headers: { cookie } });
  if (config.status !== 200) throw new Error(`kubeconfig answered ${config.status}: ${await config.text()}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-learner-'));
  const kubeconfig = path.join(dir, 'config');
  fs.writeFileSync(kubeconfig, await config.text());
  return {
    sandboxId: sandbox.id,
    kubectl: (...args: string[]) =>
      run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), ...args], {
        timeoutMs: 60_000,
      }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
