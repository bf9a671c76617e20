import { describe, expect, it } from 'vitest';
import { keyFor, prefixFor } from '../keys';
import { runStorageConformance } from '../testing/conformance';
import { MemoryStorage } from './store';

runStorageConformance('memory', async (options) => ({
  storage: new MemoryStorage(options),
  cleanup: async () => {},
}));

const pods = { group: '', resource: 'pods' };

describe('MemoryStorage specifics', () => {
  it('rejects a non-positive history limit', () => {
    expect(() => new MemoryStorage({ historyLimit: 0 })).toThrow(RangeError);
  });

  it('keeps exactly historyLimit events of history', async () => {
    const s = new MemoryStorage({ historyLimit: 3 });
    for (let i = 0; i < 10; i++) await s.create(keyFor(pods, 'default', `p${i}`), podNamed(`p${i}`));
    expect(s.currentRevision()).toBe(10);
    expect(s.oldestRevision()).toBe(8);
    expect(() => s.watch(prefixFor(pods, undefined), { fromRevision: 7, onEvent: () => {} })).not.toThrow();
    expect(() => s.watch(prefixFor(pods, undefined), { fromRevision: 6, onEvent: () => {} })).toThrow(
      'too old resource version: 6 (7)',
    );
    await s.close();
  });

  it('serves a snapshot page for keys deleted and re-created after the snapshot', async () => {
    const s = new MemoryStorage();
    for (const n of ['a', 'b', 'c', 'd']) await s.create(keyFor(pods, 'default', n), podNamed(n));
    const first = await s.list(prefixFor(pods, 'default'), { limit: 1 });
    await s.delete(keyFor(pods, 'default', 'c'));
    await s.create(keyFor(pods, 'default', 'c'), podNamed('c'));
    await s.create(keyFor(pods, 'default', 'bb'), podNamed('bb'));
    await s.delete(keyFor(pods, 'default', 'd'));
    const rest = await s.list(prefixFor(pods, 'default'), { continueFrom: first.continue });
    expect(rest.items.map((o) => [o.metadata.name, o.metadata.resourceVersion])).toEqual([
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ]);
    await s.close();
  });

  it('gets in well under 2 ms and lists 10,000 objects', async () => {
    const s = new MemoryStorage();
    for (let i = 0; i < 10_000; i++) await s.create(keyFor(pods, 'ns', `pod-${i}`), podNamed(`pod-${i}`));
    const durations: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await s.get(keyFor(pods, 'ns', `pod-${(i * 7919) % 10_000}`));
      durations.push(performance.now() - t);
    }
    durations.sort((a, b) => a - b);
    expect(durations[Math.floor(durations.length * 0.99)]).toBeLessThan(2);
    const t = performance.now();
    const all = await s.list(prefixFor(pods, 'ns'));
    const elapsed = performance.now() - t;
    expect(all.items).toHaveLength(10_000);
    expect(elapsed).toBeLessThan(1000);
    const page = await s.list(prefixFor(pods, undefined), { limit: 500 });
    expect(page.items).toHaveLength(500);
    expect(page.remainingItemCount).toBe(9_500);
    await s.close();
  });
});

function podNamed(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  };
}
