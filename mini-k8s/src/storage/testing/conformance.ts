/**
 * runStorageConformance defines the vitest suite every Storage implementation must pass. Call it from an
 * implementation's test file with a factory that opens a fresh, empty store (honouring `historyLimit`)
 * and, for durable stores, a `reopen` that closes nothing itself but opens the same data again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { isStatusError, type StatusError } from '../../machinery/errors';
import type { Storage, WatchEvent, Watcher } from '../interface';
import { keyFor, prefixFor } from '../keys';

/** StorageFactoryOptions are passed to the factory; a store must honour them. */
export interface StorageFactoryOptions {
  /** Events of history to keep (the suite uses a small value to exercise 410 Gone). */
  historyLimit?: number;
}

/** StorageUnderTest is what a factory returns. */
export interface StorageUnderTest {
  storage: Storage;
  /** reopen opens the same data again after `storage.close()` (durable stores only). */
  reopen?: () => Promise<Storage>;
  /** cleanup releases everything (files, handles); called after each test. */
  cleanup: () => Promise<void>;
}

export type StorageFactory = (options: StorageFactoryOptions) => Promise<StorageUnderTest>;

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };
const nodes = { group: '', resource: 'nodes' };

let uidCounter = 0;

/** pod builds a minimal Pod. */
function pod(name: string, namespace = 'default', labels: Record<string, string> = {}): KubeObject {
  uidCounter++;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}-${uidCounter}`, labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  };
}

function podKey(name: string, namespace = 'default'): string {
  return keyFor(pods, namespace, name);
}

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<StatusError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  throw new Error('expected a StatusError, the call succeeded');
}

/** Recorder collects watch events and lets a test await a number of them. */
class Recorder {
  readonly events: WatchEvent[] = [];
  closed: string | undefined;
  watcher: Watcher | undefined;
  private waiters: { n: number; resolve: () => void }[] = [];

  onEvent = (event: WatchEvent): void => {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (this.events.length >= w.n) w.resolve();
      return this.events.length < w.n;
    });
  };

  onClose = (reason: string): void => {
    this.closed = reason;
  };

  /** waitFor resolves once n events arrived; fails after 5 s. */
  waitFor(n: number): Promise<void> {
    if (this.events.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${n} events, got ${this.events.length}`)),
        5000,
      );
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  summary(): string[] {
    return this.events.map((e) => `${e.type} ${e.object.metadata.name} ${e.revision}`);
  }
}

