/**
 * Crash durability: a child process writes through SqliteStorage and reports each acknowledged write; it
 * is killed with SIGKILL mid-stream; the database reopened afterwards must hold every acknowledged write,
 * be internally consistent, and continue with higher revisions. Five rounds on the same database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import type { WatchEvent } from '../interface';
import { prefixFor } from '../keys';
import { SqliteStorage } from './store';

const here = dirname(fileURLToPath(import.meta.url));
const writerScript = join(here, 'testing', 'crash-writer.ts');
const pods = { group: '', resource: 'pods' };

interface Ack {
  op: 'ready' | 'create' | 'update';
  key?: string;
  uid?: string;
  n?: number;
  revision: number;
}

/** runWriterUntilKilled starts the writer, SIGKILLs it after `writes` acknowledged writes and returns every line it printed. */
function runWriterUntilKilled(path: string, round: number, writes: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    // node --import tsx runs the TypeScript writer in a single process, so the SIGKILL hits the writer
    // itself (npx would put a wrapper process in between).
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        acks.push(JSON.parse(buffer.slice(0, newline)) as Ack);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (!killed && acks.length > writes) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (signal ${signal}): ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('SqliteStorage crash durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mini-k8s-crash-'));
  const path = join(dir, 'state.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2, 3, 4, 5])('round %i: every acknowledged write survives SIGKILL', async (round) => {
    const acks = await runWriterUntilKilled(path, round, 300);
    const ready = acks[0];
    const writes = acks.slice(1);
    expect(ready.op).toBe('ready');
    expect(writes.length).toBeGreaterThanOrEqual(300);
    const revisions = writes.map((a) => a.revision);
    expect(revisions.every((r, i) => r > (i === 0 ? ready.revision : revisions[i - 1]))).toBe(true);
    const lastAck = revisions.at(-1) as number;

    const storage = new SqliteStorage({ path, historyLimit: 200 });
    try {
      // Every acknowledged write is there (a write in flight at the kill may or may not be).
      expect(storage.currentRevision()).toBeGreaterThanOrEqual(lastAck);
      expect(storage.currentRevision()).toBeLessThanOrEqual(lastAck + 1);
      for (const ack of writes.filter((a) => a.op === 'create')) {
        const obj = await storage.get(ack.key as string);
        expect(obj?.metadata.uid).toBe(ack.uid);
      }
      const lastCounter = writes.filter((a) => a.op === 'update').at(-1);
      const counter = (await storage.get(prefixFor(pods, 'crash') + 'counter')) as KubeObject;
      expect((counter.data as { n: number }).n).toBeGreaterThanOrEqual(lastCounter?.n ?? 0);

      // Consistency: list, count and revisions agree.
      const all = await storage.list(prefixFor(pods, 'crash'));
      expect(all.items.length).toBe(await storage.count(prefixFor(pods, 'crash')));
      expect(all.items.every((o) => Number(o.metadata.resourceVersion) <= storage.currentRevision())).toBe(
        true,
      );
      expect(new Set(all.items.map((o) => o.metadata.uid)).size).toBe(all.items.length);

      // History replays contiguously from the oldest retained revision up to the current one.
      const events: WatchEvent[] = [];
      const watcher = storage.watch(prefixFor(pods, 'crash'), {
        fromRevision: storage.oldestRevision() - 1,
        onEvent: (e) => events.push(e),
      });
      const next = await storage.create(prefixFor(pods, 'crash') + `after-${round}`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `after-${round}`, namespace: 'crash', uid: `after-${round}` },
      });
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(lastAck);
      await new Promise((r) => setTimeout(r, 5));
      watcher.stop();
      expect(events.at(-1)?.revision).toBe(Number(next.metadata.resourceVersion));
      const replayed = events.map((e) => e.revision);
      expect(replayed).toEqual([...replayed].sort((a, b) => a - b));
    } finally {
      await storage.close();
    }
  });
});
