/**
 * `kubectl debug -it` of our kubectl in a terminal (stdin is a TTY), against a real in-process cluster:
 * the session runs in the ephemeral container and ends with kubectl attach's farewell for ephemeral
 * containers; the node debugging pod (restartPolicy Never) ends without one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { ApiClient } from '../../client/client';
import { httpsTransport } from '../../client/transport';
import { type RunningCluster, startCluster } from '../../cmd/up';
import { runKubectl } from '../run-kubectl';
import { websocketStreams } from '../streams/websocket-streams';

let cluster: RunningCluster;
let dir: string;
let client: ApiClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-debug-tty-'));
  cluster = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 2,
    runtime: 'simulated',
    kubeconfig: join(dir, 'kubeconfig'),
    speed: 0,
  });
  client = new ApiClient({
    transport: httpsTransport({ ca: cluster.caPem, token: cluster.adminToken }),
    baseUrl: cluster.url,
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function kubectl(
  args: string[],
  stdin: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const streams = websocketStreams({ baseUrl: cluster.url, ca: cluster.caPem, token: cluster.adminToken });
  const code = await runKubectl(
    args,
    { stdin, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), tty: true },
    { client, namespace: 'default', user: 'kubernetes-admin', streams },
  );
  return { code, stdout, stderr };
}

async function waitReady(name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pod = await client.get<KubeObject & { status?: { phase?: string } }>(
      { group: '', version: 'v1', resource: 'pods', namespaced: true },
      'default',
      name,
    );
    if (pod.status?.phase === 'Running') return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kubectl debug -it (TypeScript kubectl)', () => {
  it('runs a terminal session in the ephemeral container, then says how to reattach', async () => {
    expect((await kubectl(['run', 'web', '--image=nginx:1.27'], '')).code).toBe(0);
    await waitReady('web');
    const run = await kubectl(
      [
        'debug',
        '-it',
        'web',
        '--image=busybox:1.36',
        '-c',
        'dbg',
        '--target=web',
        '--profile=general',
        '--',
        'sh',
      ],
      'echo from-the-debugger\nexit\n',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Targeting container "web"\. /);
    expect(run.stdout).toContain('from-the-debugger');
    expect(
      run.stdout.endsWith(
        "Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach web -c dbg -i -t' if it is still running\n",
      ),
    ).toBe(true);
    expect(run.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
  });

  it('runs a node debugging session without the farewell (the pod is never restarted)', async () => {
    const run = await kubectl(
      ['debug', '-it', 'node/node01', '--image=busybox:1.36', '--profile=general', '--', 'sh'],
      'echo on-the-node\nexit\n',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Creating debugging pod node-debugger-node01-\w{5} with container debugger on node node01\.\n/,
    );
    expect(run.stdout).toContain('on-the-node');
    expect(run.stdout).not.toContain('Session ended');
  });
});
