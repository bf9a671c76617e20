import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/mini-k8s.js');
const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** up spawns `mini-k8s up` and resolves with the process and its `ready` line once it is printed. */
function up(args: string[]): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveUp, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('ready'));
      if (line) resolveUp({ child, line, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`mini-k8s exited with ${code} before ready:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveStop) => {
    child.once('exit', (code) => resolveStop(code));
    child.kill('SIGTERM');
  });
}

function kubectl(
  kubeconfig: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolveRun({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('mini-k8s up', () => {
  it('rejects bad flags with usage and exit code 2', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolveRun) => {
      execFile(process.execPath, [BIN, 'up', '--nodes', '0'], (error, _stdout, stderr) =>
        resolveRun({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mini-k8s: invalid --nodes 0: must be between 1 and 10');
  });

  it('starts, serves kubectl, stops on SIGTERM and keeps its state under --data', async () => {
    const data = join(dir, 'data');
    const first = await up(['--port', '0', '--nodes', '2', '--data', data]);
    const kubeconfig = /kubeconfig (\S+)/.exec(first.line)?.[1];
    expect(kubeconfig).toBe(join(data, 'kubeconfig'));
    const nodes = await kubectl(kubeconfig!, ['get', 'nodes', '-o', 'name']);
    expect(nodes.stdout).toBe('node/controlplane\nnode/node01\n');
    expect((await kubectl(kubeconfig!, ['create', 'namespace', 'kept'])).stdout).toBe(
      'namespace/kept created\n',
    );
    expect(await stop(first.child)).toBe(0);

    const kubeconfigBefore = readFileSync(kubeconfig!, 'utf8');
    const second = await up(['--port', '0', '--nodes', '2', '--data', data]);
    try {
      const config = readFileSync(kubeconfig!, 'utf8');
      // Same CA and token: only the port may change.
      expect(config.replace(/:\d+\n/, ':PORT\n')).toBe(kubeconfigBefore.replace(/:\d+\n/, ':PORT\n'));
      expect((await kubectl(kubeconfig!, ['get', 'namespace', 'kept', '-o', 'name'])).stdout).toBe(
        'namespace/kept\n',
      );
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
});
