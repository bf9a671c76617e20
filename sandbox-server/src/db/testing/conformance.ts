/**
 * runPlatformDbConformance is the behaviour every PlatformDb must have, run against each engine
 * (sqlite/sqlite-db.int.test.ts, postgres/postgres-db.int.test.ts) — the counterpart of mini-k8s's
 * storage conformance suite. `open` returns a fresh, migrated, empty database for each test; the suite
 * covers the engine contract (types, transactions, constraints, concurrency) and the platform's own
 * statements through the stores that issue them (WorkshopStore, LearnerIdentity, settings).
 */
import { describe, expect, it } from 'vitest';
import { LearnerIdentity } from '../../identity/learner-cookie';
import { WorkshopEvents, type WorkshopEvent } from '../../workshops/event-bus';
import { WorkshopStore } from '../../workshops/store';
import { ensureSetting, getSetting, setSetting } from '../database';
import { isUniqueViolation, type PlatformDb } from '../platform-db';

/** A time past 2^31 ms (2026): BIGINT on PostgreSQL, INTEGER on SQLite; both must return a JS number. */
const T0 = 1_790_000_000_000;

async function addLearner(db: PlatformDb, id: string, at = T0): Promise<void> {
  await db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?)', [id, at, at]);
}

async function addSandbox(db: PlatformDb, id: string, learnerId: string, state = 'ready'): Promise<void> {
  await db.run(
    `INSERT INTO sandboxes (id, learner_id, state, nodes, exercise_id, created_at, last_active_at, expires_at)
     VALUES (?, ?, ?, 3, NULL, ?, ?, ?)`,
    [id, learnerId, state, T0, T0, T0 + 86_400_000],
  );
}

