/**
 * Watches end in three ways — the client cancels the stream (kubectl get -w interrupted), the request is
 * aborted (a connection drops), or timeoutSeconds passes — and each must release its storage watcher.
 * A leaked watcher keeps its callback and every event queued for it alive for the life of the cluster
 * (memory growth in a long class), so the cycles below must leave the count where it started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../cmd/cluster';
import { MemoryStorage } from '../../storage/memory/store';

const CYCLES = 40;
let storage: MemoryStorage;
let cluster: Cluster;

beforeAll(async () => {
  storage = new MemoryStorage();
  cluster = await createCluster({ storage, speed: 0 });
});
afterAll(async () => {
  await cluster?.close();
  await storage?.close();
});

async function settledCount(target: number, timeoutMs = 20_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (storage.watcherCount() !== target && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return storage.watcherCount();
}

function watchRequest(query: string, signal?: AbortSignal): Request {
  return new Request(`http://cluster.local/api/v1/namespaces/default/pods?watch=1${query}`, {
    headers: { authorization: `Bearer ${cluster.adminToken}` },
    ...(signal ? { signal } : {}),
  });
}

describe('watch release', () => {
  it('releases the storage watcher of every cancelled, aborted or timed-out watch', async () => {
    // The cluster's own components keep their watches: that is the baseline.
    const baseline = await settledCount(storage.watcherCount());
    for (let i = 0; i < CYCLES; i++) {
      const cancelled = await cluster.apiServer.fetch(watchRequest(''));
      expect(cancelled.status).toBe(200);
      const reader = cancelled.body!.getReader();
      await reader.cancel();

      const controller = new AbortController();
      const aborted = await cluster.apiServer.fetch(watchRequest('', controller.signal));
      expect(aborted.status).toBe(200);
      controller.abort();
      await aborted.body?.cancel().catch(() => undefined);
    }
    const timedOut = await Promise.all(
      Array.from({ length: CYCLES }, () => cluster.apiServer.fetch(watchRequest('&timeoutSeconds=1'))),
    );
    expect(storage.watcherCount()).toBeGreaterThanOrEqual(baseline + CYCLES);
    // Reading each body to its end: the server ends them after one second.
    await Promise.all(timedOut.map((res) => res.text()));
    expect(await settledCount(baseline)).toBe(baseline);
  }, 60_000);
});
