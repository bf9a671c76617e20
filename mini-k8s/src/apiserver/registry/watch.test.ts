import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import type { ApiWatchEvent } from './interface';
import { configMap, newTestRegistry, R } from './test-support';
import { bookmarkDelay } from './watch';
import { MemoryStorage } from '../../storage/memory/store';

function summary(events: ApiWatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${(e.object as KubeObject).metadata?.name ?? ''}`.trim());
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('watch', () => {
  it('sends synthetic ADDED events for resourceVersion unset, then live events', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('a'), ctx);
    const events: ApiWatchEvent[] = [];
    const watcher = await registry.watch(R.configmaps, 'default', {}, ctx, (e) => events.push(e));
    await registry.create(R.configmaps, 'default', configMap('b'), ctx);
    await registry.delete(R.configmaps, 'default', 'a', {}, ctx);
    await tick();
    watcher.stop();
    expect(summary(events)).toEqual(['ADDED a', 'ADDED b', 'DELETED a']);
  });

  it('replays only events after a given resourceVersion', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('a'), ctx);
    const list = await registry.list(R.configmaps, 'default', {}, ctx);
    await registry.create(R.configmaps, 'default', configMap('b'), ctx);
    const events: ApiWatchEvent[] = [];
    const watcher = await registry.watch(
      R.configmaps,
      'default',
      { resourceVersion: list.metadata.resourceVersion },
      ctx,
      (e) => events.push(e),
    );
    await tick();
    watcher.stop();
    expect(summary(events)).toEqual(['ADDED b']);
  });

  it('turns objects entering and leaving the selector into ADDED and DELETED', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.configmaps, 'default', configMap('a', { app: 'x' }), ctx);
    const events: ApiWatchEvent[] = [];
    const watcher = await registry.watch(R.configmaps, 'default', { labelSelector: 'app=x' }, ctx, (e) =>
      events.push(e),
    );
    const relabel = (app: string) =>
      registry.patch(R.configmaps, 'default', 'a', 'merge', { metadata: { labels: { app } } }, ctx, {});
    const left = await relabel('y');
    await relabel('x');
    await registry.patch(R.configmaps, 'default', 'a', 'merge', { data: { b: '2' } }, ctx, {});
    await tick();
    watcher.stop();
    expect(summary(events)).toEqual(['ADDED a', 'DELETED a', 'ADDED a', 'MODIFIED a']);
    const deleted = events[1].object as KubeObject;
    expect(deleted.metadata.labels).toEqual({ app: 'x' });
    expect(deleted.metadata.resourceVersion).toBe(left.object.metadata.resourceVersion);
  });

  it('sends BOOKMARK events when allowed', async () => {
    const { registry, ctx } = await newTestRegistry({ bookmarkIntervalMs: 5 });
    const events: ApiWatchEvent[] = [];
    const watcher = await registry.watch(R.configmaps, 'default', { allowWatchBookmarks: true }, ctx, (e) =>
      events.push(e),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    watcher.stop();
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
  });

  it('spreads bookmarks: the first in the second half of the interval, then the interval ±10 %', () => {
    expect(bookmarkDelay(60_000, true, () => 0)).toBe(30_000);
    expect(bookmarkDelay(60_000, true, () => 0.999)).toBeCloseTo(59_970);
    expect(bookmarkDelay(60_000, false, () => 0)).toBe(54_000);
    expect(bookmarkDelay(60_000, false, () => 0.999)).toBeCloseTo(65_988);
    const firsts = new Set(Array.from({ length: 50 }, () => Math.round(bookmarkDelay(60_000, true))));
    expect(firsts.size).toBeGreaterThan(40);
  });

  it('answers a compacted resourceVersion with a 410 ERROR event and closes', async () => {
    const { registry, ctx } = await newTestRegistry({ storage: new MemoryStorage({ historyLimit: 2 }) });
    for (const name of ['a', 'b', 'c', 'd'])
      await registry.create(R.configmaps, 'default', configMap(name), ctx);
    const events: ApiWatchEvent[] = [];
    const closed = new Promise<string>((resolve) => {
      void registry.watch(
        R.configmaps,
        'default',
        { resourceVersion: '1' },
        ctx,
        (e) => events.push(e),
        resolve,
      );
    });
    expect(await closed).toBe('expired');
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect((events[0].object as { message: string }).message).toMatch(
      /^too old resource version: 1 \(\d+\)$/,
    );
  });

  it('ends by itself after timeoutSeconds', async () => {
    const { registry, ctx } = await newTestRegistry();
    const started = Date.now();
    const reason = await new Promise<string>((resolve) => {
      void registry.watch(R.configmaps, 'default', { timeoutSeconds: 0.02 }, ctx, () => {}, resolve);
    });
    expect(reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