export function runPlatformDbConformance(name: string, open: () => Promise<PlatformDb>): void {
  describe(`PlatformDb conformance: ${name}`, () => {
    describe('engine contract', () => {
      it('is migrated once: migrating again applies nothing', async () => {
        const db = await open();
        expect(await db.migrate()).toBe(0);
        const versions = await db.all<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
      });

      it('returns integers as JS numbers, keeps NULL, and counts changed rows', async () => {
        const db = await open();
        await addLearner(db, 'alice');
        await addSandbox(db, 's1', 'alice');
        const row = await db.get<{ created_at: unknown; exercise_id: unknown; nodes: unknown }>(
          'SELECT created_at, exercise_id, nodes FROM sandboxes WHERE id = ?',
          ['s1'],
        );
        expect(row).toEqual({ created_at: T0, exercise_id: null, nodes: 3 });
        const count = await db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM sandboxes');
        expect(count).toEqual({ n: 1 });
        expect(await db.run("UPDATE sandboxes SET state = 'sleeping' WHERE state = 'ready'")).toEqual({
          changes: 1,
        });
        expect(await db.run("UPDATE sandboxes SET state = 'sleeping' WHERE id = 'none'")).toEqual({
          changes: 0,
        });
        expect(await db.get('SELECT * FROM sandboxes WHERE id = ?', ['none'])).toBeUndefined();
        expect(await db.all('SELECT * FROM sandboxes WHERE id = ?', ['none'])).toEqual([]);
      });

      it('keeps question marks inside quoted text as text', async () => {
        const db = await open();
        await setSetting(db, 'question', 'ready?');
        expect(
          await db.get("SELECT key FROM settings WHERE value = 'ready?' AND key = ?", ['question']),
        ).toEqual({
          key: 'question',
        });
      });

      it('commits a transaction as a whole and returns its result', async () => {
        const db = await open();
        const result = await db.transaction(async (tx) => {
          await addLearner(tx as PlatformDb, 'alice');
          await addSandbox(tx as PlatformDb, 's1', 'alice');
          return 'done';
        });
        expect(result).toBe('done');
        expect(await db.get('SELECT id FROM sandboxes')).toEqual({ id: 's1' });
      });

      it('rolls a failed transaction back entirely and passes the error on', async () => {
        const db = await open();
        const failure = new Error('grader crashed');
        await expect(
          db.transaction(async (tx) => {
            await addLearner(tx as PlatformDb, 'alice');
            throw failure;
          }),
        ).rejects.toBe(failure);
        await expect(
          db.transaction(async (tx) => {
            await addLearner(tx as PlatformDb, 'bob');
            await addSandbox(tx as PlatformDb, 's1', 'nobody');
          }),
        ).rejects.toThrow();
        expect(await db.all('SELECT id FROM learners')).toEqual([]);
        // The database is usable after the failures.
        await addLearner(db, 'carol');
        expect(await db.all('SELECT id FROM learners')).toEqual([{ id: 'carol' }]);
      });

      it('keeps statements made outside a transaction out of its rollback', async () => {
        const db = await open();
        let inside!: () => void;
        const entered = new Promise<void>((resolve) => (inside = resolve));
        const tx = db.transaction(async (t) => {
          await addLearner(t as PlatformDb, 'in-tx');
          inside();
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('abort');
        });
        await entered;
        await addLearner(db, 'outside');
        await expect(tx).rejects.toThrow('abort');
        expect(await db.all('SELECT id FROM learners ORDER BY id')).toEqual([{ id: 'outside' }]);
      });

      it('loses no update when transactions read-modify-write the same row concurrently', async () => {
        const db = await open();
        await setSetting(db, 'counter', '0');
        await Promise.all(
          Array.from({ length: 12 }, () =>
            db.transaction(async (tx) => {
              const current = Number(await getSetting(tx, 'counter'));
              await new Promise((resolve) => setTimeout(resolve, 1));
              await setSetting(tx, 'counter', String(current + 1));
            }),
          ),
        );
        expect(await getSetting(db, 'counter')).toBe('12');
      });

      it('refuses a finished transaction handle', async () => {
        const db = await open();
        let kept: { run: PlatformDb['run'] } | undefined;
        await db.transaction(async (tx) => {
          kept = tx;
        });
        await expect(kept!.run('DELETE FROM learners')).rejects.toThrow('transaction already finished');
      });

      it('reports unique violations by column', async () => {
        const db = await open();
        await db.run("INSERT INTO workshops (id, code, title, created_at) VALUES ('w1', 'AAAAAA', 'A', 0)");
        const sameCode = await db
          .run("INSERT INTO workshops (id, code, title, created_at) VALUES ('w2', 'AAAAAA', 'B', 0)")
          .catch((e: unknown) => e);
        expect(isUniqueViolation(sameCode, 'code')).toBe(true);
        expect(isUniqueViolation(sameCode, 'id')).toBe(false);
        const sameId = await db
          .run("INSERT INTO workshops (id, code, title, created_at) VALUES ('w1', 'BBBBBB', 'B', 0)")
          .catch((e: unknown) => e);
        expect(isUniqueViolation(sameId)).toBe(true);
        expect(isUniqueViolation(sameId, 'code')).toBe(false);
        expect(isUniqueViolation(new Error('other'))).toBe(false);
      });

      it('enforces foreign keys, cascades learner deletion and checks sandbox states', async () => {
        const db = await open();
        await expect(addSandbox(db, 's0', 'ghost')).rejects.toThrow();
        await addLearner(db, 'alice');
        await expect(addSandbox(db, 's0', 'alice', 'dancing')).rejects.toThrow();
        await addSandbox(db, 's1', 'alice');
        await expect(addSandbox(db, 's2', 'alice')).rejects.toThrow();
        const store = new WorkshopStore(db, new WorkshopEvents(), () => T0);
        const w = await store.create('Atelier');
        await store.join(w, 'alice', 'Alice');
        await store.markStarted('alice', 'pods-1');
        // The runtimes a sandbox may run on (version 5 added kubernetes), and nothing else.
        for (const runtime of ['simulated', 'docker', 'kubernetes']) {
          await db.run('UPDATE sandboxes SET runtime = ? WHERE id = ?', [runtime, 's1']);
          expect(await db.get('SELECT runtime, state FROM sandboxes WHERE id = ?', ['s1'])).toEqual({
            runtime,
            state: 'ready',
          });
        }
        await expect(
          db.run('UPDATE sandboxes SET runtime = ? WHERE id = ?', ['podman', 's1']),
        ).rejects.toThrow();
        expect(await db.run('DELETE FROM learners WHERE id = ?', ['alice'])).toEqual({ changes: 1 });
        expect(await db.all('SELECT id FROM sandboxes')).toEqual([]);
        expect(await store.roster(w.id)).toEqual([]);
        expect(await store.progressOf('alice')).toEqual([]);
      });
    });

    describe('settings', () => {
      it('stores, replaces and reads settings', async () => {
        const db = await open();
        expect(await getSetting(db, 'session-secret')).toBeUndefined();
        await setSetting(db, 'session-secret', 'a');
        await setSetting(db, 'session-secret', 'b');
        expect(await getSetting(db, 'session-secret')).toBe('b');
      });

      it('gives every concurrent ensureSetting the first stored value', async () => {
        const db = await open();
        let n = 0;
        const values = await Promise.all(
          Array.from({ length: 6 }, () => ensureSetting(db, 'session-secret', () => `secret-${n++}`)),
        );
        expect(new Set(values).size).toBe(1);
        expect(await getSetting(db, 'session-secret')).toBe(values[0]);
      });
    });

    describe('learner identity', () => {
      it('recognises the cookie of a known learner only, until it expires', async () => {
        const db = await open();
        const clock = { t: T0 };
        const identity = new LearnerIdentity(db, 'secret-0123456789-0123456789-0123', 3600, () => clock.t);
        await addLearner(db, 'alice');
        const cookie = identity.cookieValue('alice');
        expect(await identity.learnerFromCookie(cookie)).toBe('alice');
        expect(await identity.learnerFromCookie(identity.cookieValue('mallory'))).toBeUndefined();
        clock.t += 3_600_000;
        expect(await identity.learnerFromCookie(cookie)).toBeUndefined();
      });
    });

    describe('workshops and progress', () => {
      async function setup() {
        const db = await open();
        const clock = { t: T0 };
        const events = new WorkshopEvents();
        const seen: WorkshopEvent[] = [];
        const store = new WorkshopStore(db, events, () => clock.t);
        await addLearner(db, 'alice');
        await addLearner(db, 'bob');
        const w = await store.create('Atelier du lundi');
        events.subscribe(w.id, (e) => seen.push(e));
        return { db, clock, store, w, seen };
      }

      it('creates workshops with distinct codes, finds them by typed code and lists newest first', async () => {
        const { store, w, clock } = await setup();
        clock.t += 1000;
        const other = await store.create('Atelier du mardi');
        expect(other.code).not.toBe(w.code);
        expect(await store.byCode(` ${w.code.toLowerCase().slice(0, 3)}-${w.code.slice(3)} `)).toEqual(w);
        expect(await store.byCode('ZZZZZZ')).toBeUndefined();
        expect(await store.get(w.id)).toEqual(w);
        expect((await store.list()).map((x) => x.id)).toEqual([other.id, w.id]);
      });

      it('joins learners in order, renames on a second join and shows their sandbox', async () => {
        const { db, store, w, clock, seen } = await setup();
        await store.join(w, 'alice', 'Alice');
        clock.t += 1;
        await store.join(w, 'bob', 'Bob');
        await addSandbox(db, 'sb-alice', 'alice');
        const renamed = await store.join(w, 'alice', 'Alice M.');
        expect(renamed).toEqual({
          learnerId: 'alice',
          displayName: 'Alice M.',
          joinedAt: T0,
          sandboxId: 'sb-alice',
          sandboxState: 'ready',
        });
        expect((await store.roster(w.id)).map((m) => [m.displayName, m.sandboxId])).toEqual([
          ['Alice M.', 'sb-alice'],
          ['Bob', null],
        ]);
        expect(await store.workshopsOf('alice')).toEqual([w.id]);
        expect(seen.filter((e) => e.type === 'member-joined')).toHaveLength(3);
      });

      it('records attempts: best score kept, passed sticks, time counted once', async () => {
        const { store, w, clock, seen } = await setup();
        await store.join(w, 'alice', 'Alice');
        await store.markStarted('alice', 'pods-1');
        clock.t += 60_000;
        await store.recordAttempt('alice', 'pods-1', { score: 3, maxScore: 5, passed: false }, '{"a":1}');
        clock.t += 30_000;
        await store.recordAttempt('alice', 'pods-1', { score: 5, maxScore: 5, passed: true });
        clock.t += 10_000;
        const last = await store.recordAttempt('alice', 'pods-1', { score: 1, maxScore: 5, passed: false });
        expect(last).toEqual({
          exerciseId: 'pods-1',
          status: 'passed',
          score: 5,
          maxScore: 5,
          attempts: 3,
          timeSpentMs: 100_000,
        });
        const detail = await store.detailOf('alice', 'pods-1');
        expect(detail).toMatchObject({ hintsRevealed: 0, solutionRevealed: false, lastCheck: '{"a":1}' });
        expect(seen.filter((e) => e.type === 'progress')).toHaveLength(4);
      });

      it('counts every one of many concurrent attempts', async () => {
        const { store } = await setup();
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.recordAttempt('alice', 'pods-1', { score: i, maxScore: 9, passed: i === 9 }),
          ),
        );
        expect(await store.progressOf('alice')).toEqual([
          { exerciseId: 'pods-1', status: 'passed', score: 9, maxScore: 9, attempts: 10, timeSpentMs: 0 },
        ]);
      });

      it('reveals hints up to the total and records the solution without undoing a pass', async () => {
        const { store } = await setup();
        expect(await store.revealHint('alice', 'pods-1', 2)).toBe(1);
        expect(await store.revealHint('alice', 'pods-1', 2)).toBe(2);
        expect(await store.revealHint('alice', 'pods-1', 2)).toBe(2);
        expect(await store.revealHint('bob', 'none', 0)).toBe(0);
        await store.revealSolution('alice', 'pods-1');
        expect(await store.detailOf('alice', 'pods-1')).toMatchObject({
          status: 'revealed',
          hintsRevealed: 2,
          solutionRevealed: true,
        });
        await store.recordAttempt('bob', 'pods-1', { score: 5, maxScore: 5, passed: true });
        await store.revealSolution('bob', 'pods-1');
        expect((await store.detailOf('bob', 'pods-1'))?.status).toBe('passed');
        expect([...(await store.detailsOf('alice')).keys()]).toEqual(['pods-1']);
      });

      it('builds the grid and the CSV with catalogue and recorded exercises', async () => {
        const { store, w } = await setup();
        await store.join(w, 'alice', 'Alice');
        await store.join(w, 'bob', 'Bob');
        await store.recordAttempt('alice', 'extra', { score: 2, maxScore: 4, passed: false });
        const grid = await store.grid(w.id, [{ id: 'pods-1', title: 'Premier Pod' }]);
        expect(grid.exercises).toEqual([
          { id: 'pods-1', title: 'Premier Pod' },
          { id: 'extra', title: 'extra' },
        ]);
        expect(
          grid.rows.map((r) => [r.displayName, r.exercises.extra.status, r.exercises['pods-1'].status]),
        ).toEqual([
          ['Alice', 'failed', 'not-started'],
          ['Bob', 'not-started', 'not-started'],
        ]);
        const csv = await store.gradesCsv(w.id, [{ id: 'pods-1', title: 'Premier Pod' }]);
        expect(csv.split(/\r?\n/).filter((l) => l !== '')).toHaveLength(5);
        expect(csv).toContain('Alice,extra,extra,échoué,2,4,1,0');
      });
    });
  });
}
