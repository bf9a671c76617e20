import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import type { WatchEvent } from '../../storage/interface';
import { MemoryStorage } from '../../storage/memory/store';
import { EVENTS_PREFIX, EventExpiry, lastRecordedTime } from './event-ttl';

const HOUR = 3600_000;
const T0 = Date.parse('2026-11-30T08:00:00Z');

function event(name: string, fields: Partial<KubeObject> = {}, created = new Date(T0)): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', creationTimestamp: created.toISOString() },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to node01',
    ...fields,
  } as KubeObject;
}

const keyOf = (name: string) => `${EVENTS_PREFIX}default/${name}`;

describe('EventExpiry', () => {
  let storage: MemoryStorage;
  let expiry: EventExpiry | undefined;
  let clock = T0;
  const now = () => new Date(clock);

  async function started(ttlSeconds = 3600): Promise<EventExpiry> {
    expiry = new EventExpiry(storage, { ttlSeconds, now });
    await expiry.start();
    return expiry;
  }

  /** settle lets the store deliver its watch events (asynchronous delivery). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  afterEach(async () => {
    expiry?.stop();
    expiry = undefined;
    await storage?.close();
    clock = T0;
  });

  it('deletes an Event one TTL after its creation, not before, and watchers see it DELETED', async () => {
    storage = new MemoryStorage();
    const e = await started();
    const seen: WatchEvent[] = [];
    const watcher = storage.watch(EVENTS_PREFIX, {
      fromRevision: storage.currentRevision(),
      onEvent: (ev) => seen.push(ev),
    });
    await storage.create(keyOf('a'), event('a'));
    await settle();
    expect(e.pending).toBe(1);
    clock = T0 + HOUR - 1;
    expect(await e.sweep()).toBe(0);
    expect(await storage.get(keyOf('a'))).toBeDefined();
    clock = T0 + HOUR;
    expect(await e.sweep()).toBe(1);
    expect(await storage.get(keyOf('a'))).toBeUndefined();
    await settle();
    expect(seen.map((ev) => ev.type)).toEqual(['ADDED', 'DELETED']);
    expect(e.pending).toBe(0);
    watcher.stop();
  });

  it('counts the TTL from the last write: an update re-arms the Event', async () => {
    storage = new MemoryStorage();
    const e = await started();
    await storage.create(keyOf('a'), event('a', { count: 1 }));
    await settle();
    clock = T0 + HOUR / 2;
    await storage.guaranteedUpdate(keyOf('a'), (current) => ({ ...current, count: 2 }));
    await settle();
    clock = T0 + HOUR + 1000;
    expect(await e.sweep()).toBe(0);
    expect((await storage.get(keyOf('a')))?.count).toBe(2);
    clock = T0 + HOUR + HOUR / 2;
    expect(await e.sweep()).toBe(1);
    expect(await storage.get(keyOf('a'))).toBeUndefined();
  });

  it('arms the Events stored before it started from the latest time they record', async () => {
    storage = new MemoryStorage();
    const longAgo = new Date(T0 - 3 * HOUR);
    await storage.create(
      keyOf('old'),
      event('old', { lastTimestamp: new Date(T0 - 2 * HOUR).toISOString() }, longAgo),
    );
    await storage.create(
      keyOf('recent'),
      event('recent', { lastTimestamp: new Date(T0 - 10 * 60_000).toISOString() }, longAgo),
    );
    await storage.create(
      keyOf('series'),
      event(
        'series',
        {
          eventTime: longAgo.toISOString(),
          series: { count: 4, lastObservedTime: new Date(T0 - 5 * 60_000).toISOString() },
        },
        longAgo,
      ),
    );
    // Not an Event: never touched, however old.
    await storage.create('/registry/core/configmaps/default/cfg', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default', creationTimestamp: longAgo.toISOString() },
    });
    const e = await started();
    expect(e.pending).toBe(3);
    expect(await e.sweep()).toBe(1);
    expect(await storage.get(keyOf('old'))).toBeUndefined();
    clock = T0 + 50 * 60_000;
    expect(await e.sweep()).toBe(1);
    expect(await storage.get(keyOf('recent'))).toBeUndefined();
    expect(await storage.get(keyOf('series'))).toBeDefined();
    clock = T0 + 55 * 60_000;
    expect(await e.sweep()).toBe(1);
    expect((await storage.list(EVENTS_PREFIX)).items).toEqual([]);
    expect(await storage.get('/registry/core/configmaps/default/cfg')).toBeDefined();
  });

  it('leaves alone an Event deleted meanwhile or written after its lease was taken', async () => {
    storage = new MemoryStorage();
    // The expiry hears of writes only through its watch: holding the watch back makes its leases stale.
    const held: (() => void)[] = [];
    let holding = false;
    const delayed = Object.create(storage) as MemoryStorage;
    delayed.watch = (prefix, options) =>
      storage.watch(prefix, {
        ...options,
        onEvent: (ev) => (holding ? held.push(() => options.onEvent(ev)) : options.onEvent(ev)),
      });
    expiry = new EventExpiry(delayed, { ttlSeconds: 3600, now });
    await expiry.start();
    await storage.create(keyOf('gone'), event('gone'));
    await storage.create(keyOf('kept'), event('kept', { count: 1 }));
    await settle();
    clock = T0 + HOUR;
    holding = true;
    await storage.delete(keyOf('gone'));
    await storage.guaranteedUpdate(keyOf('kept'), (current) => ({ ...current, count: 2 }));
    await settle();
    expect(await expiry.sweep()).toBe(0);
    expect((await storage.get(keyOf('kept')))?.count).toBe(2);
    holding = false;
    for (const deliver of held.splice(0)) deliver();
    // The update re-armed 'kept' from its write time.
    expect(expiry.pending).toBe(1);
    clock = T0 + 2 * HOUR - 1;
    expect(await expiry.sweep()).toBe(0);
    clock = T0 + 2 * HOUR;
    expect(await expiry.sweep()).toBe(1);
  });

  it('takes up a dropped watch again: unchanged Events keep their lease, those written meanwhile count from then', async () => {
    storage = new MemoryStorage();
    let drop: (() => void) | undefined;
    let watches = 0;
    const dropping = Object.create(storage) as MemoryStorage;
    dropping.watch = (prefix, options) => {
      watches++;
      const watcher = storage.watch(prefix, options);
      drop = () => {
        watcher.stop();
        options.onClose?.('watcher fell too far behind');
      };
      return watcher;
    };
    expiry = new EventExpiry(dropping, { ttlSeconds: 3600, now });
    await expiry.start();
    await storage.create(keyOf('kept'), event('kept'));
    await storage.create(keyOf('changed'), event('changed', { count: 1 }));
    await storage.create(keyOf('gone'), event('gone'));
    await settle();
    drop!();
    // Unseen by the expiry: an update, a delete, and a new Event that says it is two hours old.
    clock = T0 + HOUR / 2;
    await storage.guaranteedUpdate(keyOf('changed'), (current) => ({ ...current, count: 2 }));
    await storage.delete(keyOf('gone'));
    await storage.create(
      keyOf('new'),
      event('new', { lastTimestamp: new Date(T0 - 2 * HOUR).toISOString() }, new Date(T0 - 2 * HOUR)),
    );
    await vi.waitFor(() => expect(watches).toBe(2), { timeout: 5000, interval: 20 });
    expect(expiry.pending).toBe(3);
    clock = T0 + HOUR;
    expect(await expiry.sweep()).toBe(1);
    expect(await storage.get(keyOf('kept'))).toBeUndefined();
    clock = T0 + HOUR + HOUR / 2;
    expect(await expiry.sweep()).toBe(2);
    expect((await storage.list(EVENTS_PREFIX)).items).toEqual([]);
  });

  it('tries a delete the store refused (busy) again later, and reports the refusal', async () => {
    storage = new MemoryStorage();
    const errors: unknown[] = [];
    let busy = true;
    const flaky = Object.create(storage) as MemoryStorage;
    flaky.delete = (key, preconditions) =>
      busy
        ? Promise.reject(new StatusError(503, 'ServiceUnavailable', 'database is locked'))
        : storage.delete(key, preconditions);
    expiry = new EventExpiry(flaky, { ttlSeconds: 3600, now, onError: (err) => errors.push(err) });
    await expiry.start();
    await storage.create(keyOf('a'), event('a'));
    await settle();
    clock = T0 + HOUR;
    expect(await expiry.sweep()).toBe(0);
    expect(errors).toHaveLength(1);
    expect(expiry.pending).toBe(1);
    busy = false;
    expect(await expiry.sweep()).toBe(0);
    clock = T0 + HOUR + 10_000;
    expect(await expiry.sweep()).toBe(1);
    expect(await storage.get(keyOf('a'))).toBeUndefined();
  });

  it('sweeps on its own timer', async () => {
    storage = new MemoryStorage();
    expiry = new EventExpiry(storage, { ttlSeconds: 0.05 });
    await expiry.start();
    await storage.create(keyOf('a'), event('a'));
    await vi.waitFor(async () => expect(await storage.get(keyOf('a'))).toBeUndefined(), {
      timeout: 5000,
      interval: 50,
    });
    expect(expiry.pending).toBe(0);
  });

  it('stops with its storage', async () => {
    storage = new MemoryStorage();
    const e = await started();
    await storage.create(keyOf('a'), event('a'));
    await settle();
    await storage.close();
    expect(e.pending).toBe(0);
  });

  it('refuses a TTL that is not positive', () => {
    storage = new MemoryStorage();
    expect(() => new EventExpiry(storage, { ttlSeconds: 0 })).toThrow('event TTL must be positive, got 0');
  });
});

describe('lastRecordedTime', () => {
  it('takes the latest of lastTimestamp, eventTime, series.lastObservedTime and creationTimestamp', () => {
    expect(lastRecordedTime(event('a', { lastTimestamp: '2026-11-30T09:00:00Z' }))).toBe(
      Date.parse('2026-11-30T09:00:00Z'),
    );
    expect(lastRecordedTime(event('a', { eventTime: '2026-11-30T09:00:00.123456Z' }))).toBe(
      Date.parse('2026-11-30T09:00:00.123Z'),
    );
    expect(lastRecordedTime(event('a', { lastTimestamp: null, eventTime: 'not a time' }))).toBe(T0);
  });
});
