/**
 * Storage benchmark: write throughput of the memory and SQLite stores (sequential, one writer, as the
 * registry writes), get latency and full-list latency at 1, 100 and 10,000 objects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../mini-k8s/src/api/object';
import { keyFor, prefixFor } from '../../mini-k8s/src/storage/keys';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { SqliteStorage } from '../../mini-k8s/src/storage/sqlite/store';
import type { Storage } from '../../mini-k8s/src/storage/interface';
import { type BenchResult, type BenchSuite, ms, percentile } from '../types';

const PODS = { group: '', resource: 'pods' };

function pod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
    },
  };
}

async function timeEach(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

interface Row {
  store: string;
  objects: number;
  writesPerSecond: number;
  getP50: number;
  getP99: number;
  listP50: number;
  listP99: number;
}

async function measure(name: string, storage: Storage, objects: number): Promise<Row> {
  const started = performance.now();
  for (let i = 0; i < objects; i++) await storage.create(keyFor(PODS, 'default', `web-${i}`), pod(i));
  const writesPerSecond = Math.round(objects / ((performance.now() - started) / 1000));
  const gets = await timeEach(2000, (i) => storage.get(keyFor(PODS, 'default', `web-${i % objects}`)));
  const lists = await timeEach(objects >= 10_000 ? 20 : 200, () => storage.list(prefixFor(PODS, 'default')));
  return {
    store: name,
    objects,
    writesPerSecond,
    getP50: percentile(gets, 50),
    getP99: percentile(gets, 99),
    listP50: percentile(lists, 50),
    listP99: percentile(lists, 99),
  };
}

const suite: BenchSuite = {
  name: 'storage',
  async run(): Promise<BenchResult> {
    const rows: Row[] = [];
    for (const objects of [1, 100, 10_000]) {
      const memory = new MemoryStorage();
      rows.push(await measure('memory', memory, objects));
      await memory.close();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-'));
      const sqlite = new SqliteStorage({ path: path.join(dir, 'state.db') });
      // Every SQLite write waits for an fsynced commit: 10,000 writes measure the disk, keep it bounded.
      rows.push(await measure('sqlite', sqlite, Math.min(objects, 2_000)));
      await sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return {
      title: 'Storage: writes per second, get and list latency',
      method:
        'Sequential creates (one writer, as the registry writes), then 2,000 gets and repeated full-namespace lists, in process. SQLite uses WAL with synchronous=FULL (every acknowledged write is on disk) and is capped at 2,000 objects.',
      columns: [
        'store',
        'objects',
        'writes/s',
        'get p50 (ms)',
        'get p99 (ms)',
        'list p50 (ms)',
        'list p99 (ms)',
      ],
      rows: rows.map((r) => [
        r.store,
        r.objects,
        r.writesPerSecond,
        ms(r.getP50),
        ms(r.getP99),
        ms(r.listP50),
        ms(r.listP99),
      ]),
      raw: rows,
    };
  },
};

export default suite;
