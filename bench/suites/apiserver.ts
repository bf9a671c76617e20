/**
 * API server benchmark, in process through `apiServer.fetch` (the path the sandbox server uses, no
 * socket): latency of get, list (JSON and Table), create and merge patch at 1, 100 and 10,000 objects;
 * watch fan-out to 100 watchers; writes per second on memory and SQLite storage; heap of an idle cluster.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createControlPlane } from '../../mini-k8s/src/cmd/control-plane';
import type { ControlPlane } from '../../mini-k8s/src/cmd/control-plane';
import { MemoryStorage } from '../../mini-k8s/src/storage/memory/store';
import { SqliteStorage } from '../../mini-k8s/src/storage/sqlite/store';
import type { Storage } from '../../mini-k8s/src/storage/interface';
import { type BenchResult, type BenchSuite, ms, percentile } from '../types';

const TOKEN = 'bench-admin-token';
const CM = '/api/v1/namespaces/default/configmaps';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** call sends one request to the control plane's API server and reads the whole body. */
async function call(
  cp: ControlPlane,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await cp.apiServer.fetch(
    new Request(`https://bench.local${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`${method} ${urlPath}: HTTP ${response.status}`);
  return response.status;
}

function configMap(i: number): unknown {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, labels: { app: 'bench' } },
    data: { index: String(i), payload: 'x'.repeat(64) },
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

interface LatencyRow {
  objects: number;
  operation: string;
  samples: number;
  p50: number;
  p99: number;
}

function row(objects: number, operation: string, samples: number[]): LatencyRow {
  return {
    objects,
    operation,
    samples: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

/** latencies measures create, get, list (JSON, Table) and patch with `objects` ConfigMaps stored. */
async function latencies(objects: number): Promise<LatencyRow[]> {
  const storage = new MemoryStorage();
  const cp = await createControlPlane({ storage, adminToken: TOKEN, nodes: 1 });
  try {
    const creates = await timeEach(objects, (i) => call(cp, 'POST', CM, configMap(i)));
    const gets = await timeEach(2000, (i) => call(cp, 'GET', `${CM}/cm-${i % objects}`));
    const listRuns = objects >= 10_000 ? 10 : 200;
    const lists = await timeEach(listRuns, () => call(cp, 'GET', CM));
    const tables = await timeEach(listRuns, () => call(cp, 'GET', CM, undefined, { accept: TABLE }));
    const patches = await timeEach(500, (i) =>
      call(
        cp,
        'PATCH',
        `${CM}/cm-${i % objects}`,
        { data: { patched: String(i) } },
        {
          'content-type': 'application/merge-patch+json',
        },
      ),
    );
    return [
      row(objects, 'create', creates),
      row(objects, 'get', gets),
      row(objects, 'list (JSON)', lists),
      row(objects, 'list (Table)', tables),
      row(objects, 'merge patch', patches),
    ];
  } finally {
    await cp.close();
    await storage.close();
  }
}

/** fanOut opens `watchers` watches and times each write until every watcher has seen it. */
async function fanOut(watchers: number, writes: number): Promise<LatencyRow> {
  const storage = new MemoryStorage();
  const cp = await createControlPlane({ storage, adminToken: TOKEN, nodes: 1 });
  const seen: number[] = [];
  const controllers: AbortController[] = [];
  let target = '';
  let pending = 0;
  let onAllSeen: (() => void) | undefined;
  try {
    await call(cp, 'POST', CM, configMap(0));
    const list = await cp.apiServer.fetch(
      new Request(`https://bench.local${CM}`, { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    const rv = ((await list.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    for (let w = 0; w < watchers; w++) {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await cp.apiServer.fetch(
        new Request(`https://bench.local${CM}?watch=true&resourceVersion=${rv}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
          signal: controller.signal,
        }),
      );
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        let buffered = '';
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (done) return;
          buffered += decoder.decode(value, { stream: true });
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (target && line.includes(target)) {
              pending--;
              if (pending === 0) onAllSeen?.();
            }
            newline = buffered.indexOf('\n');
          }
        }
      })();
    }
    for (let i = 1; i <= writes; i++) {
      target = `"fan-${i}"`;
      pending = watchers;
      const done = new Promise<void>((resolve) => (onAllSeen = resolve));
      const started = performance.now();
      await call(cp, 'POST', CM, { ...(configMap(i) as object), metadata: { name: `fan-${i}` } });
      await done;
      seen.push(performance.now() - started);
    }
    return row(watchers, `watch fan-out (${writes} writes)`, seen);
  } finally {
    for (const controller of controllers) controller.abort();
    await cp.close();
    await storage.close();
  }
}

/** writesPerSecond creates `count` ConfigMaps sequentially through the API server on `storage`. */
async function writesPerSecond(storage: Storage, count: number): Promise<number> {
  const cp = await createControlPlane({ storage, adminToken: TOKEN, nodes: 1 });
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) await call(cp, 'POST', CM, configMap(i));
    return Math.round(count / ((performance.now() - started) / 1000));
  } finally {
    await cp.close();
    await storage.close();
  }
}

/** collectGarbage returns a full-GC function, enabling `gc` at runtime when node was not started with --expose-gc. */
function collectGarbage(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** idleHeap returns the heapUsed growth (bytes) per idle cluster, with `count` clusters alive at once. */
async function idleHeap(count: number): Promise<number> {
  const gc = collectGarbage();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const clusters: { cp: ControlPlane; storage: MemoryStorage }[] = [];
  for (let i = 0; i < count; i++) {
    const storage = new MemoryStorage();
    clusters.push({ cp: await createControlPlane({ storage, adminToken: TOKEN, nodes: 3 }), storage });
  }
  // Let startup promises settle before measuring what the idle clusters keep.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  for (const { cp, storage } of clusters) {
    await cp.close();
    await storage.close();
  }
  return (after - before) / count;
}

const suite: BenchSuite = {
  name: 'apiserver',
  async run(): Promise<BenchResult> {
    // Heap first, after one throwaway cluster has loaded the modules and shared caches: later phases
    // would leave garbage and timers behind that blur a per-cluster delta.
    await idleHeap(1);
    const heapOne = await idleHeap(1);
    const heapTen = await idleHeap(10);
    // Warm up the JIT so the first size is not penalised.
    await latencies(50);
    const latencyRows: LatencyRow[] = [];
    for (const objects of [1, 100, 10_000]) latencyRows.push(...(await latencies(objects)));
    const fan = await fanOut(100, 300);
    const memoryWrites = await writesPerSecond(new MemoryStorage(), 2000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-apiserver-'));
    // Every SQLite write waits for an fsynced commit, so 2,000 writes already measure the disk.
    const sqliteWrites = await writesPerSecond(new SqliteStorage({ path: path.join(dir, 'state.db') }), 2000);
    fs.rmSync(dir, { recursive: true, force: true });
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

    const rows: (string | number)[][] = [
      ...latencyRows.map((r) => [r.operation, r.objects, r.samples, ms(r.p50), ms(r.p99)]),
      [fan.operation, `${fan.objects} watchers`, fan.samples, ms(fan.p50), ms(fan.p99)],
      ['writes/s (memory storage)', 2000, 2000, memoryWrites, '-'],
      ['writes/s (SQLite storage)', 2000, 2000, sqliteWrites, '-'],
      ['idle cluster heap, 1 cluster (MB)', 1, 1, mb(heapOne), '-'],
      ['idle cluster heap, 10 clusters / 10 (MB)', 10, 10, mb(heapTen), '-'],
    ];
    return {
      title: 'API server: latency, watch fan-out, writes per second, idle heap',
      method:
        'In process through apiServer.fetch (no socket) with the admin bearer token, ConfigMaps in one namespace, sequential requests. Watch fan-out: time from a create until all 100 open watches have read the event. Writes/s: sequential creates through the API server. Heap: heapUsed growth after a full GC per idle 3-node cluster (createControlPlane on MemoryStorage). Targets: p99 get under 2 ms, idle cluster under 15 MB.',
      columns: ['measure', 'objects', 'samples', 'p50 (ms) / value', 'p99 (ms)'],
      rows,
      raw: {
        latencies: latencyRows,
        fanOut: fan,
        memoryWrites,
        sqliteWrites,
        heapOneBytes: heapOne,
        heapTenPerClusterBytes: heapTen,
      },
    };
  },
};

export default suite;
