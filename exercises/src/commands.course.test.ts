/**
 * The kubectl solutions: for every exercise with `solution/commands.sh`, in a fresh cluster started as
 * `mini-k8s up` does (HTTPS, kubeconfig), the starting state is applied through the API, then the script
 * runs with the REAL kubectl (bash -e), and the grader must give full score.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../mini-k8s/src/client/client';
import { httpsTransport } from '../../mini-k8s/src/client/transport';
import { type RunningCluster, startCluster } from '../../mini-k8s/src/cmd/up';
import { websocketStreams } from '../../mini-k8s/src/kubectl/streams/websocket-streams';
import { applySteps } from './apply';
import { loadExercises } from './format';
import { loadGrader } from './grader-loader';
import { gradeUntil } from './settle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exercises = loadExercises(root).filter((e) => e.graderFile && e.solutionCommands);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshCluster(): Promise<{ cluster: RunningCluster; client: ApiClient; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-course-'));
  const cluster = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 3,
    runtime: 'simulated',
    speed: 0,
    kubeconfig: path.join(dir, 'kubeconfig'),
  });
  cleanups.push(async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const client = new ApiClient({
    transport: httpsTransport({ ca: cluster.caPem, token: cluster.adminToken }),
    baseUrl: cluster.url,
  });
  return { cluster, client, dir };
}

function bash(
  script: string,
  cluster: RunningCluster,
  dir: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-e', '-c', script],
      {
        timeout: 90_000,
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: cluster.kubeconfigPath },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe.each(exercises.map((e) => [e.id, e] as const))('%s', (_id, exercise) => {
  it('solution/commands.sh run with the real kubectl gives full score', async () => {
    const grader = await loadGrader(exercise);
    const { cluster, client, dir } = await freshCluster();
    await applySteps(client, 'default', exercise.start);
    const run = await bash(exercise.solutionCommands!, cluster, dir);
    expect(run, run.output).toMatchObject({ code: 0 });
    // Exec checks use the API server's WebSocket exec, as kubectl does.
    const streams = websocketStreams({ baseUrl: cluster.url, ca: cluster.caPem, token: cluster.adminToken });
    const ctx = { client, namespace: 'default', streams };
    const solved = await gradeUntil(grader, ctx, (s) => s.passed, {
      timeoutMs: exercise.settleSeconds * 1000,
    });
    expect(solved.results.filter((r) => !r.passed)).toEqual([]);
  });
});
