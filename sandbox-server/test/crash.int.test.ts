/**
 * Durability: a burst of kubectl-like writes through /k8s/<id>, SIGKILL of the real platform process in
 * the middle of it, restart on the same data folder: every acknowledged write is there, and the sandbox
 * and the learner's cookie and token still work.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { newLearner } from './support/learner';
import { startPlatform, type RunningPlatform } from './support/platform';

const started: RunningPlatform[] = [];
afterAll(async () => {
  for (const p of started) await p.stop();
  if (started[0]) fs.rmSync(started[0].dataDir, { recursive: true, force: true });
});

describe('kill -9 during a burst of writes', () => {
  it('keeps every acknowledged write and brings the sandbox back', async () => {
    const env = { HTTPS_PORT: '0' };
    const first = await startPlatform(env, { keepData: true });
    started.push(first);
    const { id, cookie, headers } = await newLearner(first.url);

    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const name = `burst-${n++}`;
        try {
          const res = await fetch(`${first.url}/k8s/${id}/api/v1/namespaces/default/configmaps`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name },
              data: { n: name },
            }),
          });
          if (res.status === 201) acknowledged.push(name);
          else await res.arrayBuffer();
        } catch {
          return; // the server died mid-request: that write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    first.process.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await startPlatform(env, { dataDir: first.dataDir, keepData: true });
    started.push(second);
    const state = await fetch(`${second.url}/api/sandboxes/${id}`, { headers: { cookie } });
    expect(state.status).toBe(200);
    expect(((await state.json()) as { state: string }).state).toBe('sleeping');
    const list = await fetch(`${second.url}/k8s/${id}/api/v1/namespaces/default/configmaps`, { headers });
    expect(list.status).toBe(200);
    const names = new Set(
      ((await list.json()) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name),
    );
    const missing = acknowledged.filter((name) => !names.has(name));
    expect(missing).toEqual([]);
    const after = await fetch(`${second.url}/api/sandboxes/${id}`, { headers: { cookie } });
    expect(((await after.json()) as { state: string }).state).toBe('ready');
    // A clean stop closes the running cluster and keeps its state.
    expect(await second.stop('SIGINT')).toBe(0);
    expect(second.output()).toContain('Atelier Kubernetes est arrêté.');
  });
});