/** settle lets queued microtasks and timers (watch deliveries) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export function runStorageConformance(name: string, factory: StorageFactory): void {
  describe(`Storage conformance: ${name}`, () => {
    let current: StorageUnderTest | undefined;
    const extra: Storage[] = [];

    async function open(options: StorageFactoryOptions = {}): Promise<Storage> {
      current = await factory(options);
      return current.storage;
    }

    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      if (current) {
        await current.storage.close();
        await current.cleanup();
        current = undefined;
      }
    });

    describe('create, get, update, delete', () => {
      it('creates an object with the new revision as resourceVersion and reads it back', async () => {
        const s = await open();
        expect(s.currentRevision()).toBe(0);
        const created = await s.create(podKey('a'), pod('a'));
        expect(s.currentRevision()).toBe(1);
        expect(created.metadata.resourceVersion).toBe('1');
        expect(created.metadata.name).toBe('a');
        expect(await s.get(podKey('a'))).toEqual(created);
        expect(await s.get(podKey('missing'))).toBeUndefined();
      });

      it.each([
        [podKey('a'), pod('a'), 'pods "a" already exists'],
        [
          keyFor(deployments, 'default', 'web'),
          { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } },
          'deployments.apps "web" already exists',
        ],
        [
          keyFor(nodes, undefined, 'n1'),
          { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
          'nodes "n1" already exists',
        ],
      ])('rejects a second create of %s with AlreadyExists', async (key, obj, message) => {
        const s = await open();
        await s.create(key, obj);
        const err = await caught(s.create(key, obj));
        expect(err.code).toBe(409);
        expect(err.reason).toBe('AlreadyExists');
        expect(err.message).toBe(message);
        expect(s.currentRevision()).toBe(1);
      });

      it('reports NotFound with the resource and name for update and delete of a missing key', async () => {
        const s = await open();
        const del = await caught(s.delete(podKey('ghost')));
        expect([del.code, del.reason, del.message]).toEqual([404, 'NotFound', 'pods "ghost" not found']);
        const upd = await caught(s.guaranteedUpdate(keyFor(deployments, 'ns', 'web'), (o) => o));
        expect([upd.code, upd.message]).toEqual([404, 'deployments.apps "web" not found']);
      });

      it('updates through guaranteedUpdate and bumps the revision', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a'));
        const updated = await s.guaranteedUpdate(podKey('a'), (o) => ({ ...o, spec: { nodeName: 'n1' } }));
        expect(updated.metadata.resourceVersion).toBe('2');
        expect(updated.spec).toEqual({ nodeName: 'n1' });
        expect(await s.get(podKey('a'))).toEqual(updated);
      });

      it.each([
        ['the same reference', (o: KubeObject) => o],
        ['an equal copy', (o: KubeObject) => JSON.parse(JSON.stringify(o)) as KubeObject],
        [
          'an equal copy with another resourceVersion',
          (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: '999' } }),
        ],
      ])('treats an update returning %s as a no-op', async (_label, fn) => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        const result = await s.guaranteedUpdate(podKey('a'), fn);
        expect(result).toEqual(created);
        expect(s.currentRevision()).toBe(1);
      });

      it('writes an update whose function mutated the current object in place', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a'));
        const result = await s.guaranteedUpdate(podKey('a'), (o) => {
          o.metadata.labels = { changed: 'yes' };
          return o;
        });
        expect(result.metadata.resourceVersion).toBe('2');
        expect((await s.get(podKey('a')))?.metadata.labels).toEqual({ changed: 'yes' });
      });

      it('aborts an update whose function throws, writing nothing', async () => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        await expect(
          s.guaranteedUpdate(podKey('a'), () => {
            throw new Error('admission said no');
          }),
        ).rejects.toThrow('admission said no');
        expect(await s.get(podKey('a'))).toEqual(created);
        expect(s.currentRevision()).toBe(1);
      });

      it('deletes an object and returns its last state', async () => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        const deleted = await s.delete(podKey('a'));
        expect(deleted).toEqual(created);
        expect(s.currentRevision()).toBe(2);
        expect(await s.get(podKey('a'))).toBeUndefined();
        const again = await s.create(podKey('a'), pod('a'));
        expect(again.metadata.resourceVersion).toBe('3');
      });

      it('keeps revisions strictly increasing across writes', async () => {
        const s = await open();
        const seen: number[] = [];
        const record = (o: KubeObject) => seen.push(Number(o.metadata.resourceVersion));
        record(await s.create(podKey('a'), pod('a')));
        record(await s.create(podKey('b'), pod('b')));
        record(await s.guaranteedUpdate(podKey('a'), (o) => ({ ...o, spec: { x: 1 } })));
        await s.delete(podKey('b'));
        seen.push(s.currentRevision());
        record(await s.create(podKey('c'), pod('c')));
        expect(seen).toEqual([1, 2, 3, 4, 5]);
        expect(s.currentRevision()).toBe(5);
      });
    });

    describe('preconditions', () => {
      it('updates when uid and resourceVersion match', async () => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        const updated = await s.guaranteedUpdate(podKey('a'), (o) => ({ ...o, spec: { v: 2 } }), {
          uid: created.metadata.uid,
          resourceVersion: created.metadata.resourceVersion,
        });
        expect(updated.spec).toEqual({ v: 2 });
      });

      it('rejects an update with a stale resourceVersion with the optimistic-lock Conflict', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a'));
        await s.guaranteedUpdate(podKey('a'), (o) => ({ ...o, spec: { v: 2 } }));
        const err = await caught(s.guaranteedUpdate(podKey('a'), (o) => o, { resourceVersion: '1' }));
        expect([err.code, err.reason]).toEqual([409, 'Conflict']);
        expect(err.message).toBe(
          'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
        );
      });

      it('rejects an update and a delete with another uid', async () => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        const expected = `Operation cannot be fulfilled on pods "a": StorageError: invalid object, Code: 4, Key: /registry/pods/default/a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`;
        const upd = await caught(s.guaranteedUpdate(podKey('a'), (o) => o, { uid: 'other' }));
        expect([upd.code, upd.reason, upd.message]).toEqual([409, 'Conflict', expected]);
        const del = await caught(s.delete(podKey('a'), { uid: 'other' }));
        expect([del.code, del.reason, del.message]).toEqual([409, 'Conflict', expected]);
        expect(await s.get(podKey('a'))).toEqual(created);
      });

      it('rejects a delete with a stale resourceVersion and accepts a matching one', async () => {
        const s = await open();
        const created = await s.create(podKey('a'), pod('a'));
        const err = await caught(s.delete(podKey('a'), { resourceVersion: '7' }));
        expect(err.message).toBe(
          'Operation cannot be fulfilled on pods "a": StorageError: invalid object, Code: 4, Key: /registry/pods/default/a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: 7, ResourceVersion in object meta: 1',
        );
        await s.delete(podKey('a'), { uid: created.metadata.uid, resourceVersion: '1' });
        expect(await s.get(podKey('a'))).toBeUndefined();
      });
    });

    describe('list and count', () => {
      async function seed(s: Storage): Promise<void> {
        for (const [name, ns] of [
          ['b', 'default'],
          ['a', 'default'],
          ['c', 'default-2'],
          ['d', 'kube-system'],
        ]) {
          await s.create(podKey(name, ns), pod(name, ns));
        }
        await s.create(keyFor(deployments, 'default', 'web'), {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'default' },
        });
      }

      it.each([
        [prefixFor(pods, 'default'), ['a', 'b']],
        [prefixFor(pods, 'default-2'), ['c']],
        // Key order, not name order: `default-2/` sorts before `default/` ('-' < '/').
        [prefixFor(pods, undefined), ['c', 'a', 'b', 'd']],
        [prefixFor(deployments, undefined), ['web']],
        [prefixFor(pods, 'empty'), []],
      ])('lists %s in key order without bleeding into neighbours', async (prefix, names) => {
        const s = await open();
        await seed(s);
        const result = await s.list(prefix);
        expect(result.items.map((o) => o.metadata.name)).toEqual(names);
        expect(result.revision).toBe(s.currentRevision());
        expect(result.continue).toBeUndefined();
        expect(await s.count(prefix)).toBe(names.length);
      });

      it('counts and lists an exact key', async () => {
        const s = await open();
        await seed(s);
        expect(await s.count(podKey('a'))).toBe(1);
        expect(await s.count(podKey('zz'))).toBe(0);
        expect((await s.list(podKey('a'))).items.map((o) => o.metadata.name)).toEqual(['a']);
      });

      it('paginates with limit and continue at a stable snapshot', async () => {
        const s = await open();
        const names = Array.from({ length: 10 }, (_, i) => `p${String(i).padStart(2, '0')}`);
        for (const n of names) await s.create(podKey(n), pod(n));
        const first = await s.list(prefixFor(pods, 'default'), { limit: 3 });
        expect(first.items.map((o) => o.metadata.name)).toEqual(['p00', 'p01', 'p02']);
        expect(first.remainingItemCount).toBe(7);
        expect(first.continue).toBeTypeOf('string');
        // Writes after the first page must not show in later pages of the same list.
        await s.delete(podKey('p05'));
        await s.guaranteedUpdate(podKey('p06'), (o) => ({ ...o, spec: { changed: true } }));
        await s.create(podKey('p04a'), pod('p04a'));
        await s.delete(podKey('p01'));
        const seen = [...first.items];
        let token = first.continue;
        let pages = 1;
        while (token) {
          const page = await s.list(prefixFor(pods, 'default'), { limit: 3, continueFrom: token });
          expect(page.revision).toBe(first.revision);
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items);
          token = page.continue;
          pages++;
        }
        expect(pages).toBe(4);
        expect(seen.map((o) => o.metadata.name)).toEqual(names);
        expect(seen.find((o) => o.metadata.name === 'p06')?.spec).toEqual(pod('x').spec);
        expect(seen.every((o) => Number(o.metadata.resourceVersion) <= first.revision)).toBe(true);
        const fresh = await s.list(prefixFor(pods, 'default'));
        expect(fresh.items.map((o) => o.metadata.name)).toEqual([
          'p00',
          'p02',
          'p03',
          'p04',
          'p04a',
          'p06',
          'p07',
          'p08',
          'p09',
        ]);
      });

      it('paginates a predicate-filtered list counting matches only', async () => {
        const s = await open();
        for (let i = 0; i < 20; i++) {
          const n = `q${String(i).padStart(2, '0')}`;
          await s.create(podKey(n), pod(n, 'default', { parity: i % 2 === 0 ? 'even' : 'odd' }));
        }
        const predicate = (o: KubeObject) => o.metadata.labels?.parity === 'even';
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await s.list(prefixFor(pods, 'default'), { limit: 3, predicate, continueFrom: token });
          expect(page.items.length).toBeLessThanOrEqual(3);
          expect(page.remainingItemCount).toBeUndefined();
          seen.push(...page.items.map((o) => o.metadata.name as string));
          token = page.continue;
        } while (token);
        expect(seen).toEqual(['q00', 'q02', 'q04', 'q06', 'q08', 'q10', 'q12', 'q14', 'q16', 'q18']);
      });

      it.each([
        'not base64!',
        Buffer.from('{"v":"x"}').toString('base64url'),
        Buffer.from('nope').toString('base64url'),
      ])('rejects the malformed continue token %s with 400', async (token) => {
        const s = await open();
        await seed(s);
        const err = await caught(s.list(prefixFor(pods, undefined), { continueFrom: token }));
        expect(err.code).toBe(400);
        expect(err.message).toMatch(/^continue key is not valid: /);
      });
    });

    describe('watch', () => {
      function watch(s: Storage, prefix: string, fromRevision: number): Recorder {
        const rec = new Recorder();
        rec.watcher = s.watch(prefix, { fromRevision, onEvent: rec.onEvent, onClose: rec.onClose });
        return rec;
      }

      it('replays events after a revision, then follows live writes in order', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a'));
        await s.create(podKey('b'), pod('b'));
        await s.create(podKey('c', 'other'), pod('c', 'other'));
        const rec = watch(s, prefixFor(pods, 'default'), 1);
        await s.guaranteedUpdate(podKey('a'), (o) => ({ ...o, spec: { v: 2 } }));
        await s.delete(podKey('b'));
        await rec.waitFor(3);
        await settle();
        expect(rec.summary()).toEqual(['ADDED b 2', 'MODIFIED a 4', 'DELETED b 5']);
        const modified = rec.events[1];
        expect(modified.key).toBe(podKey('a'));
        expect(modified.object.metadata.resourceVersion).toBe('4');
        expect(modified.prevObject?.metadata.resourceVersion).toBe('1');
        rec.watcher?.stop();
      });

      it('does not replay anything when watching from the current revision', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a'));
        const rec = watch(s, prefixFor(pods, undefined), s.currentRevision());
        await settle();
        expect(rec.events).toEqual([]);
        await s.create(podKey('b'), pod('b'));
        await rec.waitFor(1);
        expect(rec.summary()).toEqual(['ADDED b 2']);
        rec.watcher?.stop();
      });

      it('watches a single key without matching keys that share its beginning', async () => {
        const s = await open();
        const rec = watch(s, podKey('a'), 0);
        await s.create(podKey('a-2'), pod('a-2'));
        await s.create(podKey('a'), pod('a'));
        await s.create(podKey('a', 'default-2'), pod('a', 'default-2'));
        await s.delete(podKey('a'));
        await rec.waitFor(2);
        await settle();
        expect(rec.summary()).toEqual(['ADDED a 2', 'DELETED a 4']);
        rec.watcher?.stop();
      });

      it('sends DELETED with the last state at the deletion revision', async () => {
        const s = await open();
        await s.create(podKey('a'), pod('a', 'default', { app: 'web' }));
        const updated = await s.guaranteedUpdate(podKey('a'), (o) => ({
          ...o,
          status: { phase: 'Running' },
        }));
        const rec = watch(s, prefixFor(pods, 'default'), s.currentRevision());
        await s.delete(podKey('a'));
        await rec.waitFor(1);
        const event = rec.events[0];
        expect(event.type).toBe('DELETED');
        expect(event.revision).toBe(3);
        expect(event.object).toEqual({ ...updated, metadata: { ...updated.metadata, resourceVersion: '3' } });
        expect(event.prevObject).toEqual(updated);
        rec.watcher?.stop();
      });

      it('delivers nothing after stop()', async () => {
        const s = await open();
        const rec = watch(s, prefixFor(pods, undefined), 0);
        await s.create(podKey('a'), pod('a'));
        await rec.waitFor(1);
        rec.watcher?.stop();
        await s.create(podKey('b'), pod('b'));
        await settle();
        expect(rec.summary()).toEqual(['ADDED a 1']);
      });

      it('lets a watcher stop itself from its callback and isolates a throwing watcher', async () => {
        const s = await open();
        const stopping = new Recorder();
        stopping.watcher = s.watch(prefixFor(pods, undefined), {
          fromRevision: 0,
          onEvent: (e) => {
            stopping.onEvent(e);
            stopping.watcher?.stop();
          },
        });
        const throwing = new Recorder();
        s.watch(prefixFor(pods, undefined), {
          fromRevision: 0,
          onEvent: () => {
            throw new Error('consumer exploded');
          },
          onClose: throwing.onClose,
        });
        const healthy = watch(s, prefixFor(pods, undefined), 0);
        await s.create(podKey('a'), pod('a'));
        await s.create(podKey('b'), pod('b'));
        await healthy.waitFor(2);
        await settle();
        expect(stopping.summary()).toEqual(['ADDED a 1']);
        expect(throwing.closed).toContain('consumer exploded');
        expect(healthy.summary()).toEqual(['ADDED a 1', 'ADDED b 2']);
        expect((await s.create(podKey('c'), pod('c'))).metadata.resourceVersion).toBe('3');
        healthy.watcher?.stop();
      });

      it('keeps order when a watcher writes to the store from its callback', async () => {
        const s = await open();
        const writer = s.watch(prefixFor(pods, 'default'), {
          fromRevision: 0,
          onEvent: (e) => {
            if (e.type === 'ADDED')
              void s.create(podKey(`${e.object.metadata.name}-echo`, 'echo'), pod('x', 'echo'));
          },
        });
        const all = watch(s, prefixFor(pods, undefined), 0);
        await s.create(podKey('a'), pod('a'));
        await s.create(podKey('b'), pod('b'));
        await all.waitFor(4);
        const revisions = all.events.map((e) => e.revision);
        expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
        expect(new Set(revisions).size).toBe(4);
        writer.stop();
        all.watcher?.stop();
      });

      it('answers 410 Gone for a revision older than the retained history', async () => {
        const s = await open({ historyLimit: 5 });
        for (let i = 0; i < 30; i++) await s.create(podKey(`p${i}`), pod(`p${i}`));
        const oldest = s.oldestRevision();
        expect(oldest).toBeGreaterThan(2);
        expect(s.currentRevision() - oldest + 1).toBeGreaterThanOrEqual(5);
        const err = await caught(() =>
          s.watch(prefixFor(pods, undefined), { fromRevision: 1, onEvent: () => {} }),
        );
        expect([err.code, err.reason, err.message]).toEqual([
          410,
          'Expired',
          `too old resource version: 1 (${oldest - 1})`,
        ]);
        const rec = watch(s, prefixFor(pods, undefined), oldest - 1);
        const expected = s.currentRevision() - oldest + 1;
        await rec.waitFor(expected);
        expect(rec.events[0].revision).toBe(oldest);
        expect(rec.events.at(-1)?.revision).toBe(s.currentRevision());
        rec.watcher?.stop();
      });

      it('answers 410 Gone for a continue token whose snapshot left the history', async () => {
        const s = await open({ historyLimit: 5 });
        for (let i = 0; i < 6; i++) await s.create(podKey(`p${i}`), pod(`p${i}`));
        const first = await s.list(prefixFor(pods, undefined), { limit: 2 });
        for (let i = 0; i < 30; i++) await s.guaranteedUpdate(podKey('p0'), (o) => ({ ...o, spec: { i } }));
        const err = await caught(
          s.list(prefixFor(pods, undefined), { limit: 2, continueFrom: first.continue }),
        );
        expect([err.code, err.reason]).toEqual([410, 'Expired']);
        expect(err.message).toMatch(/^The provided continue parameter is too old/);
      });

      it('ends watchers with onClose when the store closes', async () => {
        const s = await open();
        const rec = watch(s, prefixFor(pods, undefined), 0);
        await s.close();
        expect(rec.closed).toBeTypeOf('string');
        await expect(s.get(podKey('a'))).rejects.toThrow();
      });
    });

    describe('concurrency and mutation safety', () => {
      it('loses no update when many guaranteedUpdates race on one key', async () => {
        const s = await open();
        await s.create(podKey('counter'), { ...pod('counter'), data: { n: 0 } });
        const results = await Promise.all(
          Array.from({ length: 40 }, async () =>
            s.guaranteedUpdate(podKey('counter'), async (o) => {
              await Promise.resolve();
              await new Promise((r) => setImmediate(r));
              const data = o.data as { n: number };
              return { ...o, data: { n: data.n + 1 } };
            }),
          ),
        );
        expect(((await s.get(podKey('counter')))?.data as { n: number }).n).toBe(40);
        expect(new Set(results.map((r) => r.metadata.resourceVersion)).size).toBe(40);
        expect(s.currentRevision()).toBe(41);
      });

      it('does not let callers change stored state through objects they pass or receive', async () => {
        const s = await open();
        const input = pod('a', 'default', { app: 'web' });
        const created = await s.create(podKey('a'), input);
        (input.metadata.labels as Record<string, string>).app = 'changed-input';
        (created.metadata.labels as Record<string, string>).app = 'changed-result';
        const got = (await s.get(podKey('a'))) as KubeObject;
        expect(got.metadata.labels).toEqual({ app: 'web' });
        (got.spec as { containers: unknown[] }).containers.push({ name: 'evil' });
        (await s.list(prefixFor(pods, undefined))).items[0].metadata.name = 'renamed';
        const rec = new Recorder();
        rec.watcher = s.watch(prefixFor(pods, undefined), { fromRevision: 0, onEvent: rec.onEvent });
        await rec.waitFor(1);
        try {
          (rec.events[0].object.metadata as { name: string }).name = 'mutated-event';
        } catch {
          // Frozen event objects are an acceptable way to guarantee this.
        }
        rec.watcher.stop();
        let kept: KubeObject | undefined;
        await s.guaranteedUpdate(podKey('a'), (o) => {
          kept = o;
          return { ...o, status: { phase: 'Pending' } };
        });
        if (kept) kept.metadata.name = 'mutated-after-update';
        const final = (await s.get(podKey('a'))) as KubeObject;
        expect(final.metadata.name).toBe('a');
        expect(final.metadata.labels).toEqual({ app: 'web' });
        expect((final.spec as { containers: unknown[] }).containers).toHaveLength(1);
      });
    });

    describe('durability', () => {
      it('brings every object back identical after reopen and keeps revisions increasing', async (ctx) => {
        const s = await open();
        const reopen = current?.reopen;
        if (!reopen) {
          ctx.skip();
          return;
        }
        for (let i = 0; i < 5; i++) await s.create(podKey(`p${i}`), pod(`p${i}`));
        await s.guaranteedUpdate(podKey('p1'), (o) => ({ ...o, spec: { v: 2 } }));
        await s.delete(podKey('p2'));
        await s.create(keyFor(nodes, undefined, 'n1'), {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'n1', uid: 'node-uid' },
        });
        const before = await s.list('/registry/');
        const revision = s.currentRevision();
        await s.close();
        const again = await reopen();
        extra.push(again);
        expect(again.currentRevision()).toBe(revision);
        const after = await again.list('/registry/');
        expect(after.items).toEqual(before.items);
        expect(after.revision).toBe(revision);
        const rec = new Recorder();
        rec.watcher = again.watch(prefixFor(pods, undefined), {
          fromRevision: revision - 2,
          onEvent: rec.onEvent,
        });
        const next = await again.create(podKey('p9'), pod('p9'));
        expect(Number(next.metadata.resourceVersion)).toBe(revision + 1);
        await rec.waitFor(2);
        expect(rec.summary()).toEqual([`DELETED p2 ${revision - 1}`, `ADDED p9 ${revision + 1}`]);
        rec.watcher.stop();
      });
    });
  });
}
